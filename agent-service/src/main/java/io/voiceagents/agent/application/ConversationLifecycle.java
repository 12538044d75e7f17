package io.voiceagents.agent.application;

import jakarta.enterprise.context.ApplicationScoped;

/** Opening and closing a call's conversation, both idempotent. */
@ApplicationScoped
public class ConversationLifecycle {

    private final ConversationJournal journal;

    public ConversationLifecycle(ConversationJournal journal) {
        this.journal = journal;
    }

    public StartResult start(StartConversationCommand command) {
        if (command.callSid() == null || command.callSid().isBlank()) {
            throw new InvalidInputException("call_sid", "must not be blank");
        }
        try {
            return journal.start(command);
        } catch (DuplicateCallException raced) {
            // Twilio retried the webhook while the first request was still creating the conversation:
            // that one won, so answer with what it stored.
            return journal.existing(command.callSid()).orElseThrow(() -> raced);
        }
    }

    public void end(String callSid, String finalStatus) {
        if (callSid == null || callSid.isBlank()) {
            throw new InvalidInputException("call_sid", "must not be blank");
        }
        journal.end(callSid, finalStatus == null || finalStatus.isBlank() ? "completed" : finalStatus);
    }
}
