package io.voiceagents.gateway.infra.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;

/** Read model of a turn; inserted with ON CONFLICT DO NOTHING by {@link PostgresTurnRepository}. */
@Entity
@Immutable
@Table(name = "call_turns")
@IdClass(CallTurnEntity.Key.class)
public class CallTurnEntity extends PanacheEntityBase {

    @Id
    @Column(name = "call_sid")
    public String callSid;

    @Id
    @Column(name = "turn_index")
    public int turnIndex;

    @Column(name = "caller_text")
    public String callerText;

    public Float confidence;

    @Column(name = "agent_text")
    public String agentText;

    public String outcome;

    @Column(name = "llm_latency_ms")
    public Long llmLatencyMs;

    @Column(name = "tts_latency_ms")
    public Long ttsLatencyMs;

    @Column(name = "tts_fallback")
    public boolean ttsFallback;

    @Column(name = "total_latency_ms")
    public long totalLatencyMs;

    @Column(name = "idempotency_token")
    public String idempotencyToken;

    @Column(name = "created_at")
    public Instant createdAt;

    public boolean interrupted;

    @Column(name = "endpointing_ms")
    public Long endpointingMs;

    @Column(name = "stt_final_ms")
    public Long sttFinalMs;

    @Column(name = "llm_first_token_ms")
    public Long llmFirstTokenMs;

    @Column(name = "tts_first_byte_ms")
    public Long ttsFirstByteMs;

    @Column(name = "first_audio_ms")
    public Long firstAudioMs;

    @Column(name = "server_added_ms")
    public Long serverAddedMs;

    public Turn asDomain() {
        return new Turn(callSid, turnIndex, callerText, confidence, agentText, TurnOutcome.valueOf(outcome),
                llmLatencyMs, ttsLatencyMs, ttsFallback, totalLatencyMs, createdAt, idempotencyToken, interrupted,
                firstAudioMs == null && endpointingMs == null && llmFirstTokenMs == null ? null
                        : new LatencyLedger(endpointingMs, sttFinalMs, llmFirstTokenMs, ttsFirstByteMs, firstAudioMs,
                                serverAddedMs));
    }

    /** Composite key (call_sid, turn_index). */
    public static class Key implements Serializable {
        public String callSid;
        public int turnIndex;

        public Key() {
        }

        public Key(String callSid, int turnIndex) {
            this.callSid = callSid;
            this.turnIndex = turnIndex;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && turnIndex == k.turnIndex && Objects.equals(callSid, k.callSid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(callSid, turnIndex);
        }
    }
}
