package io.voiceagents.gateway.application;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.config.GatewaySettings;

/**
 * Keeps the webhook idempotency tokens only as long as Twilio may retry a delivery, so the table
 * stays small however many calls pass. Safe on every replica at once: the purge is one DELETE.
 */
@ApplicationScoped
public class DeliveryRetention {

    private static final Logger LOG = Logger.getLogger(DeliveryRetention.class);

    private final CallRepository calls;
    private final GatewaySettings settings;
    private final Clock clock;

    @Inject
    public DeliveryRetention(CallRepository calls, GatewaySettings settings) {
        this(calls, settings, Clock.systemUTC());
    }

    DeliveryRetention(CallRepository calls, GatewaySettings settings, Clock clock) {
        this.calls = calls;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(every = "${gateway.deliveries.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            LOG.warnf("purging expired webhook tokens failed, will retry at the next run: %s", e.getMessage());
        }
    }

    /** Removes tokens older than the configured retention; returns how many. */
    public int purgeExpired() {
        Instant cutoff = clock.instant().minus(settings.config().deliveries().retention());
        int removed = calls.purgeDeliveriesReceivedBefore(cutoff);
        if (removed > 0) {
            LOG.debugf("forgot %d webhook tokens received before %s", removed, cutoff);
        }
        return removed;
    }
}
