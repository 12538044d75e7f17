package io.voiceagents.contracts.events;

/** Kafka topic names. Versioned: a breaking change of an event gets a new topic, additive ones do not. */
public final class Topics {
    /** {@link CallEvent}s, keyed by call SID. Published by call-gateway. */
    public static final String CALLS = "voiceagents.calls.v1";
    /** {@link TurnEvent}s, keyed by call SID. Published by call-gateway. */
    public static final String TURNS = "voiceagents.turns.v1";
    /** {@link AgentChangedEvent}s, keyed by agent id. Published by agent-service. */
    public static final String AGENTS = "voiceagents.agents.v1";
    /** {@link OutboundCallEvent}s, keyed by outbound call id. Published by outbound-service. */
    public static final String OUTBOUND_CALLS = "voiceagents.outbound-calls.v1";
    /** {@link CampaignEvent}s, keyed by campaign id. Published by outbound-service. */
    public static final String CAMPAIGNS = "voiceagents.campaigns.v1";

    private Topics() {
    }
}
