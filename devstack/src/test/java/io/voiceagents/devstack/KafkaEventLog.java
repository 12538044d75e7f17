package io.voiceagents.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.voiceagents.contracts.events.Topics;

/**
 * Collects every call, turn, outbound-call and campaign event the suite publishes, for assertions. Checks each
 * record's key.
 */
final class KafkaEventLog implements AutoCloseable {

    /** A record as consumed: topic, key and parsed JSON value. */
    record Event(String topic, String key, JsonNode value) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final List<Event> events = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    private KafkaEventLog(String bootstrapServers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", "e2e-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.CALLS, Topics.TURNS, Topics.OUTBOUND_CALLS, Topics.CAMPAIGNS));
        poller = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        add(new Event(r.topic(), r.key(), parse(r.value())));
                    }
                }
            }
        }, "e2e-kafka-events");
        poller.setDaemon(true);
        poller.start();
    }

    static KafkaEventLog start(String bootstrapServers) {
        return new KafkaEventLog(bootstrapServers);
    }

    private JsonNode parse(String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void add(Event event) {
        events.add(event);
    }

    private synchronized List<Event> forCall(String topic, String callSid) {
        List<Event> found = new ArrayList<>();
        for (Event e : events) {
            if (e.topic().equals(topic) && callSid.equals(e.value().path("callSid").asText())) {
                if (!callSid.equals(e.key())) {
                    throw new AssertionError("event for " + callSid + " keyed " + e.key() + ": " + e.value());
                }
                found.add(e);
            }
        }
        return found;
    }

    /** Types (STARTED, STATUS_CHANGED, ENDED) of the call events of one call, in consumption order. */
    List<String> callEventTypes(String callSid) {
        return forCall(Topics.CALLS, callSid).stream().map(e -> e.value().get("type").asText()).toList();
    }

    List<JsonNode> turnEvents(String callSid) {
        return forCall(Topics.TURNS, callSid).stream().map(Event::value).toList();
    }

    /** Call events of one call (JSON), in consumption order. */
    List<JsonNode> callEvents(String callSid) {
        return forCall(Topics.CALLS, callSid).stream().map(Event::value).toList();
    }

    /** Events of one outbound call, in consumption order; each must be keyed by the outbound call id. */
    List<JsonNode> outboundCallEvents(String outboundCallId) {
        return keyed(Topics.OUTBOUND_CALLS, "outboundCallId", outboundCallId);
    }

    /** Events of one campaign, in consumption order; each must be keyed by the campaign id. */
    List<JsonNode> campaignEvents(String campaignId) {
        return keyed(Topics.CAMPAIGNS, "campaignId", campaignId);
    }

    /** Outbound-call events of every call of a campaign, in consumption order. */
    synchronized List<JsonNode> outboundCallEventsOfCampaign(String campaignId) {
        List<JsonNode> found = new ArrayList<>();
        for (Event e : events) {
            if (e.topic().equals(Topics.OUTBOUND_CALLS) && campaignId.equals(e.value().path("campaignId").asText())) {
                found.add(e.value());
            }
        }
        return found;
    }

    private synchronized List<JsonNode> keyed(String topic, String idField, String id) {
        List<JsonNode> found = new ArrayList<>();
        for (Event e : events) {
            if (e.topic().equals(topic) && id.equals(e.value().path(idField).asText())) {
                if (!id.equals(e.key())) {
                    throw new AssertionError(topic + " event for " + id + " keyed " + e.key() + ": " + e.value());
                }
                found.add(e.value());
            }
        }
        return found;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
