package io.voiceagents.agent.domain;

/** What the caller hears when the LLM fails or is too slow: short, and an invitation to repeat. */
public final class FallbackReply {

    public static final String TEXT = "Sorry, I had trouble with that. Could you say it again?";

    private FallbackReply() {
    }
}
