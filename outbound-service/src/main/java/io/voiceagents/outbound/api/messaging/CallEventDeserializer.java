package io.voiceagents.outbound.api.messaging;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import io.voiceagents.contracts.events.CallEvent;

/** CallEvents as call-gateway writes them (JSON); unknown fields of newer schema versions are ignored. */
public class CallEventDeserializer extends ObjectMapperDeserializer<CallEvent> {

    public CallEventDeserializer() {
        super(CallEvent.class);
    }
}
