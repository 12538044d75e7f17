package io.voiceagents.tts.infra.messaging;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import io.voiceagents.contracts.events.AgentChangedEvent;

/** JSON to {@link AgentChangedEvent} with Quarkus' ObjectMapper (ISO instants, unknown fields ignored). */
public class AgentChangedEventDeserializer extends ObjectMapperDeserializer<AgentChangedEvent> {

    public AgentChangedEventDeserializer() {
        super(AgentChangedEvent.class);
    }
}
