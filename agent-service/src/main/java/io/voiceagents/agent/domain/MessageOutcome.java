package io.voiceagents.agent.domain;

/** How an assistant message came to be; user messages have none. */
public enum MessageOutcome {
    /** The LLM answered. */
    OK,
    /** The LLM failed or timed out and the caller heard an apology. */
    FALLBACK,
    /** The agent's opening line (greeting or the call's initial message). */
    GREETING
}
