package io.voiceagents.agent.infra.messaging;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.voiceagents.agent.application.port.AgentChangePublisher;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.AgentChange;
import io.voiceagents.contracts.events.AgentChangedEvent;

/**
 * Publishes {@link AgentChangedEvent}s to {@code voiceagents.agents.v1}, keyed by agent id, once the
 * transaction that changed the agent has committed. A failed send is logged, not retried: the event
 * says "re-read this agent", and the next change of the agent announces its full state again.
 */
@ApplicationScoped
public class KafkaAgentChangePublisher implements AgentChangePublisher {

    private static final Logger LOG = Logger.getLogger(KafkaAgentChangePublisher.class);

    private final Emitter<AgentChangedEvent> emitter;
    private final TransactionSynchronizationRegistry transactions;

    public KafkaAgentChangePublisher(@Channel("agent-changes") Emitter<AgentChangedEvent> emitter,
            TransactionSynchronizationRegistry transactions) {
        this.emitter = emitter;
        this.transactions = transactions;
    }

    @Override
    public void publish(AgentChange change) {
        AgentChangedEvent event = toEvent(change);
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing to do before the commit
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        send(event);
                    }
                }
            });
        } else {
            send(event);
        }
    }

    private void send(AgentChangedEvent event) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.agentId())
                .build();
        Message<AgentChangedEvent> message = Message.of(event, Metadata.of(key),
                () -> CompletableFuture.completedFuture(null),
                failure -> {
                    LOG.errorf(failure, "could not publish %s of agent %s", event.type(), event.agentId());
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not publish %s of agent %s", event.type(), event.agentId());
        }
    }

    static AgentChangedEvent toEvent(AgentChange change) {
        Agent agent = change.agent();
        AgentChangedEvent.Type type = switch (change.kind()) {
            case CREATED -> AgentChangedEvent.Type.CREATED;
            case UPDATED -> AgentChangedEvent.Type.UPDATED;
            case DELETED -> AgentChangedEvent.Type.DELETED;
        };
        return new AgentChangedEvent(UUID.randomUUID().toString(), Instant.now(), AgentChangedEvent.SCHEMA_VERSION,
                type, agent.id().toString(), agent.version(), agent.name(), agent.greeting(), agent.voice(),
                agent.language(), agent.phoneNumbers(), agent.callMode().wireName());
    }
}
