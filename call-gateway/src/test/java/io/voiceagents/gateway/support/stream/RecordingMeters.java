package io.voiceagents.gateway.support.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.TurnEvent;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.StreamMetrics;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/** Records what the session meters and publishes. */
public final class RecordingMeters implements StreamMetrics, GatewayMetrics, CallEventPublisher {

    public final List<Long> frameLateness = new CopyOnWriteArrayList<>();
    public final List<long[]> bargeIns = new CopyOnWriteArrayList<>();
    public final List<LatencyLedger> ledgers = new CopyOnWriteArrayList<>();
    public final List<TurnLatency.ServerAddedParts> serverAddedParts = new CopyOnWriteArrayList<>();
    public final List<String> sessionsEnded = new CopyOnWriteArrayList<>();
    public final List<TurnOutcome> turnOutcomes = new CopyOnWriteArrayList<>();
    public final List<TurnEvent> turnEvents = new CopyOnWriteArrayList<>();

    @Override
    public void frameSent(long latenessNanos) {
        frameLateness.add(latenessNanos);
    }

    @Override
    public void bargeIn(long toClearNanos, long toCancelNanos) {
        bargeIns.add(new long[] {toClearNanos, toCancelNanos});
    }

    @Override
    public void turnLedger(LatencyLedger ledger) {
        ledgers.add(ledger);
    }

    @Override
    public void serverAddedParts(TurnLatency.ServerAddedParts parts) {
        serverAddedParts.add(parts);
    }

    @Override
    public void watchActiveSessions(IntSupplier count) {
    }

    @Override
    public void watchLateTicks(LongSupplier count) {
    }

    @Override
    public void relayTurnLedger(LatencyLedger ledger) {
        throw new AssertionError("a stream session recorded a relay ledger");
    }

    @Override
    public void sessionEnded(String reason) {
        sessionsEnded.add(reason);
    }

    @Override
    public void webhookHandled(String endpoint, Duration elapsed) {
    }

    @Override
    public void turnCompleted(TurnOutcome outcome, boolean ttsFallback) {
        turnOutcomes.add(outcome);
    }

    @Override
    public void callEnded(CallStatus finalStatus) {
    }

    @Override
    public void publish(CallEvent event) {
    }

    @Override
    public void publish(TurnEvent event) {
        turnEvents.add(event);
    }
}
