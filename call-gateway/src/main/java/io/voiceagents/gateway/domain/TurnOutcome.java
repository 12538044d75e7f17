package io.voiceagents.gateway.domain;

/** How an exchange ended. GREETING is the agent's first utterance (turn 0, no caller text). */
public enum TurnOutcome {
    GREETING,
    OK,
    /** The agent could not answer (LLM or agent-service failure): the caller heard an apology. */
    FALLBACK,
    /** The agent ended the call after speaking. */
    END_CALL
}
