package io.voiceagents.outbound.infra.persistence;

import static io.voiceagents.outbound.infra.persistence.Jdbc.instant;
import static io.voiceagents.outbound.infra.persistence.Jdbc.timestamp;
import static io.voiceagents.outbound.infra.persistence.Jdbc.uuid;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.voiceagents.outbound.application.port.Page;
import io.voiceagents.outbound.application.port.CampaignRepository;
import io.voiceagents.outbound.domain.campaign.CallOutcome;
import io.voiceagents.outbound.domain.campaign.CallingWindow;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignCounts;
import io.voiceagents.outbound.domain.campaign.CampaignSettings;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;
import io.voiceagents.outbound.domain.campaign.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** outbound.campaigns over JDBC; counts are aggregated from campaign_contacts. */
@ApplicationScoped
public class CampaignJdbcRepository implements CampaignRepository {

    private static final String COLUMNS = """
            id, tenant, name, agent_id, from_number, initial_message, metadata::text as metadata, machine_detection,
            status, window_days, window_start, window_end, time_zone, max_concurrent_calls, calls_per_second,
            next_queue_at, retry_on, max_attempts, retry_delay_seconds, created_at, updated_at, started_at, ended_at""";

    private static final String COUNTS = """
            select campaign_id, count(*) as contacts,
                   count(*) filter (where status = 'pending') as pending,
                   count(*) filter (where status = 'calling') as calling,
                   count(*) filter (where status = 'waiting-retry') as waiting_retry,
                   count(*) filter (where status = 'completed') as completed,
                   count(*) filter (where status = 'failed') as failed,
                   count(*) filter (where status = 'canceled') as canceled,
                   count(*) filter (where last_outcome = 'completed') as outcome_completed,
                   count(*) filter (where last_outcome = 'busy') as outcome_busy,
                   count(*) filter (where last_outcome = 'no-answer') as outcome_no_answer,
                   count(*) filter (where last_outcome = 'failed') as outcome_failed,
                   count(*) filter (where last_outcome = 'canceled') as outcome_canceled,
                   count(*) filter (where last_answered_by like 'machine%' or last_answered_by = 'fax') as machine,
                   count(*) filter (where last_answered_by = 'human') as human
            from campaign_contacts where campaign_id = any(?) group by campaign_id""";

    private final Jdbc jdbc;

