package io.voiceagents.devstack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Topics created before the services start. The broker auto-creates the others on first use; these must exist
 * first because a service reads them from the latest offset with a fresh consumer group: had the topic been
 * auto-created by the first send, the reader's partition assignment could come after that event and miss it.
 */
final class SuiteTopics {

    /** call-gateway's live call events (every replica reads from the latest offset). */
    static final String GATEWAY_LIVE = "voiceagents.gateway.live.v1";
    static final List<String> CREATED_AT_START = List.of(GATEWAY_LIVE);

    private static final Logger LOG = Logger.getLogger(SuiteTopics.class.getName());
    private static final int PARTITIONS = 3;

    private SuiteTopics() {
    }

    /** Creates the topics that do not exist yet (idempotent: a kept data directory already has them). */
    static void create(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000))) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<NewTopic> missing = CREATED_AT_START.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(20, TimeUnit.SECONDS);
                LOG.fine(() -> "created Kafka topics " + missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalStackException("could not create the Kafka topics " + CREATED_AT_START + ": " + e
                    + " (retry with --fresh to reset Kafka's storage)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while creating Kafka topics", e);
        }
    }
}
