package io.voiceagents.gateway.infra.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.live.LiveCallViewers;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * Reads the live events topic on every replica (its own consumer group, from the latest offset) and hands each
 * event to this replica's viewers of the call. Viewers only queue a WebSocket write, so this never blocks the
 * consumer. WATCH and UNWATCH records are no events: they update which calls are watched ({@link LiveWatches})
 * and reach no viewer.
 */
@ApplicationScoped
public class LiveEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LiveEventsConsumer.class);

    private final LiveCallViewers viewers;
    private final LiveWatches watches;

    @Inject
    public LiveEventsConsumer(LiveCallViewers viewers, LiveWatches watches) {
        this.viewers = viewers;
        this.watches = watches;
    }

    @Incoming("live-events-in")
    public void receive(LiveEventRecord record) {
        // null: a record that was not valid JSON (skipped by the deserializer)
        if (record == null || record.callSid() == null) {
            return;
        }
        if (LiveEventRecord.WATCH.equals(record.type())) {
            if (record.watcher() == null || record.leaseMillis() == null || record.leaseMillis() <= 0) {
                LOG.debugf("live view: WATCH of call %s without watcher or lease skipped", record.callSid());
                return;
            }
            watches.renew(record.callSid(), record.watcher(), Duration.ofMillis(record.leaseMillis()));
            return;
        }
        if (LiveEventRecord.UNWATCH.equals(record.type())) {
            if (record.watcher() != null) {
                watches.release(record.callSid(), record.watcher());
            }
            return;
        }
        LiveCallEvent event = record.asDomain();
        if (event != null) {
            viewers.deliver(event);
        }
    }
}