    public CampaignJdbcRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(Campaign campaign) {
        CampaignSettings s = campaign.settings();
        jdbc.update("insert campaign " + campaign.id(), """
                insert into campaigns (id, tenant, name, agent_id, from_number, initial_message, metadata,
                    machine_detection, status, window_days, window_start, window_end, time_zone, max_concurrent_calls,
                    calls_per_second, next_queue_at, retry_on, max_attempts, retry_delay_seconds, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", st -> {
            st.setObject(1, campaign.id());
            st.setString(2, campaign.tenant());
            st.setString(3, s.name());
            st.setObject(4, s.agentId());
            st.setString(5, s.fromNumber());
            st.setString(6, s.initialMessage());
            st.setString(7, s.metadataJson());
            st.setBoolean(8, s.machineDetection());
            st.setString(9, campaign.status().wireName());
            st.setString(10, s.window().days().stream().map(d -> Integer.toString(d.getValue()))
                    .collect(Collectors.joining(",")));
            st.setObject(11, s.window().start(), Types.TIME);
            st.setObject(12, s.window().end(), Types.TIME);
            st.setString(13, s.window().zone().getId());
            st.setInt(14, s.maxConcurrentCalls());
            st.setDouble(15, s.callsPerSecond());
            st.setObject(16, timestamp(campaign.nextQueueAt()));
            st.setString(17, s.retry().retryOn().stream().map(CallOutcome::wireName).sorted()
                    .collect(Collectors.joining(",")));
            st.setInt(18, s.retry().maxAttempts());
            st.setInt(19, (int) s.retry().delay().toSeconds());
            st.setObject(20, timestamp(campaign.createdAt()));
            st.setObject(21, timestamp(campaign.updatedAt()));
        });
    }

    @Override
    public Optional<Campaign> find(UUID id, String tenant) {
        return jdbc.queryOne("read campaign " + id, "select " + COLUMNS + " from campaigns where id = ? and tenant = ?",
                st -> {
                    st.setObject(1, id);
                    st.setString(2, tenant);
                }, CampaignJdbcRepository::campaign);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Campaign> lock(UUID id) {
        return jdbc.queryOne("lock campaign " + id, "select " + COLUMNS + " from campaigns where id = ? for update",
                st -> st.setObject(1, id), CampaignJdbcRepository::campaign);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Campaign> lockIfRunningAndFree(UUID id) {
        return jdbc.queryOne("lock running campaign " + id, "select " + COLUMNS
                        + " from campaigns where id = ? and status = 'running' for update skip locked",
                st -> st.setObject(1, id), CampaignJdbcRepository::campaign);
    }

    @Override
    public List<RunningCampaign> running() {
        return jdbc.query("list running campaigns",
                "select id, agent_id, machine_detection from campaigns where status = 'running' order by started_at",
                st -> {
                }, row -> new RunningCampaign(uuid(row, "id"), uuid(row, "agent_id"),
                        row.getBoolean("machine_detection")));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void updateStatus(UUID id, CampaignStatus status, Instant now) {
        boolean running = status == CampaignStatus.RUNNING;
        jdbc.update("update status of campaign " + id, """
                update campaigns set status = ?, updated_at = ?, version = version + 1,
                    started_at = case when ? then coalesce(started_at, ?) else started_at end,
                    next_queue_at = case when ? then ? else next_queue_at end,
                    ended_at = case when ? then ? else ended_at end
                where id = ?""", st -> {
            st.setString(1, status.wireName());
            st.setObject(2, timestamp(now));
            st.setBoolean(3, running);
            st.setObject(4, timestamp(now));
            // a (re)started campaign paces from now, not from slots missed while it was paused
            st.setBoolean(5, running);
            st.setObject(6, timestamp(now));
            st.setBoolean(7, status.isFinal());
            st.setObject(8, timestamp(now));
            st.setObject(9, id);
        });
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void updateNextQueueAt(UUID id, Instant nextQueueAt) {
        jdbc.update("pace campaign " + id, "update campaigns set next_queue_at = ? where id = ?", st -> {
            st.setObject(1, timestamp(nextQueueAt));
            st.setObject(2, id);
        });
    }

    @Override
    public Page<Campaign> list(String tenant, CampaignStatus status, int page, int size) {
        String filter = " where tenant = ?" + (status == null ? "" : " and status = ?");
        Jdbc.Binder bindFilter = st -> {
            st.setString(1, tenant);
            if (status != null) {
                st.setString(2, status.wireName());
            }
        };
        long total = jdbc.queryOne("count campaigns", "select count(*) from campaigns" + filter, bindFilter,
                row -> row.getLong(1)).orElse(0L);
        int next = status == null ? 2 : 3;
        List<Campaign> items = jdbc.query("list campaigns", "select " + COLUMNS + " from campaigns" + filter
                + " order by created_at desc, id limit ? offset ?", st -> {
                    bindFilter.bind(st);
                    st.setInt(next, size);
                    st.setLong(next + 1, (long) page * size);
                }, CampaignJdbcRepository::campaign);
        return new Page<>(items, page, size, total);
    }

    @Override
    public CampaignCounts counts(UUID id) {
        return counts(List.of(id)).getOrDefault(id, CampaignCounts.NONE);
    }

    @Override
    public Map<UUID, CampaignCounts> counts(Collection<UUID> ids) {
        Map<UUID, CampaignCounts> result = new HashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        jdbc.withConnection("count contacts", connection -> {
            try (var statement = connection.prepareStatement(COUNTS)) {
                statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        result.put(uuid(row, "campaign_id"), new CampaignCounts(row.getLong("contacts"),
                                row.getLong("pending"), row.getLong("calling"), row.getLong("waiting_retry"),
                                row.getLong("completed"), row.getLong("failed"), row.getLong("canceled"),
                                row.getLong("outcome_completed"), row.getLong("outcome_busy"),
                                row.getLong("outcome_no_answer"), row.getLong("outcome_failed"),
                                row.getLong("outcome_canceled"), row.getLong("machine"), row.getLong("human")));
                    }
                }
            }
            return null;
        });
        return result;
    }

    private static Campaign campaign(ResultSet row) throws SQLException {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : row.getString("window_days").split(",")) {
            days.add(DayOfWeek.of(Integer.parseInt(day.strip())));
        }
        CallingWindow window = new CallingWindow(days, row.getObject("window_start", LocalTime.class),
                row.getObject("window_end", LocalTime.class), ZoneId.of(row.getString("time_zone")));
        Set<CallOutcome> retryOn = EnumSet.noneOf(CallOutcome.class);
        for (String outcome : row.getString("retry_on").split(",")) {
            if (!outcome.isBlank()) {
                retryOn.add(CallOutcome.fromWire(outcome.strip()).orElseThrow(
                        () -> new IllegalStateException("unknown retry outcome in campaigns.retry_on: " + outcome)));
            }
        }
        RetryPolicy retry = new RetryPolicy(retryOn, row.getInt("max_attempts"),
                Duration.ofSeconds(row.getInt("retry_delay_seconds")));
        CampaignSettings settings = new CampaignSettings(row.getString("name"), uuid(row, "agent_id"),
                row.getString("from_number"), row.getString("initial_message"), row.getString("metadata"),
                row.getBoolean("machine_detection"), window, row.getInt("max_concurrent_calls"),
                row.getDouble("calls_per_second"), retry);
        String statusName = row.getString("status");
        CampaignStatus status = CampaignStatus.fromWire(statusName)
                .orElseThrow(() -> new IllegalStateException("unknown campaign status " + statusName));
        return new Campaign(uuid(row, "id"), row.getString("tenant"), settings, status, instant(row, "next_queue_at"),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "started_at"),
                instant(row, "ended_at"));
    }
}
