package io.voiceagents.gateway.application.port;

import io.voiceagents.gateway.domain.TurnOutcome;

/**
 * The streaming side of the conversation "brain" (agent-service): the reply to a caller turn arrives as
 * text deltas while the LLM writes it (`stream` and `relay` modes), and an interrupted reply is cut back
 * to what the caller heard. Adapters call listeners from their own threads.
 */
public interface ConversationStreams {

    /**
     * Starts the reply to one caller turn. Never blocks on the network; failures are reported to
     * {@link ReplyListener#onError}.
     *
     * @param utterance  what the caller said (may be empty when {@code dtmfDigits} is set)
     * @param dtmfDigits keys pressed as this turn's input, or null
     * @param turnId     unique per caller turn; a retried id replays the stored reply
     */
    ReplyStream streamReply(String callSid, String utterance, float confidence, String dtmfDigits, String turnId,
            ReplyListener listener);

    /**
     * The caller interrupted the reply to {@code turnId}: agent-service keeps {@code heardText} as the
     * agent's message. Asynchronous; the adapter logs failures.
     */
    void recordInterruption(String callSid, String turnId, String heardText);

    /** A reply in progress. */
    interface ReplyStream {
        /** Stops generation (barge-in, hang-up); no listener calls follow. Idempotent. */
        void cancel();
    }

    interface ReplyListener {

        /**
         * Text generated since the previous delta.
         *
         * @param llmFirstTokenMs on the first delta: the provider's time to first token as agent-service
         *                        measured it, else 0
         */
        void onDelta(String text, long llmFirstTokenMs);

        /** The reply is complete; nothing follows. */
        void onComplete(ReplyEnd end);

        /** The stream failed (agent-service unreachable, deadline); nothing follows. */
        void onError(AgentServiceException error);
    }

    /**
     * @param outcome      OK, FALLBACK, END_CALL or TRANSFER
     * @param transferTo   E.164 number when the outcome is TRANSFER, else null
     * @param llmLatencyMs the whole generation as agent-service measured it
     * @param replayed     the turn was answered before and replayed from storage
     */
    record ReplyEnd(TurnOutcome outcome, String transferTo, long llmLatencyMs, String messageId, boolean replayed) {
    }
}
