package io.voiceagents.outbound.infra.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Row of outbound.outbound_calls (V1 migration). Numbers are stored in E.164, see domain PhoneNumber. */
@Entity
@Table(name = "outbound_calls")
public class OutboundCallEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agent_id", nullable = false)
    public UUID agentId;

    @Column(name = "to_number", nullable = false, length = 16)
    public String toNumber;

    @Column(name = "from_number", nullable = false, length = 16)
    public String fromNumber;

    @Column(nullable = false, length = 20)
    public String status;

    @Column(name = "twilio_call_sid", length = 34)
    public String twilioCallSid;

    @Column(name = "idempotency_key", nullable = false, unique = true, length = 200)
    public String idempotencyKey;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Version
    public long version;
}
