package io.voiceagents.outbound.infra.persistence;

import static io.voiceagents.outbound.infra.persistence.Jdbc.seconds;
import static io.voiceagents.outbound.infra.persistence.Jdbc.setInstant;
import static io.voiceagents.outbound.infra.persistence.Jdbc.setInteger;
import static io.voiceagents.outbound.infra.persistence.Jdbc.setString;
import static io.voiceagents.outbound.infra.persistence.OutboundCallRows.TABLE;
import static io.voiceagents.outbound.infra.persistence.OutboundCallRows.columns;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.voiceagents.outbound.application.port.CallStatusStore;
import io.voiceagents.outbound.application.port.OutboundCallRepository;
import io.voiceagents.outbound.application.port.Page;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.enterprise.context.ApplicationScoped;

/** outbound.outbound_calls with plain JDBC: the conditional updates and locks below are beyond Panache. */
@ApplicationScoped
public class PostgresOutboundCalls implements OutboundCallRepository, CallStatusStore {

    private static final String SELECT = "select " + columns("") + " from " + TABLE;

    private static final String INSERT = "insert into " + TABLE + " (id, tenant, agent_id, to_number, from_number, "
            + "status, status_rank, idempotency_key, request_hash, initial_message, metadata, machine_detection, "
            + "attempt, next_dial_at, created_at, updated_at) "
            + "values (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?::jsonb, ?, 1, now(), now(), now()) "
            + "returning " + columns("");

    // the CTE locks the row and reports the status before the change (UPDATE ... RETURNING only sees the new one)
    private static final String ADVANCE = "with prev as (select id, status from " + TABLE + " where %s "
            + "and status_rank < ? and (twilio_call_sid is null or twilio_call_sid = ?::varchar) for update) "
            + "update " + TABLE + " c set status = ?, status_rank = ?, "
            + "twilio_call_sid = coalesce(c.twilio_call_sid, ?::varchar), "
            + "dialed_at = case when ?::varchar is null then c.dialed_at else coalesce(c.dialed_at, ?::timestamptz) end, "
            + "ringing_at = case when ?::smallint = 2 then coalesce(c.ringing_at, ?::timestamptz) else c.ringing_at end, "
            + "answered_at = case when ?::smallint = 3 then coalesce(c.answered_at, ?::timestamptz) else c.answered_at end, "
            + "ended_at = case when ?::smallint = 4 then coalesce(c.ended_at, ?::timestamptz) else c.ended_at end, "
            + "duration_seconds = coalesce(?::integer, c.duration_seconds), "
            + "answered_by = coalesce(?::varchar, c.answered_by), "
            + "failure_reason = case when ?::varchar = 'failed' "
            + "then coalesce(c.failure_reason, 'Twilio reported the call failed') else c.failure_reason end, "
            + "updated_at = now(), version = c.version + 1 "
            + "from prev where c.id = prev.id returning prev.status as previous_status, " + columns("c.");

    private static final String FINISH = "with prev as (select id, status from " + TABLE + " where id = ? and %s "
            + "for update) "
            + "update " + TABLE + " c set status = ?, status_rank = 4, ended_at = coalesce(c.ended_at, now()), "
            + "failure_reason = coalesce(?::text, c.failure_reason), "
            + "twilio_error_code = coalesce(?::integer, c.twilio_error_code), updated_at = now(), version = c.version + 1 "
            + "from prev where c.id = prev.id returning prev.status as previous_status, " + columns("c.");

    // a requeued call whose SID turns up late is adopted too: it goes back to dialing, so no worker dials it again
    private static final String STORE_SID = "with prev as (select id, status from " + TABLE + " where id = ? "
            + "and status_rank < 4 and twilio_call_sid is null for update) "
            + "update " + TABLE + " c set twilio_call_sid = ?, dialed_at = coalesce(c.dialed_at, now()), "
            + "status = case when c.status = 'queued' then 'dialing' else c.status end, "
            + "status_rank = greatest(c.status_rank, 1), failure_reason = null, twilio_error_code = null, "
            + "updated_at = now(), version = c.version + 1 "
            + "from prev where c.id = prev.id returning prev.status as previous_status, " + columns("c.");

    private final Jdbc jdbc;

    public PostgresOutboundCalls(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<OutboundCall> find(UUID id) {
        return jdbc.queryOne("read outbound call " + id, SELECT + " where id = ?", ps -> ps.setObject(1, id),
                OutboundCallRows::map);
    }

    @Override
    public Optional<OutboundCall> findBySid(String callSid) {
        return jdbc.queryOne("read outbound call " + callSid, SELECT + " where twilio_call_sid = ?",
                ps -> ps.setString(1, callSid), OutboundCallRows::map);
    }

    @Override
    public Optional<StoredRequest> findByIdempotencyKey(String tenant, String idempotencyKey) {
        return jdbc.queryOne("look up an idempotency key",
                "select request_hash, " + columns("") + " from " + TABLE + " where tenant = ? and idempotency_key = ?",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setString(2, idempotencyKey);
                },
                rs -> new StoredRequest(OutboundCallRows.map(rs), rs.getString("request_hash")));
    }

