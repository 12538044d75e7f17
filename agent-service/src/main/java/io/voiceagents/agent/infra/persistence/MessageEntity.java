package io.voiceagents.agent.infra.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "messages")
public class MessageEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "conversation_id")
    public UUID conversationId;

    public int seq;

    public String role;

    @Column(columnDefinition = "text")
    public String text;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "llm_latency_ms")
    public Long llmLatencyMs;

    public String outcome;

    @Column(name = "turn_id")
    public String turnId;

    public boolean interrupted;

    @Column(name = "generated_text", columnDefinition = "text")
    public String generatedText;

    @Column(name = "transfer_to")
    public String transferTo;
}
