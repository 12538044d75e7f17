package io.voiceagents.gateway.infra.messaging;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** JSON of {@link LiveEventRecord}s read back from the live events topic. */
public class LiveEventDeserializer extends ObjectMapperDeserializer<LiveEventRecord> {

    public LiveEventDeserializer() {
        super(LiveEventRecord.class);
    }
}
