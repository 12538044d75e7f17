package io.voiceagents.outbound.infra.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.voiceagents.outbound.config.OutboundConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends the transactional outbox (outbound.event_outbox) to Kafka in id order, keyed as written, and deletes each
 * row once the broker acknowledged it. One replica relays at a time (a transaction-scoped advisory lock), so events
 * of one key keep their order; the rows of a round are locked ({@code FOR UPDATE SKIP LOCKED}) and the round is
 * small. A broker outage leaves the rows for the next round and is logged once, not per row. Delivery is at least
 * once: a crash between the ack and the commit sends an event again (consumers de-duplicate on eventId).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant; shared by every replica of this service. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final String bootstrapServers;
    private final int batchSize;
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean outage;
    private volatile boolean roundFailed;

    @Inject
    public OutboxRelay(DataSource dataSource, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            OutboundConfig config) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = config.outbox().batchSize();
    }

    @Scheduled(every = "${outbound.outbox.relay-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int sent;
            do {
                sent = relayOnce();
            } while (sent == batchSize);
        } catch (RuntimeException e) {
            noteOutage(e);
        }
    }

    private void noteOutage(RuntimeException e) {
        roundFailed = true;
        if (!outage) {
            LOG.warnf("outbox relay: events stay in the outbox until Kafka is reachable again: %s", e.getMessage());
        }
        outage = true;
    }

    /** Sends one round; returns how many events were sent (and deleted). */
    public int relayOnce() {
        roundFailed = false;
        int sent = QuarkusTransaction.requiringNew().call(this::relayInTransaction);
        if (outage && !roundFailed && sent > 0) {
            LOG.infof("outbox relay: Kafka is reachable again, sending the events kept meanwhile");
            outage = false;
        }
        return sent;
    }

    private int relayInTransaction() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!tryLock(connection)) {
                return 0;
            }
            List<Row> rows = read(connection);
            if (rows.isEmpty()) {
                return 0;
            }
            Sent sent = send(rows);
            if (sent.acked().isEmpty() && sent.failure() != null) {
                throw sent.failure();
            }
            // the acknowledged prefix is gone even when the rest failed: it must not be sent twice
            delete(connection, sent.acked());
            if (sent.failure() != null) {
                noteOutage(sent.failure());
            }
            return sent.acked().size();
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private List<Row> read(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("select id, topic, event_key, payload::text "
                + "from outbound.event_outbox order by id limit ? for update skip locked")) {
            ps.setInt(1, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return rows;
    }

    /** The ids acknowledged, in order, up to the first that was not: later ones are sent again next round. */
    private Sent send(List<Row> rows) {
        KafkaProducer<String, String> kafka = producer();
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        List<Long> acked = new ArrayList<>();
        try {
            for (Row row : rows) {
                pending.add(kafka.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
            }
            long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
            for (int i = 0; i < rows.size(); i++) {
                pending.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(rows.get(i).id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(acked, new IllegalStateException("interrupted while waiting for Kafka", e));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return new Sent(acked, new IllegalStateException("Kafka did not acknowledge the events: " + rootMessage(e), e));
        }
        return new Sent(acked, null);
    }

    private static void delete(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("delete from outbound.event_outbox where id = any(?)")) {
            ps.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbound-service-outbox");
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "8000");
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    producer = new KafkaProducer<>(props);
                }
                current = producer;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private record Row(long id, String topic, String key, String payload) {
    }

    private record Sent(List<Long> acked, RuntimeException failure) {
    }
}
