package io.voiceagents.agent.domain;

/** An agent was created, updated or deleted; {@code agent} is its state after (before, for a delete). */
public record AgentChange(Kind kind, Agent agent) {

    public enum Kind { CREATED, UPDATED, DELETED }
}
