package io.voiceagents.gateway.domain;

/**
 * How an exchange ended. GREETING is the agent's first utterance (turn 0, no caller text); VOICEMAIL
 * replaces it when an outbound call reached an answering machine and the agent left a message.
 */
public enum TurnOutcome {
    GREETING,
    OK,
    /** The agent could not answer (LLM or agent-service failure): the caller heard an apology. */
    FALLBACK,
    /** The agent ended the call after speaking. */
    END_CALL,
    /** The agent transferred the call to a number after speaking. */
    TRANSFER,
    /** Turn 0 of an outbound call answered by a machine: the message left, then the call hung up. */
    VOICEMAIL
}
