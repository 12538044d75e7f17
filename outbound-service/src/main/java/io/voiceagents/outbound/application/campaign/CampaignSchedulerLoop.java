package io.voiceagents.outbound.application.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.voiceagents.outbound.config.CampaignConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs {@link CampaignScheduler#tick(Instant)} every {@code outbound.campaigns.tick} on one daemon thread of this
 * replica (fixed delay: a slow tick is never overlapped by the next). Every replica runs one; the database keeps
 * them from doing the same work twice. Started with the service unless OUTBOUND_CAMPAIGN_SCHEDULER_ENABLED=false.
 */
@ApplicationScoped
public class CampaignSchedulerLoop {

    private static final Logger LOG = Logger.getLogger(CampaignSchedulerLoop.class);

    private final CampaignScheduler scheduler;
    private final CampaignConfig config;
    private ScheduledExecutorService executor;

    public CampaignSchedulerLoop(CampaignScheduler scheduler, CampaignConfig config) {
        this.scheduler = scheduler;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.schedulerEnabled()) {
            LOG.info("campaign scheduler is off on this replica (OUTBOUND_CAMPAIGN_SCHEDULER_ENABLED=false)");
            return;
        }
        start(config.tick());
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts ticking every {@code tick}; no-op when already ticking. */
    public synchronized void start(Duration tick) {
        if (executor != null) {
            return;
        }
        long tickMillis = tick.toMillis();
        if (tickMillis <= 0) {
            throw new IllegalStateException("outbound.campaigns.tick must be at least 1ms: set OUTBOUND_CAMPAIGN_TICK, "
                    + "e.g. 250ms");
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "campaign-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tickSafely, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        LOG.infof("campaign scheduler ticks every %d ms", tickMillis);
    }

    /** Stops ticking, waiting (a few seconds at most) for a tick in progress to finish. */
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    private void tickSafely() {
        try {
            scheduler.tick(Instant.now());
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task: log it and keep ticking (the database may be back soon)
            LOG.error("campaign scheduler tick failed", e);
        }
    }
}
