package io.voiceagents.agent.application;

/** Another request created the conversation for this call first (two webhooks raced). */
public class DuplicateCallException extends RuntimeException {

    public DuplicateCallException(String callSid, Throwable cause) {
        super("call " + callSid + " already has a conversation", cause);
    }
}
