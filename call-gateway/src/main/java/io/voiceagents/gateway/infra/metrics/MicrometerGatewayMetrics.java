package io.voiceagents.gateway.infra.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.TurnOutcome;

/** Prometheus meters: webhook latency against Twilio's 15 s limit, turns by outcome, calls by final status. */
@ApplicationScoped
public class MicrometerGatewayMetrics implements GatewayMetrics {

    private final MeterRegistry registry;
    private final LedgerMeters relayLedger;

    @Inject
    public MicrometerGatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.relayLedger = new LedgerMeters(registry, "gateway.relay.turn.latency",
                "Where the time of a relay turn went, per stage of the latency ledger");
    }

    @Override
    public void relayTurnLedger(LatencyLedger ledger) {
        relayLedger.record(ledger);
    }

    @Override
    public void webhookHandled(String endpoint, Duration elapsed) {
        Timer.builder("gateway.webhook.latency")
                .description("Time from a Twilio webhook arriving to its TwiML being returned")
                .tag("endpoint", endpoint)
                .publishPercentileHistogram()
                .register(registry)
                .record(elapsed);
    }

    @Override
    public void turnCompleted(TurnOutcome outcome, boolean ttsFallback) {
        Counter.builder("gateway.turns")
                .description("Caller turns answered, by outcome and whether Twilio <Say> replaced synthesized audio")
                .tag("outcome", outcome.name())
                .tag("tts_fallback", Boolean.toString(ttsFallback))
                .register(registry)
                .increment();
    }

    @Override
    public void callEnded(CallStatus finalStatus) {
        Counter.builder("gateway.calls.ended")
                .description("Calls that reached a final status")
                .tag("status", finalStatus.wireName())
                .register(registry)
                .increment();
    }
}
