package io.voiceagents.outbound.infra.persistence;

import static io.voiceagents.outbound.infra.persistence.Jdbc.instant;
import static io.voiceagents.outbound.infra.persistence.Jdbc.intOrNull;
import static io.voiceagents.outbound.infra.persistence.Jdbc.longOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;

/** Column list and row mapping of outbound.outbound_calls. */
final class OutboundCallRows {

    static final String TABLE = "outbound.outbound_calls";

    private static final String[] COLUMNS = {"id", "tenant", "agent_id", "to_number", "from_number", "status",
            "twilio_call_sid", "idempotency_key", "initial_message", "metadata", "machine_detection", "campaign_id",
            "contact_id", "attempt", "dial_requests", "created_at", "updated_at", "next_dial_at", "dial_started_at",
            "dialed_at", "ringing_at", "answered_at", "ended_at", "duration_seconds", "answered_by", "failure_reason",
            "twilio_error_code", "cancel_requested_at"};

    private OutboundCallRows() {
    }

    /** The select list, each column qualified with {@code alias} (e.g. "c."), metadata as text. */
    static String columns(String alias) {
        return Stream.of(COLUMNS)
                .map(c -> c.equals("metadata") ? alias + "metadata::text as metadata" : alias + c)
                .collect(Collectors.joining(", "));
    }

    static OutboundCall map(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        return new OutboundCall(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getObject("agent_id", UUID.class),
                rs.getString("to_number"),
                rs.getString("from_number"),
                OutboundCallStatus.fromWire(status)
                        .orElseThrow(() -> new IllegalStateException("unknown status in outbound_calls: " + status)),
                rs.getString("twilio_call_sid"),
                rs.getString("idempotency_key"),
                rs.getString("initial_message"),
                rs.getString("metadata"),
                rs.getString("machine_detection"),
                rs.getObject("campaign_id", UUID.class),
                rs.getObject("contact_id", UUID.class),
                rs.getInt("attempt"),
                rs.getInt("dial_requests"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "next_dial_at"),
                instant(rs, "dial_started_at"),
                instant(rs, "dialed_at"),
                instant(rs, "ringing_at"),
                instant(rs, "answered_at"),
                instant(rs, "ended_at"),
                longOrNull(rs, "duration_seconds"),
                rs.getString("answered_by"),
                rs.getString("failure_reason"),
                intOrNull(rs, "twilio_error_code"),
                instant(rs, "cancel_requested_at"));
    }
}
