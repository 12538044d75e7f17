package io.voiceagents.gateway.infra.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.CallStatus;

/**
 * Read model of a call. Writes go through {@link PostgresCallRepository}'s conditional SQL (insert if
 * absent, forward-only status update) because they must be race-free across replicas.
 */
@Entity
@Immutable
@Table(name = "calls")
public class CallEntity extends PanacheEntityBase {

    @Id
    @Column(name = "call_sid")
    public String callSid;

    @Column(name = "account_sid")
    public String accountSid;

    @Column(name = "agent_id")
    public String agentId;

    public String direction;

    @Column(name = "from_number")
    public String fromNumber;

    @Column(name = "to_number")
    public String toNumber;

    public String status;

    @Column(name = "status_rank")
    public short statusRank;

    @Column(name = "last_sequence_number")
    public Long lastSequenceNumber;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "duration_seconds")
    public Long durationSeconds;

    @Column(name = "agent_voice")
    public String agentVoice;

    @Column(name = "agent_language")
    public String agentLanguage;

    @Column(name = "outbound_call_id")
    public UUID outboundCallId;

    @Column(name = "consecutive_silences")
    public int consecutiveSilences;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public long version;

    public Call asDomain() {
        return new Call(callSid, accountSid, agentId, direction, fromNumber, toNumber,
                CallStatus.fromWire(status).orElseThrow(() -> new IllegalStateException(
                        "call " + callSid + " has an unknown stored status " + status)),
                lastSequenceNumber, startedAt, answeredAt, endedAt, durationSeconds, createdAt, updatedAt, version,
                new AgentVoice(agentVoice, agentLanguage), outboundCallId);
    }
}
