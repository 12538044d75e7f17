package io.voiceagents.agent.application;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The caller barged in while the agent spoke: the agent's message for that turn keeps only what the caller
 * heard (the gateway knows it from the marks Twilio echoed), so the next prompt does not pretend the caller
 * heard the rest. Idempotent.
 */
@ApplicationScoped
public class RecordInterruption {

    /** Longer than any reply the LLM may write; guards the column against a runaway client. */
    static final int MAX_HEARD_CHARS = 50_000;

    private final ConversationJournal journal;

    public RecordInterruption(ConversationJournal journal) {
        this.journal = journal;
    }

    /** @return false when there is no such call or turn (nothing changed) */
    public boolean record(String callSid, String turnId, String heardText) {
        if (callSid == null || callSid.isBlank()) {
            throw new InvalidInputException("call_sid", "must not be blank");
        }
        if (turnId == null || turnId.isBlank()) {
            throw new InvalidInputException("turn_id", "must not be blank");
        }
        String heard = heardText == null ? "" : heardText.strip();
        if (heard.length() > MAX_HEARD_CHARS) {
            throw new InvalidInputException("heard_text", "must be at most " + MAX_HEARD_CHARS + " characters");
        }
        return journal.recordInterruption(callSid.strip(), turnId.strip(), heard);
    }
}
