package io.voiceagents.agent.domain;

/** How an assistant message came to be; user messages have none. */
public enum MessageOutcome {
    /** The LLM answered. */
    OK,
    /** The LLM failed or timed out and the caller heard an apology (or the reply broke off midway). */
    FALLBACK,
    /** The agent's opening line (greeting or the call's initial message). */
    GREETING,
    /** The LLM answered and asked to end the call (its end_call tool). */
    END_CALL,
    /** The LLM answered and asked to transfer the call to the agent's transfer number (its transfer_call tool). */
    TRANSFER
}
