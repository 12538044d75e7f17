package io.voiceagents.gateway.infra.messaging;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Resolves the "latest" position of every live-events partition as soon as it is assigned, so an event
 * published after {@link #assigned()} turns true is delivered here (Kafka would otherwise fix the position on
 * a later poll and could skip it).
 */
@ApplicationScoped
@Identifier("live-events-rebalance")
public class LiveEventsRebalanceListener implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(LiveEventsRebalanceListener.class);

    private volatile boolean assigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            consumer.position(partition);
        }
        assigned = !partitions.isEmpty();
        LOG.debugf("live events: reading %d partition(s) from their latest offset", partitions.size());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned = false;
    }

    /** True once this replica reads the topic (tests wait for it before publishing). */
    public boolean assigned() {
        return assigned;
    }
}
