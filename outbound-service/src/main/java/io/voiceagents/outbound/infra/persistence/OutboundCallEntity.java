package io.voiceagents.outbound.infra.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Row of outbound.outbound_calls (V1 + V2 migrations). Numbers are stored in E.164, see domain PhoneNumber. The dial
 * queue itself reads and changes rows with conditional SQL ({@link PostgresOutboundCalls}, {@link PostgresDialQueue}),
 * which bumps {@code version} too, so an entity loaded before such a change fails its optimistic check instead of
 * overwriting it. Status changes must go through those statements (status_rank only increases).
 */
@Entity
@Table(name = "outbound_calls")
public class OutboundCallEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, length = 40)
    public String tenant = "open";

    @Column(name = "agent_id", nullable = false)
    public UUID agentId;

    @Column(name = "to_number", nullable = false, length = 16)
    public String toNumber;

    @Column(name = "from_number", nullable = false, length = 16)
    public String fromNumber;

    @Column(nullable = false, length = 20)
    public String status;

    @Column(name = "status_rank", nullable = false)
    public short statusRank;

    @Column(name = "twilio_call_sid", length = 34)
    public String twilioCallSid;

    @Column(name = "idempotency_key", length = 200)
    public String idempotencyKey;

    @Column(name = "request_hash", length = 64)
    public String requestHash;

    @Column(name = "initial_message")
    public String initialMessage;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String metadata;

    /** Twilio MachineDetection value to send (Enable, DetectMessageEnd), null for none. */
    @Column(name = "machine_detection", length = 20)
    public String machineDetection;

    @Column(name = "campaign_id")
    public UUID campaignId;

    @Column(name = "contact_id")
    public UUID contactId;

    @Column(nullable = false)
    public int attempt = 1;

    @Column(name = "next_dial_at", nullable = false)
    public OffsetDateTime nextDialAt;

    @Column(name = "dial_requests", nullable = false)
    public int dialRequests;

    @Column(name = "dial_started_at")
    public OffsetDateTime dialStartedAt;

    @Column(name = "dialed_at")
    public OffsetDateTime dialedAt;

    @Column(name = "ringing_at")
    public OffsetDateTime ringingAt;

    @Column(name = "answered_at")
    public OffsetDateTime answeredAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    @Column(name = "duration_seconds")
    public Integer durationSeconds;

    @Column(name = "answered_by", length = 30)
    public String answeredBy;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "twilio_error_code")
    public Integer twilioErrorCode;

    @Column(name = "cancel_requested_at")
    public OffsetDateTime cancelRequestedAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Version
    public long version;
}
