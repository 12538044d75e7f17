package io.voiceagents.gateway.infra.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.StatusReport;

/**
 * Calls in Postgres. Writes are single SQL statements whose WHERE / ON CONFLICT clauses carry the
 * idempotency and forward-only rules, so two replicas handling the same webhook cannot both win.
 */
@ApplicationScoped
public class PostgresCallRepository implements CallRepository {

    private static final String COLUMNS = "call_sid, account_sid, agent_id, direction, from_number, to_number, status, "
            + "status_rank, last_sequence_number, started_at, answered_at, ended_at, duration_seconds, agent_voice, "
            + "agent_language, outbound_call_id, created_at, updated_at, version";

    private static final String INSERT_CALL = "INSERT INTO gateway.calls (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (call_sid) DO NOTHING";

    // the same agent may be attached already without its voice: a status callback of an outbound call knows only its id
    private static final String ATTACH_AGENT = "UPDATE gateway.calls SET agent_id = ?, agent_voice = ?, agent_language = ?, "
            + "updated_at = now(), version = version + 1 WHERE call_sid = ? AND (agent_id IS NULL OR (agent_id = ? "
            + "AND (agent_voice IS DISTINCT FROM ? OR agent_language IS DISTINCT FROM ?)))";

    private static final String ATTACH_AGENT_ID = "UPDATE gateway.calls SET agent_id = ?, updated_at = now(), "
            + "version = version + 1 WHERE call_sid = ? AND agent_id IS NULL";

    private static final String ATTACH_OUTBOUND_CALL = "UPDATE gateway.calls SET outbound_call_id = ?, updated_at = now(), "
            + "version = version + 1 WHERE call_sid = ? AND outbound_call_id IS NULL";

    private static final String RECORD_DELIVERY = "INSERT INTO gateway.webhook_deliveries "
            + "(idempotency_token, endpoint, call_sid, received_at) VALUES (?, ?, ?, now()) ON CONFLICT DO NOTHING";

    // the CTE locks the row and reports the status it had; the UPDATE's rank condition is the state machine
    private static final String ADVANCE_STATUS = "WITH prev AS (SELECT call_sid, status FROM gateway.calls "
            + "WHERE call_sid = ? FOR UPDATE) "
            + "UPDATE gateway.calls c SET status = ?, status_rank = ?, "
            + "last_sequence_number = COALESCE(?, c.last_sequence_number), "
            + "answered_at = COALESCE(c.answered_at, ?), "
            + "ended_at = COALESCE(c.ended_at, ?), "
            + "duration_seconds = COALESCE(?, c.duration_seconds), "
            + "updated_at = now(), version = c.version + 1 "
            + "FROM prev WHERE c.call_sid = prev.call_sid AND c.status_rank < ? "
            + "RETURNING prev.status AS previous_status, c.*";

    private static final String PURGE_DELIVERIES = "DELETE FROM gateway.webhook_deliveries WHERE received_at < ?";

    private static final String COUNT_SILENCE = "UPDATE gateway.calls SET consecutive_silences = consecutive_silences + 1, "
            + "updated_at = now() WHERE call_sid = ? RETURNING consecutive_silences";

    private static final String CURRENT_SILENCES = "SELECT consecutive_silences FROM gateway.calls WHERE call_sid = ?";

    private static final String RESET_SILENCES = "UPDATE gateway.calls SET consecutive_silences = 0 "
            + "WHERE call_sid = ? AND consecutive_silences <> 0";

    private final DataSource dataSource;

    @Inject
    public PostgresCallRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    @Transactional
    public boolean insertIfAbsent(Call call) {
        try (Connection c = dataSource.getConnection()) {
            return insert(c, call);
        } catch (SQLException e) {
            throw new PersistenceException("storing call " + call.callSid() + " failed", e);
        }
    }

