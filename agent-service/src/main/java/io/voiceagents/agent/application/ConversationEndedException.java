package io.voiceagents.agent.application;

/** A turn arrived for a call whose conversation has already ended. */
public class ConversationEndedException extends RuntimeException {

    public ConversationEndedException(String callSid) {
        super("the conversation of call " + callSid + " has ended");
    }
}
