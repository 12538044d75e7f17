package io.voiceagents.gateway.application.port;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/** Meters of `stream` calls: the latency ledger per stage, playback pacing and barge-in. Calls never block. */
public interface StreamMetrics {

    /** One outbound frame sent, {@code latenessNanos} after the moment it was due (0 when on time). */
    void frameSent(long latenessNanos);

    /**
     * A barge-in was handled: from the detector's decision to {@code clear} being sent, and to the reply and
     * synthesis streams being cancelled.
     */
    void bargeIn(long toClearNanos, long toCancelNanos);

    /** A turn's ledger; stages that did not happen are null and not recorded. */
    void turnLedger(LatencyLedger ledger);

    /** Where a turn's server-added time went (reply hops, speech hops, playout). */
    void serverAddedParts(TurnLatency.ServerAddedParts parts);

    /** A session ended, with its reason (stop, socket-closed, hang-up, ...). */
    void sessionEnded(String reason);

    /** Reports {@code count} as the number of live sessions on this replica (read when metrics are scraped). */
    void watchActiveSessions(IntSupplier count);

    /** Reports {@code count} as the pacer's ticks finished more than 20 ms after their time (read when scraped). */
    void watchLateTicks(LongSupplier count);
}
