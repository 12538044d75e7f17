package io.voiceagents.agent.infra.persistence;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Row of {@code agent_phone_numbers}: the number is the key, so it belongs to one agent at most. */
@Entity
@Table(name = "agent_phone_numbers")
public class AgentPhoneNumberEntity extends PanacheEntityBase {

    @Id
    @Column(name = "phone_number")
    public String phoneNumber;

    @Column(name = "agent_id")
    public UUID agentId;

    /** Keeps the operator's order of numbers. */
    public int position;
}
