package io.voiceagents.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedInfraTest {

    @Test
    void postgresAcceptsQueriesOnTheSuiteDatabase() throws Exception {
        EmbeddedPostgres pg = SharedInfra.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             ResultSet rs = c.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(EmbeddedPostgres.DATABASE);
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }

    @Test
    void kafkaRoundTripsARecord() {
        String bootstrap = SharedInfra.kafka().bootstrapServers();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra-check", "CA123", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "infra-check");
        c.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra-check"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    var r = records.iterator().next();
                    assertThat(Map.entry(r.key(), r.value())).isEqualTo(Map.entry("CA123", "hello"));
                    return;
                }
            }
        }
        throw new AssertionError("no record consumed within 30 s");
    }
}
