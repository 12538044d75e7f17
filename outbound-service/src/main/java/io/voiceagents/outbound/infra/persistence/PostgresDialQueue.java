package io.voiceagents.outbound.infra.persistence;

import static io.voiceagents.outbound.infra.persistence.Jdbc.seconds;
import static io.voiceagents.outbound.infra.persistence.Jdbc.setInstant;
import static io.voiceagents.outbound.infra.persistence.Jdbc.setInteger;
import static io.voiceagents.outbound.infra.persistence.Jdbc.setString;
import static io.voiceagents.outbound.infra.persistence.OutboundCallRows.TABLE;
import static io.voiceagents.outbound.infra.persistence.OutboundCallRows.columns;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.voiceagents.outbound.application.port.DialQueue;
import io.voiceagents.outbound.domain.OutboundCall;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dial queue and the account-wide pacer in Postgres. Every statement is safe with several replicas: rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED}, the pacer row is updated under its row lock, and every later change
 * is conditional on the state the change was decided on.
 */
@ApplicationScoped
public class PostgresDialQueue implements DialQueue {

    /*
     * One statement, one transaction: pick a due call (skipping rows another worker holds, calls of a campaign that
     * is not running, so a paused campaign's queued calls wait for its resume, and numbers that already have a create
     * request in flight, so a reconciliation never has to tell two of our calls to one number apart), take the
     * account's next pacing slot only when there is a call, and mark the call dialing at that slot. The wait is
     * computed from the database's clock, the only clock all replicas share.
     */
    private static final String CLAIM = "with candidate as ("
            + "select c.id from " + TABLE + " c where c.status = 'queued' and c.twilio_call_sid is null "
            + "and c.next_dial_at <= clock_timestamp() "
            + "and (c.campaign_id is null or exists (select 1 from outbound.campaigns k where k.id = c.campaign_id "
            + "and k.status = 'running')) "
            + "and not exists (select 1 from " + TABLE + " o where o.to_number = c.to_number "
            + "and o.status = 'dialing' and o.twilio_call_sid is null) "
            + "order by c.next_dial_at, c.created_at limit 1 for update of c skip locked), "
            + "slot as (update outbound.dial_pacer set next_slot = greatest(next_slot, clock_timestamp()) "
            + "+ make_interval(secs => ?) where id = 1 and exists (select 1 from candidate) "
            + "returning next_slot - make_interval(secs => ?) as at) "
            + "update " + TABLE + " c set status = 'dialing', status_rank = 1, dial_started_at = slot.at, "
            + "dial_requests = c.dial_requests + 1, updated_at = now(), version = c.version + 1 "
            + "from candidate, slot where c.id = candidate.id "
            + "returning greatest(0, extract(epoch from (slot.at - clock_timestamp())) * 1000)::bigint as wait_ms, "
            + columns("c.");

    private static final String REQUEUE = "update " + TABLE + " set status = 'queued', status_rank = 0, "
            + "next_dial_at = clock_timestamp() + make_interval(secs => ?), failure_reason = ?, twilio_error_code = ?, "
            + "updated_at = now(), version = version + 1 "
            + "where id = ? and status = 'dialing' and twilio_call_sid is null and dial_started_at = ?";

    private final Jdbc jdbc;

    public PostgresDialQueue(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<Claim> claimNext(double callsPerSecond) {
        double interval = 1.0 / callsPerSecond;
        return jdbc.queryOne("claim the next due call", CLAIM, ps -> {
            ps.setDouble(1, interval);
            ps.setDouble(2, interval);
        }, rs -> new Claim(OutboundCallRows.map(rs), Duration.ofMillis(rs.getLong("wait_ms"))));
    }

    @Override
    public boolean requeue(UUID id, Instant dialStartedAt, Duration delay, String reason, Integer twilioErrorCode) {
        return jdbc.update("requeue outbound call " + id, REQUEUE, ps -> {
            ps.setDouble(1, seconds(delay));
            setString(ps, 2, reason);
            setInteger(ps, 3, twilioErrorCode);
            ps.setObject(4, id);
            setInstant(ps, 5, dialStartedAt);
        }) == 1;
    }

    @Override
    public boolean requestCancel(UUID id) {
        return jdbc.update("record a cancel of outbound call " + id,
                "update " + TABLE + " set cancel_requested_at = coalesce(cancel_requested_at, now()), "
                        + "updated_at = now(), version = version + 1 "
                        + "where id = ? and status = 'dialing' and twilio_call_sid is null",
                ps -> ps.setObject(1, id)) == 1;
    }

    @Override
    public List<OutboundCall> staleDialing(Duration olderThan, int limit) {
        return jdbc.query("find calls left dialing",
                "select " + columns("") + " from " + TABLE + " where status = 'dialing' and twilio_call_sid is null "
                        + "and dial_started_at < clock_timestamp() - make_interval(secs => ?) "
                        + "order by dial_started_at limit ?",
                ps -> {
                    ps.setDouble(1, seconds(olderThan));
                    ps.setInt(2, limit);
                },
                OutboundCallRows::map);
    }

    @Override
    public List<OutboundCall> stuck(Duration statusTimeout, Duration maxDuration,
            int limit) {
        return jdbc.query("find stuck calls",
                "select " + columns("") + " from " + TABLE + " where twilio_call_sid is not null and ("
                        + "(status in ('dialing', 'ringing') and updated_at < now() - make_interval(secs => ?)) or "
                        + "(status = 'in-progress' and coalesce(answered_at, updated_at) < now() - make_interval(secs => ?))) "
                        + "order by updated_at limit ?",
                ps -> {
                    ps.setDouble(1, seconds(statusTimeout));
                    ps.setDouble(2, seconds(maxDuration));
                    ps.setInt(3, limit);
                },
                OutboundCallRows::map);
    }

    @Override
    public Set<String> knownSids(Collection<String> callSids) {
        if (callSids.isEmpty()) {
            return Set.of();
        }
        return jdbc.withConnection("look up call SIDs", connection -> {
            Array array = connection.createArrayOf("varchar", callSids.toArray());
            try (PreparedStatement ps = connection.prepareStatement(
                    "select twilio_call_sid from " + TABLE + " where twilio_call_sid = any(?)")) {
                ps.setArray(1, array);
                Set<String> known = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
                return known;
            } finally {
                array.free();
            }
        });
    }
}
