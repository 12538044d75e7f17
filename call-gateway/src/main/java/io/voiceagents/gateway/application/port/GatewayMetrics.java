package io.voiceagents.gateway.application.port;

import java.time.Duration;

import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.TurnOutcome;

/** Meters of the gateway. */
public interface GatewayMetrics {

    void webhookHandled(String endpoint, Duration elapsed);

    void turnCompleted(TurnOutcome outcome, boolean ttsFallback);

    void callEnded(CallStatus finalStatus);

    /** A relay turn's latency ledger (stream turns go to {@link StreamMetrics#turnLedger}). */
    void relayTurnLedger(LatencyLedger ledger);
}
