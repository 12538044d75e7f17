package io.voiceagents.agent.infra.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "conversations")
public class ConversationEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "agent_id")
    public UUID agentId;

    @Column(name = "call_sid")
    public String callSid;

    @Column(name = "from_number")
    public String fromNumber;

    @Column(name = "to_number")
    public String toNumber;

    public String direction;

    @Column(columnDefinition = "text")
    public String metadata;

    public String status;

    @Column(name = "final_status")
    public String finalStatus;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
