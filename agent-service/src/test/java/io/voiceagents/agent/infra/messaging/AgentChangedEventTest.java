package io.voiceagents.agent.infra.messaging;

import static io.voiceagents.agent.TestApi.given;
import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.voiceagents.contracts.events.Topics;

/** Agent changes reach voiceagents.agents.v1 as AgentChangedEvent JSON, keyed by agent id. */
@QuarkusTest
class AgentChangedEventTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void createUpdateAndDeleteArePublishedKeyedByAgentId() throws Exception {
        String number = randomNumber();
        String id = createAgent(body("Evented", number));
        Map<String, Object> update = body("Evented v2", number);
        update.put("version", 1);
        given().contentType(ContentType.JSON).body(update).when().put("/api/agents/" + id).then().statusCode(200);
        given().when().delete("/api/agents/" + id).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = consumeFor(id, 3);

        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(id));
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            events.add(json.readTree(r.value()));
        }
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("CREATED", "UPDATED", "DELETED");
        JsonNode created = events.get(0);
        assertThat(created.path("agentId").asText()).isEqualTo(id);
        assertThat(created.path("version").asLong()).isEqualTo(1);
        assertThat(created.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(created.path("eventId").asText()).isNotBlank();
        assertThat(created.path("occurredAt").asText()).contains("T");
        assertThat(created.path("name").asText()).isEqualTo("Evented");
        assertThat(created.path("greeting").asText()).isEqualTo("Hello, Acme Dental, how can I help?");
        assertThat(created.path("voice").asText()).isEqualTo("en-US-Neural2-F");
        assertThat(created.path("callMode").asText()).isEqualTo("gather");
        assertThat(created.path("phoneNumbers").get(0).asText()).isEqualTo(number);
        assertThat(events.get(1).path("version").asLong()).isEqualTo(2);
        assertThat(events.get(1).path("name").asText()).isEqualTo("Evented v2");
    }

    private List<ConsumerRecord<String, String>> consumeFor(String agentId, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "agent-events-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.AGENTS));
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (agentId.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        assertThat(found).as("events for agent " + agentId).hasSize(expected);
        return found;
    }
}
