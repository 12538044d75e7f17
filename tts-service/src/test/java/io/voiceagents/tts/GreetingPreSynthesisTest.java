package io.voiceagents.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.contracts.events.AgentChangedEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.testkit.googletts.GoogleTtsEmulator;
import io.voiceagents.tts.GoogleTtsEmulatorResource.InjectEmulator;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.PhraseKey;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AgentChangedEvents on Kafka, as agent-service publishes them, make the greeting ready before the first call. */
@QuarkusTest
class GreetingPreSynthesisTest {

    @InjectEmulator
    GoogleTtsEmulator emulator;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void connect() {
        emulator.reset();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    @AfterEach
    void disconnect() {
        producer.close(Duration.ofSeconds(5));
        emulator.reset();
    }

    @Test
    void aCreatedAgentsGreetingIsSynthesizedWithItsVoice() throws Exception {
        String greeting = "Hi, you reached Rosa's Pizza " + UUID.randomUUID() + ". What can I get you?";
        AgentChangedEvent event = event(AgentChangedEvent.Type.CREATED, greeting, "en-GB-Neural2-A", "en-GB");

        send(event);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(phraseStored(greeting, "en-GB-Neural2-A", "en-GB")).isTrue());
        var request = emulator.receivedRequests().stream()
                .filter(r -> r.getInput().getText().equals(greeting)).findFirst().orElseThrow();
        assertThat(request.getVoice().getName()).isEqualTo("en-GB-Neural2-A");
        assertThat(request.getVoice().getLanguageCode()).isEqualTo("en-GB");
    }

    @Test
    void unreadableRecordsAndFailedSynthesesDoNotStopTheConsumer() throws Exception {
        double failedBefore = presynthesisCount("failed");
        emulator.setFailing(true);
        String failing = "This greeting fails " + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.AGENTS, "agent-x", "{not json")).get();
        send(event(AgentChangedEvent.Type.UPDATED, failing, "", ""));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(presynthesisCount("failed")).isGreaterThanOrEqualTo(failedBefore + 2));
        assertThat(phraseStored(failing, "en-US-Neural2-F", "en-US")).isFalse();

        emulator.setFailing(false);
        String next = "Welcome back " + UUID.randomUUID();
        send(event(AgentChangedEvent.Type.UPDATED, next, null, null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(phraseStored(next, "en-US-Neural2-F", "en-US")).isTrue());
    }

    @Test
    void aDeletedAgentIsNotSynthesized() throws Exception {
        String deleted = "Gone " + UUID.randomUUID();
        String after = "Still here " + UUID.randomUUID();
        send(event(AgentChangedEvent.Type.DELETED, deleted, "", ""));
        send(event(AgentChangedEvent.Type.CREATED, after, "", ""));

        // events of one agent are ordered: once the later one is done, the earlier one was seen
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(phraseStored(after, "en-US-Neural2-F", "en-US")).isTrue());
        assertThat(phraseStored(deleted, "en-US-Neural2-F", "en-US")).isFalse();
        assertThat(emulator.receivedRequests()).noneMatch(r -> r.getInput().getText().equals(deleted));
    }

    private AgentChangedEvent event(AgentChangedEvent.Type type, String greeting, String voice, String language) {
        return new AgentChangedEvent(UUID.randomUUID().toString(), Instant.now(), AgentChangedEvent.SCHEMA_VERSION,
                type, "agent-1", 1, "Rosa", greeting, voice, language, List.of("+14155550123"), "gather");
    }

    private void send(AgentChangedEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.AGENTS, event.agentId(), objectMapper.writeValueAsString(event))).get();
    }

    private boolean phraseStored(String text, String voice, String language) throws SQLException {
        AudioId id = AudioId.of(PhraseKey.of(text, voice, language, AudioFormat.WAV_MULAW_8K, 1000));
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("select count(*) from tts.phrases where id = ?")) {
            statement.setString(1, id.value());
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        }
    }

    private double presynthesisCount(String outcome) {
        var counter = registry.find("tts.presynthesis").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
