package io.voiceagents.gateway.infra.messaging;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.TurnEvent;
import io.voiceagents.gateway.application.port.CallEventPublisher;

/**
 * Publishes call and turn events keyed by call SID (so a call's events stay ordered on one partition).
 * Sending is asynchronous: a Kafka outage is logged and never delays or fails a webhook.
 */
@ApplicationScoped
public class KafkaCallEventPublisher implements CallEventPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaCallEventPublisher.class);

    private final Emitter<CallEvent> calls;
    private final Emitter<TurnEvent> turns;

    @Inject
    public KafkaCallEventPublisher(@Channel("call-events") Emitter<CallEvent> calls,
            @Channel("turn-events") Emitter<TurnEvent> turns) {
        this.calls = calls;
        this.turns = turns;
    }

    @Override
    public void publish(CallEvent event) {
        send(calls, event.callSid(), event, "CallEvent " + event.type());
    }

    @Override
    public void publish(TurnEvent event) {
        send(turns, event.callSid(), event, "TurnEvent " + event.turnIndex());
    }

    /**
     * Events are published from webhook handlers: a broker outage (the emitter's buffer full, the
     * channel down) must cost the event, never the caller's TwiML answer.
     */
    private static <T> void send(Emitter<T> emitter, String key, T payload, String description) {
        try {
            emitter.send(keyed(key, payload, description));
        } catch (RuntimeException e) {
            LOG.errorf("%s for call %s was not published: %s", description, key, e.getMessage());
        }
    }

    private static <T> Message<T> keyed(String key, T payload, String description) {
        return Message.of(payload,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()),
                () -> CompletableFuture.completedFuture(null),
                failure -> {
                    LOG.errorf("%s for call %s was not published: %s", description, key, failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                });
    }
}
