package io.voiceagents.outbound.infra.dialing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.voiceagents.outbound.application.DialQueueSignal;
import io.voiceagents.outbound.application.Dialer;
import io.voiceagents.outbound.config.OutboundConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * OUTBOUND_DIAL_WORKERS threads per replica, started with the service and stopped with it. A worker dials while
 * calls are due and otherwise waits for a wake-up (a call queued in this replica) or the poll interval (calls
 * queued elsewhere). Stopping never interrupts a create request in flight: the workers finish it, and a call still
 * waiting for its pacing slot goes back to the queue.
 */
@ApplicationScoped
public class DialWorkers {

    private static final Logger LOG = Logger.getLogger(DialWorkers.class);
    private static final Duration AFTER_ERROR = Duration.ofSeconds(1);

    private final Dialer dialer;
    private final DialQueueSignal signal;
    private final OutboundConfig config;
    private final List<Thread> threads = new ArrayList<>();

    @Inject
    public DialWorkers(Dialer dialer, DialQueueSignal signal, OutboundConfig config) {
        this.dialer = dialer;
        this.signal = signal;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        int workers = config.dial().workers();
        if (workers == 0) {
            LOG.info("no dial workers on this replica (OUTBOUND_DIAL_WORKERS=0): other replicas dial the queue");
            return;
        }
        for (int i = 1; i <= workers; i++) {
            threads.add(Thread.ofPlatform().name("outbound-dialer-" + i).daemon(true).start(this::run));
        }
        LOG.infof("%d dial workers started, pacing to %.2f calls per second across replicas", workers,
                config.twilio().callsPerSecond());
    }

    void stop(@Observes ShutdownEvent event) {
        signal.stop();
        long deadline = System.nanoTime() + config.twilio().requestTimeout().plusSeconds(2).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warnf("%s did not stop in time; its call is recovered from the database", thread.getName());
            }
        }
    }

    private void run() {
        boolean failing = false;
        while (!signal.stopping()) {
            try {
                if (!dialer.dialNext()) {
                    signal.awaitWork(config.dial().pollInterval());
                }
                failing = false;
            } catch (RuntimeException e) {
                // log once per run of failures (the database down would otherwise log every poll)
                if (!failing) {
                    LOG.errorf(e, "%s: dialing failed; retrying", Thread.currentThread().getName());
                }
                failing = true;
                signal.pause(AFTER_ERROR);
            }
        }
    }
}
