package io.voiceagents.gateway.api.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.voiceagents.gateway.application.CallQueryService;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.Turn;

/** JSON shapes of /api/calls; domain records are mapped here so the wire format can evolve on its own. */
public final class CallDtos {

    private CallDtos() {
    }

    /** @param outboundCallId outbound-service's id when it placed the call, else null */
    public record CallSummary(String callSid, String accountSid, String agentId, String direction, String from, String to,
            String status, Instant startedAt, Instant answeredAt, Instant endedAt, Long durationSeconds,
            Instant createdAt, Instant updatedAt, UUID outboundCallId) {

        static CallSummary of(Call call) {
            return new CallSummary(call.callSid(), call.accountSid(), call.agentId(), call.direction(), call.from(),
                    call.to(), call.status().wireName(), call.startedAt(), call.answeredAt(), call.endedAt(),
                    call.durationSeconds(), call.createdAt(), call.updatedAt(), call.outboundCallId());
        }
    }

    public record CallPage(List<CallSummary> items, int page, int size, long totalItems, int totalPages) {

        static CallPage of(CallRepository.CallPage page) {
            return new CallPage(page.items().stream().map(CallSummary::of).toList(), page.page(), page.size(),
                    page.totalItems(), page.totalPages());
        }
    }

    /**
     * One transcript entry; turn 0 is the greeting (no caller text), or for an outbound call answered by a
     * machine the voicemail message left (outcome VOICEMAIL, the only turn).
     *
     * @param ttsFallback true when the caller heard Twilio's {@code <Say>} because synthesis failed or was late
     * @param interrupted the caller talked over the agent; agentText is what they heard
     * @param latency     where the turn's time went (stream and relay modes), null in gather mode
     */
    public record TranscriptEntry(int turnIndex, String callerText, Float confidence, String agentText, String outcome,
            Long llmLatencyMs, Long ttsLatencyMs, boolean ttsFallback, long totalLatencyMs, Instant createdAt,
            boolean interrupted, LatencyLedger latency) {

        static TranscriptEntry of(Turn turn) {
            return new TranscriptEntry(turn.turnIndex(), turn.callerText(), turn.confidence(), turn.agentText(),
                    turn.outcome().name(), turn.llmLatencyMs(), turn.ttsLatencyMs(), turn.ttsFallback(),
                    turn.totalLatencyMs(), turn.createdAt(), turn.interrupted(), turn.ledger());
        }
    }

    /** @param outboundCallId outbound-service's id when it placed the call, else null */
    public record CallDetails(String callSid, String accountSid, String agentId, String direction, String from, String to,
            String status, Long lastSequenceNumber, Instant startedAt, Instant answeredAt, Instant endedAt,
            Long durationSeconds, Instant createdAt, Instant updatedAt, long version, UUID outboundCallId,
            List<TranscriptEntry> transcript) {

        public static CallDetails of(CallQueryService.CallWithTranscript details) {
            Call call = details.call();
            return new CallDetails(call.callSid(), call.accountSid(), call.agentId(), call.direction(), call.from(),
                    call.to(), call.status().wireName(), call.lastSequenceNumber(), call.startedAt(), call.answeredAt(),
                    call.endedAt(), call.durationSeconds(), call.createdAt(), call.updatedAt(), call.version(),
                    call.outboundCallId(), details.transcript().stream().map(TranscriptEntry::of).toList());
        }
    }
}
