package io.voiceagents.gateway.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.StatusReport;

/** Calls, with every write safe against retried webhooks and concurrent replicas. */
public interface CallRepository {

    /** Stores the call unless one with its SID exists; true when this call created the row. */
    boolean insertIfAbsent(Call call);

    /**
     * Records the answering agent and its voice on a call first seen by a status callback, which knows no
     * agent, or for an outbound call only the agent's id (from its signed URL) and not the voice. A call
     * already answered by another agent keeps it.
     */
    void attachAgentIfMissing(String callSid, String agentId, AgentVoice voice);

    /** Records outbound-service's id on a call first seen without it; an id once set never changes. */
    void attachOutboundCallIfMissing(String callSid, UUID outboundCallId);

    Optional<Call> find(String callSid);

    /**
     * Applies a status callback in one transaction: records the delivery token (a known token is a
     * duplicate), creates the call when unknown, else attaches the report's agent and outbound call id
     * where missing and moves the status forward with a conditional update.
     */
    StatusApplication applyStatus(StatusReport report, String idempotencyToken);

    /**
     * Counts one more silent gather and returns the consecutive count; a delivery whose token was
     * already seen returns the current count without counting again.
     */
    int registerSilence(String callSid, String idempotencyToken);

    void resetSilences(String callSid);

    CallPage list(CallFilter filter, int page, int size);

    /**
     * Forgets webhook delivery tokens received before the cutoff (Twilio retries a delivery within
     * minutes, so old tokens only take space); returns how many were removed.
     */
    int purgeDeliveriesReceivedBefore(Instant cutoff);

    /** @param agentId null for any; @param status null for any */
    record CallFilter(String agentId, CallStatus status) {
    }

    record CallPage(List<Call> items, int page, int size, long totalItems, int totalPages) {
    }

    /**
     * @param previousStatus status before the change (null when created or unchanged)
     * @param call           the call after applying, null for a duplicate delivery
     */
    record StatusApplication(Result result, CallStatus previousStatus, Call call) {

        public enum Result {
            /** The idempotency token was seen before: nothing happened. */
            DUPLICATE_DELIVERY,
            /** The call was unknown and was created with the reported status. */
            CREATED,
            /** The status moved forward. */
            CHANGED,
            /** Same or lower rank than stored, or the stored status is final: ignored. */
            UNCHANGED
        }
    }
}
