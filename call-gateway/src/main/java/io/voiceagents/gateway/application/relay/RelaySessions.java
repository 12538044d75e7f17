package io.voiceagents.gateway.application.relay;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.config.GatewaySettings;

/**
 * Opens {@link RelaySession}s. Sessions run their work on virtual threads (storing a turn waits on the
 * database; thousands of sessions must not hold thousands of platform threads) and share one timer thread
 * for the DTMF pause.
 */
@ApplicationScoped
public class RelaySessions {

    private final RelaySession.Dependencies dependencies;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("relay-session-", 0).factory());
    private final ScheduledThreadPoolExecutor timer;

    @Inject
    public RelaySessions(CallRepository calls, TurnRepository turns, ConversationStreams streams,
            CallEventPublisher events, LiveCallFeed live, GatewayMetrics metrics, GatewaySettings settings) {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("relay-timer").factory());
        timer.setRemoveOnCancelPolicy(true);
        GatewayConfig config = settings.config();
        // the config check has already stopped the start when the token is missing
        RelaySession.Settings sessionSettings = new RelaySession.Settings(config.twilio().authToken().orElseThrow(),
                config.messages().apology(), config.relay().dtmfPause(), config.relay().maxPromptLength());
        this.dependencies = new RelaySession.Dependencies(calls, turns, streams, events, live, metrics, sessionSettings,
                this::schedule, System::nanoTime);
    }

    public RelaySession open(RelayOutput output) {
        return new RelaySession(dependencies, output, workers);
    }

    private Runnable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        workers.shutdown();
    }
}
