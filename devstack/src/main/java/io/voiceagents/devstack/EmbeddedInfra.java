package io.voiceagents.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.voiceagents.testkit.infra.EmbeddedKafka;
import io.voiceagents.testkit.infra.EmbeddedPostgres;

/** Postgres (a child process) and Kafka (in this JVM), with their state in the data directory. */
final class EmbeddedInfra implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedInfra.class.getName());

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafka kafka;

    private EmbeddedInfra(EmbeddedPostgres postgres, EmbeddedKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static EmbeddedInfra start(DataDirectory data) {
        stopLeftoverPostgres(data.postgres());
        long t0 = System.nanoTime();
        // independent and both seconds long (initdb on first start): start them at once
        CompletableFuture<EmbeddedPostgres> pg = CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedPostgres.start(data.postgres(), 0);
            } catch (IOException e) {
                throw new LocalStackException("embedded Postgres did not start in " + data.postgres() + ": "
                        + e.getMessage() + " (a damaged cluster? retry with --fresh)", e);
            }
        });
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(data.kafka(), 0);
        } catch (IOException | RuntimeException e) {
            pg.thenAccept(EmbeddedInfra::closeQuietly);
            throw new LocalStackException("embedded Kafka did not start in " + data.kafka() + ": " + e
                    + " (retry with --fresh to reset its storage)", e);
        }
        EmbeddedPostgres postgres;
        try {
            postgres = pg.join();
        } catch (CompletionException e) {
            closeQuietly(kafka);
            throw e.getCause() instanceof LocalStackException l ? l : new LocalStackException(e.getCause().toString(), e);
        }
        try {
            SuiteTopics.create(kafka.bootstrapServers());
        } catch (LocalStackException e) {
            closeQuietly(kafka);
            closeQuietly(postgres);
            throw e;
        }
        LOG.info(String.format("Postgres on port %d and Kafka on %s ready in %.1f s", postgres.port(),
                kafka.bootstrapServers(), (System.nanoTime() - t0) / 1e9));
        return new EmbeddedInfra(postgres, kafka);
    }

    /**
     * Postgres runs detached from the launcher, so a launcher killed hard leaves it running on the
     * data directory, where a new one cannot start. Its pid is the first line of postmaster.pid.
     */
    private static void stopLeftoverPostgres(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid)
                    .filter(h -> h.info().commandLine().orElse("").contains(dataDir.toString()))
                    .ifPresent(h -> {
                        LOG.warning(() -> "stopping a leftover Postgres (pid " + pid + ") on " + dataDir);
                        h.destroy(); // SIGTERM: a smart shutdown; its clients were stopped just before
                        try {
                            h.onExit().get(15, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            h.destroyForcibly();
                        }
                    });
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "no leftover Postgres check possible: " + e);
        }
    }

    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    String dbUser() {
        return postgres.username();
    }

    String dbPassword() {
        return postgres.password();
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Kafka first: its clients (the services) are gone by now, and Postgres outlives nothing that needs it. */
    @Override
    public void close() {
        closeQuietly(kafka);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warning(() -> "stopping " + c.getClass().getSimpleName() + " failed: " + e);
        }
    }
}