    @Override
    public Page<OutboundCall> list(CallFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" where tenant = ?");
        List<Object> args = new ArrayList<>();
        args.add(filter.tenant());
        if (filter.status() != null) {
            where.append(" and status = ?");
            args.add(filter.status().wireName());
        }
        if (filter.agentId() != null) {
            where.append(" and agent_id = ?");
            args.add(filter.agentId());
        }
        if (filter.campaignId() != null) {
            where.append(" and campaign_id = ?");
            args.add(filter.campaignId());
        }
        Jdbc.Binder bindFilter = ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        };
        long total = jdbc.queryOne("count outbound calls", "select count(*) from " + TABLE + where, bindFilter,
                rs -> rs.getLong(1)).orElse(0L);
        var items = jdbc.query("list outbound calls",
                SELECT + where + " order by created_at desc, id limit ? offset ?",
                ps -> {
                    bindFilter.bind(ps);
                    ps.setInt(args.size() + 1, size);
                    ps.setLong(args.size() + 2, (long) page * size);
                },
                OutboundCallRows::map);
        return new Page<>(items, page, size, total);
    }

    @Override
    public void lockTenant(String tenant) {
        jdbc.query("lock tenant " + tenant, "select pg_advisory_xact_lock(hashtextextended(?, 0))",
                ps -> ps.setString(1, "outbound-tenant:" + tenant), rs -> Boolean.TRUE);
    }

    @Override
    public long countActiveSingleCalls(String tenant) {
        return jdbc.queryOne("count active calls",
                "select count(*) from " + TABLE + " where tenant = ? and campaign_id is null and status_rank < 4",
                ps -> ps.setString(1, tenant), rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public RecentCalls recentSingleCalls(String tenant, Duration window) {
        return jdbc.queryOne("count recent calls",
                "select count(*), coalesce(ceil(extract(epoch from (min(created_at) + make_interval(secs => ?) - now()))), 0) "
                        + "from " + TABLE + " where tenant = ? and campaign_id is null "
                        + "and created_at > now() - make_interval(secs => ?)",
                ps -> {
                    ps.setDouble(1, seconds(window));
                    ps.setString(2, tenant);
                    ps.setDouble(3, seconds(window));
                },
                rs -> new RecentCalls(rs.getLong(1), Math.max(0, rs.getLong(2)))).orElse(new RecentCalls(0, 0));
    }

    @Override
    public OutboundCall insert(NewCall call) {
        return jdbc.queryOne("store outbound call " + call.id(), INSERT, ps -> {
            ps.setObject(1, call.id());
            ps.setString(2, call.tenant());
            ps.setObject(3, call.agentId());
            ps.setString(4, call.to());
            ps.setString(5, call.from());
            setString(ps, 6, call.idempotencyKey());
            setString(ps, 7, call.requestHash());
            setString(ps, 8, call.initialMessage());
            setString(ps, 9, call.metadataJson());
            setString(ps, 10, call.machineDetection());
        }, OutboundCallRows::map).orElseThrow();
    }

    @Override
    public Optional<StatusChange> advance(CallRef ref, StatusFacts facts) {
        boolean byId = ref.id() != null;
        String sql = ADVANCE.formatted(byId ? "id = ?" : "twilio_call_sid = ?");
        OutboundCallStatus status = facts.status();
        int rank = status.rank();
        Instant at = facts.occurredAt();
        return jdbc.queryOne("advance outbound call " + (byId ? ref.id() : ref.callSid()), sql, ps -> {
            int i = 1;
            if (byId) {
                ps.setObject(i++, ref.id());
            } else {
                ps.setString(i++, ref.callSid());
            }
            ps.setInt(i++, rank);
            setString(ps, i++, facts.callSid());
            ps.setString(i++, status.wireName());
            ps.setInt(i++, rank);
            setString(ps, i++, facts.callSid());
            setString(ps, i++, facts.callSid());
            setInstant(ps, i++, at);
            ps.setInt(i++, rank);
            setInstant(ps, i++, at);
            ps.setInt(i++, rank);
            setInstant(ps, i++, at);
            ps.setInt(i++, rank);
            setInstant(ps, i++, at);
            setInteger(ps, i++, facts.durationSeconds() == null ? null : Math.toIntExact(facts.durationSeconds()));
            setString(ps, i++, facts.answeredBy());
            ps.setString(i, status.wireName());
        }, PostgresOutboundCalls::change);
    }

    @Override
    public Optional<StatusChange> finish(UUID id, OutboundCallStatus finalStatus, String failureReason,
            Integer twilioErrorCode, Guard guard) {
        if (!finalStatus.isFinal()) {
            throw new IllegalArgumentException(finalStatus + " is not a final status");
        }
        String condition = switch (guard) {
            case Guard.Queued q -> "status = 'queued'";
            case Guard.DialAttempt d -> "status = 'dialing' and twilio_call_sid is null and dial_started_at = ?";
            case Guard.NotFinal n -> "status_rank < 4";
            case Guard.UnchangedSince u -> "status_rank < 4 and updated_at = ?";
        };
        return jdbc.queryOne("finish outbound call " + id, FINISH.formatted(condition), ps -> {
            int i = 1;
            ps.setObject(i++, id);
            switch (guard) {
                case Guard.DialAttempt d -> setInstant(ps, i++, d.dialStartedAt());
                case Guard.UnchangedSince u -> setInstant(ps, i++, u.updatedAt());
                default -> {
                }
            }
            ps.setString(i++, finalStatus.wireName());
            setString(ps, i++, failureReason);
            setInteger(ps, i, twilioErrorCode);
        }, PostgresOutboundCalls::change);
    }

    @Override
    public Optional<StatusChange> storeSid(UUID id, String callSid) {
        return jdbc.queryOne("store the SID of outbound call " + id, STORE_SID, ps -> {
            ps.setObject(1, id);
            ps.setString(2, callSid);
        }, PostgresOutboundCalls::change);
    }

    private static StatusChange change(java.sql.ResultSet rs) throws SQLException {
        String previous = rs.getString("previous_status");
        return new StatusChange(OutboundCallRows.map(rs), OutboundCallStatus.fromWire(previous).orElseThrow());
    }
}
