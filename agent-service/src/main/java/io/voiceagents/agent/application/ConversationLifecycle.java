package io.voiceagents.agent.application;

import jakarta.enterprise.context.ApplicationScoped;

/** Opening and closing a call's conversation, both idempotent. */
@ApplicationScoped
public class ConversationLifecycle {

    private final ConversationJournal journal;
    private final AgentCache agents;

    public ConversationLifecycle(ConversationJournal journal, AgentCache agents) {
        this.journal = journal;
        this.agents = agents;
    }

    public StartResult start(StartConversationCommand command) {
        if (command.callSid() == null || command.callSid().isBlank()) {
            throw new InvalidInputException("call_sid", "must not be blank");
        }
        StartResult result;
        try {
            result = journal.start(command);
        } catch (DuplicateCallException raced) {
            // Twilio retried the webhook while the first request was still creating the conversation:
            // that one won, so answer with what it stored.
            result = journal.existing(command.callSid()).orElseThrow(() -> raced);
        }
        // The call's turns will want its agent: read in a committed transaction that did not change it, it may be
        // cached, and the first turn finds it there.
        agents.offer(result.agent());
        return result;
    }

    public void end(String callSid, String finalStatus) {
        if (callSid == null || callSid.isBlank()) {
            throw new InvalidInputException("call_sid", "must not be blank");
        }
        journal.end(callSid, finalStatus == null || finalStatus.isBlank() ? "completed" : finalStatus);
    }
}
