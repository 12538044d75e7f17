package io.voiceagents.outbound.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
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

    /** Reads a topic from the beginning with a group of its own. */
    public static final class Reader implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        public Reader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbound-test-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(topic));
        }

        /** Records with this key, polling until {@code done} holds for them or the timeout passes. */
        public List<ConsumerRecord<String, String>> forKey(String key, Duration timeout,
                Predicate<List<ConsumerRecord<String, String>>> done) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<ConsumerRecord<String, String>> matching = matching(key);
            while (!done.test(matching) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                matching = matching(key);
            }
            return matching;
        }

        /** Keeps polling for a while so late duplicates would show up too. */
        public List<ConsumerRecord<String, String>> settle(String key, Duration quiet) {
            long deadline = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            return matching(key);
        }

        public static <T> T parse(ConsumerRecord<String, String> record, Class<T> type) {
            try {
                return JSON.readValue(record.value(), type);
            } catch (Exception e) {
                throw new IllegalStateException("not a " + type.getSimpleName() + ": " + record.value(), e);
            }
        }

        private List<ConsumerRecord<String, String>> matching(String key) {
            return seen.stream().filter(r -> key.equals(r.key())).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