    @Override
    @Transactional
    public void attachAgentIfMissing(String callSid, String agentId, AgentVoice voice) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ATTACH_AGENT)) {
            ps.setString(1, agentId);
            ps.setString(2, voice.voice());
            ps.setString(3, voice.language());
            ps.setString(4, callSid);
            ps.setString(5, agentId);
            ps.setString(6, voice.voice());
            ps.setString(7, voice.language());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("attaching agent to call " + callSid + " failed", e);
        }
    }

    @Override
    @Transactional
    public void attachOutboundCallIfMissing(String callSid, UUID outboundCallId) {
        try (Connection c = dataSource.getConnection()) {
            attachOutboundCall(c, callSid, outboundCallId);
        } catch (SQLException e) {
            throw new PersistenceException("attaching outbound call " + outboundCallId + " to call " + callSid + " failed", e);
        }
    }

    @Override
    @Transactional
    public Optional<Call> find(String callSid) {
        return CallEntity.<CallEntity>findByIdOptional(callSid).map(CallEntity::asDomain);
    }

    @Override
    @Transactional
    public StatusApplication applyStatus(StatusReport report, String idempotencyToken) {
        try (Connection c = dataSource.getConnection()) {
            if (idempotencyToken != null && !recordDelivery(c, idempotencyToken, "status", report.callSid())) {
                return new StatusApplication(StatusApplication.Result.DUPLICATE_DELIVERY, null, null);
            }
            CallStatus status = report.status();
            Instant at = report.occurredAt();
            Call created = new Call(report.callSid(), report.accountSid(), report.agentId(), report.direction(),
                    report.from(), report.to(), status, report.sequenceNumber(), at, status.impliesAnswered() ? at : null,
                    status.isFinal() ? at : null, report.durationSeconds(), at, at, 0, AgentVoice.defaults(),
                    report.outboundCallId());
            if (insert(c, created)) {
                return new StatusApplication(StatusApplication.Result.CREATED, null, created);
            }
            attachFromReport(c, report);
            return advance(c, report);
        } catch (SQLException e) {
            throw new PersistenceException("applying status " + report.status() + " to " + report.callSid() + " failed", e);
        }
    }

    @Override
    @Transactional
    public int registerSilence(String callSid, String idempotencyToken) {
        try (Connection c = dataSource.getConnection()) {
            boolean first = idempotencyToken == null || recordDelivery(c, idempotencyToken, "gather", callSid);
            try (PreparedStatement ps = c.prepareStatement(first ? COUNT_SILENCE : CURRENT_SILENCES)) {
                ps.setString(1, callSid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("counting silence of call " + callSid + " failed", e);
        }
    }

    @Override
    @Transactional
    public void resetSilences(String callSid) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RESET_SILENCES)) {
            ps.setString(1, callSid);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("resetting silences of call " + callSid + " failed", e);
        }
    }

    @Override
    @Transactional
    public CallPage list(CallFilter filter, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (filter.agentId() != null) {
            conditions.add("agentId = :agentId");
            parameters.and("agentId", filter.agentId());
        }
        if (filter.status() != null) {
            conditions.add("status = :status");
            parameters.and("status", filter.status().wireName());
        }
        Sort newestFirst = Sort.descending("createdAt", "callSid");
        var query = conditions.isEmpty()
                ? CallEntity.<CallEntity>findAll(newestFirst)
                : CallEntity.<CallEntity>find(String.join(" and ", conditions), newestFirst, parameters);
        query.page(Page.of(page, size));
        long total = query.count();
        List<Call> items = query.list().stream().map(CallEntity::asDomain).toList();
        int totalPages = (int) ((total + size - 1) / size);
        return new CallPage(items, page, size, total, totalPages);
    }

    private static boolean insert(Connection c, Call call) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_CALL)) {
            int i = 1;
            ps.setString(i++, call.callSid());
            Jdbc.setString(ps, i++, call.accountSid());
            Jdbc.setString(ps, i++, call.agentId());
            Jdbc.setString(ps, i++, call.direction());
            Jdbc.setString(ps, i++, call.from());
            Jdbc.setString(ps, i++, call.to());
            ps.setString(i++, call.status().wireName());
            ps.setShort(i++, (short) call.status().rank());
            Jdbc.setLong(ps, i++, call.lastSequenceNumber());
            Jdbc.setInstant(ps, i++, call.startedAt());
            Jdbc.setInstant(ps, i++, call.answeredAt());
            Jdbc.setInstant(ps, i++, call.endedAt());
            Jdbc.setLong(ps, i++, call.durationSeconds());
            Jdbc.setString(ps, i++, call.voice().voice());
            Jdbc.setString(ps, i++, call.voice().language());
            Jdbc.setUuid(ps, i++, call.outboundCallId());
            Jdbc.setInstant(ps, i++, call.createdAt());
            Jdbc.setInstant(ps, i, call.updatedAt());
            return ps.executeUpdate() == 1;
        }
    }

    private static Call mapCall(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        return new Call(rs.getString("call_sid"), rs.getString("account_sid"), rs.getString("agent_id"),
                rs.getString("direction"), rs.getString("from_number"), rs.getString("to_number"),
                CallStatus.fromWire(status).orElseThrow(() -> new IllegalStateException("unknown stored status " + status)),
                Jdbc.getLong(rs, "last_sequence_number"), Jdbc.getInstant(rs, "started_at"),
                Jdbc.getInstant(rs, "answered_at"), Jdbc.getInstant(rs, "ended_at"), Jdbc.getLong(rs, "duration_seconds"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"), rs.getLong("version"),
                new AgentVoice(rs.getString("agent_voice"), rs.getString("agent_language")),
                rs.getObject("outbound_call_id", UUID.class));
    }

    /** The agent and outbound call id an outbound call's signed status callback URL carries, where the call has none. */
    private static void attachFromReport(Connection c, StatusReport report) throws SQLException {
        if (report.agentId() != null) {
            try (PreparedStatement ps = c.prepareStatement(ATTACH_AGENT_ID)) {
                ps.setString(1, report.agentId());
                ps.setString(2, report.callSid());
                ps.executeUpdate();
            }
        }
        if (report.outboundCallId() != null) {
            attachOutboundCall(c, report.callSid(), report.outboundCallId());
        }
    }

    private static void attachOutboundCall(Connection c, String callSid, UUID outboundCallId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ATTACH_OUTBOUND_CALL)) {
            ps.setObject(1, outboundCallId);
            ps.setString(2, callSid);
            ps.executeUpdate();
        }
    }

    private static boolean recordDelivery(Connection c, String token, String endpoint, String callSid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RECORD_DELIVERY)) {
            ps.setString(1, token);
            ps.setString(2, endpoint);
            Jdbc.setString(ps, 3, callSid);
            return ps.executeUpdate() == 1;
        }
    }

    /** CHANGED with the status before the move, or UNCHANGED when the rank rule refused it. */
    private static StatusApplication advance(Connection c, StatusReport report) throws SQLException {
        CallStatus status = report.status();
        try (PreparedStatement ps = c.prepareStatement(ADVANCE_STATUS)) {
            int i = 1;
            ps.setString(i++, report.callSid());
            ps.setString(i++, status.wireName());
            ps.setShort(i++, (short) status.rank());
            Jdbc.setLong(ps, i++, report.sequenceNumber());
            Jdbc.setInstant(ps, i++, status.impliesAnswered() ? report.occurredAt() : null);
            Jdbc.setInstant(ps, i++, status.isFinal() ? report.occurredAt() : null);
            Jdbc.setLong(ps, i++, report.durationSeconds());
            ps.setShort(i, (short) status.rank());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new StatusApplication(StatusApplication.Result.UNCHANGED, null, null);
                }
                return new StatusApplication(StatusApplication.Result.CHANGED,
                        CallStatus.fromWire(rs.getString("previous_status")).orElse(null), mapCall(rs));
            }
        }
    }

    @Override
    @Transactional
    public int purgeDeliveriesReceivedBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PURGE_DELIVERIES)) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("purging webhook deliveries failed", e);
        }
    }
}
