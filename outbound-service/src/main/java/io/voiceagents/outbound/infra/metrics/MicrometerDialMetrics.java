package io.voiceagents.outbound.infra.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.voiceagents.outbound.application.port.DialMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/** The dial queue's meters on /q/metrics (outbound_calls_*, outbound_twilio_create_*, outbound_dial_pacer_wait_*). */
@ApplicationScoped
public class MicrometerDialMetrics implements DialMetrics {

    private final MeterRegistry registry;
    private final Counter dialed;
    private final Counter timedOut;
    private final Timer pacerWait;

    public MicrometerDialMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dialed = Counter.builder("outbound.calls.dialed")
                .description("Calls Twilio accepted (created, or adopted by a reconciliation)").register(registry);
        this.timedOut = Counter.builder("outbound.calls.timed.out")
                .description("Calls failed because Twilio never reported a final status").register(registry);
        this.pacerWait = Timer.builder("outbound.dial.pacer.wait")
                .description("Time a dial worker waited for its pacing slot").register(registry);
    }

    @Override
    public void queued(boolean campaign) {
        Counter.builder("outbound.calls.queued").description("Calls accepted into the dial queue")
                .tag("kind", campaign ? "campaign" : "single").register(registry).increment();
    }

    @Override
    public void dialed() {
        dialed.increment();
    }

    @Override
    public void dialFailed(String reasonClass) {
        Counter.builder("outbound.calls.dial.failures").description("Create requests that failed, by reason class")
                .tag("reason", reasonClass).register(registry).increment();
    }

    @Override
    public void ended(String status) {
        Counter.builder("outbound.calls.ended").description("Calls that reached a final status")
                .tag("status", status).register(registry).increment();
    }

    @Override
    public void twilioCreate(Duration latency, String outcome) {
        Timer.builder("outbound.twilio.create").description("Twilio create-call requests, send to answer")
                .tag("outcome", outcome).register(registry).record(latency);
    }

    @Override
    public void pacerWait(Duration wait) {
        pacerWait.record(wait);
    }

    @Override
    public void reconciled(String outcome) {
        Counter.builder("outbound.calls.reconciled").description("Reconciliations of unclear create requests")
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void timedOut() {
        timedOut.increment();
    }
}
