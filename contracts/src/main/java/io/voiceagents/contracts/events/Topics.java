package io.voiceagents.contracts.events;

/** Kafka topic names. Versioned: a breaking change of an event gets a new topic, additive ones do not. */
public final class Topics {
    /** {@link CallEvent}s, keyed by call SID. Published by call-gateway. */
    public static final String CALLS = "voiceagents.calls.v1";
    /** {@link TurnEvent}s, keyed by call SID. Published by call-gateway. */
    public static final String TURNS = "voiceagents.turns.v1";
    /** {@link AgentChangedEvent}s, keyed by agent id. Published by agent-service. */
    public static final String AGENTS = "voiceagents.agents.v1";

    private Topics() {
    }
}
