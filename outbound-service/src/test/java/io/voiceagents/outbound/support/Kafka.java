package io.voiceagents.outbound.support;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.testkit.infra.SharedInfra;

/** Publishes CallEvents as call-gateway would, and reads topics from the beginning as any consumer would. */
public final class Kafka {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static KafkaProducer<String, String> producer;

    private Kafka() {
    }

    /** A CallEvent for an outbound call, keyed by SID, sent and acknowledged. */
    public static void publishCallEvent(String callSid, UUID outboundCallId, String status, Long duration,
            String answeredBy) {
        CallEvent event = new CallEvent(UUID.randomUUID().toString(), Instant.now(), CallEvent.SCHEMA_VERSION,
                isFinal(status) ? CallEvent.Type.ENDED : CallEvent.Type.STATUS_CHANGED, callSid, FakeAgentService.AGENT,
                "outbound-api", "+15005550006", "+14155550000", status, null, duration, answeredBy,
                outboundCallId == null ? null : outboundCallId.toString());
        try {
            producer().send(new ProducerRecord<>(Topics.CALLS, callSid, JSON.writeValueAsString(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a CallEvent", e);
        }
    }

    private static boolean isFinal(String status) {
        return List.of("completed", "busy", "no-answer", "failed", "canceled").contains(status);
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }
}
