package io.voiceagents.agent.infra.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * Row of {@code agents}. The version is maintained by the repository under a row lock (not JPA's
 * {@code @Version}) so that every accepted update, including one that only changes phone numbers,
 * bumps it exactly once.
 */
@Entity
@Table(name = "agents")
public class AgentEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Column(columnDefinition = "text")
    public String instructions;

    public String greeting;

    public String voice;

    public String language;

    @Column(name = "call_mode")
    public String callMode;

    @Column(name = "llm_model")
    public String llmModel;

    @Column(name = "llm_temperature")
    public double llmTemperature;

    @Column(name = "llm_max_output_tokens")
    public int llmMaxOutputTokens;

    @Column(name = "machine_action")
    public String machineAction;

    @Column(name = "voicemail_message")
    public String voicemailMessage;

    @Column(name = "transfer_number")
    public String transferNumber;

    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
