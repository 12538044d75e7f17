package io.voiceagents.gateway.domain;

/** How an agent runs its calls. Only {@link #GATHER} is implemented by the gateway today. */
public enum CallMode {
    GATHER,
    STREAM,
    RELAY,
    UNSPECIFIED
}
