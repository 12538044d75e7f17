package io.voiceagents.gateway.infra.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.voiceagents.gateway.application.live.LiveCallViewers;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * Reads the live events topic on every replica (its own consumer group, from the latest offset) and hands each
 * event to this replica's viewers of the call. Viewers only queue a WebSocket write, so this never blocks the
 * consumer.
 */
@ApplicationScoped
public class LiveEventsConsumer {

    private final LiveCallViewers viewers;

    @Inject
    public LiveEventsConsumer(LiveCallViewers viewers) {
        this.viewers = viewers;
    }

    @Incoming("live-events-in")
    public void receive(LiveEventRecord record) {
        // null: a record that was not valid JSON (skipped by the deserializer)
        if (record == null || record.callSid() == null) {
            return;
        }
        LiveCallEvent event = record.asDomain();
        if (event != null) {
            viewers.deliver(event);
        }
    }
}
