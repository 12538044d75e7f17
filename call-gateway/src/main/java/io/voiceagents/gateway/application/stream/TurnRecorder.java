package io.voiceagents.gateway.application.stream;

import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.CallEvents;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.StreamMetrics;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.domain.Turn;

/**
 * Stores a finished `stream` turn once (with its latency ledger), then publishes its TurnEvent and meters it,
 * as gather turns are. Database work runs on the blocking executor, never on a session's thread.
 */
public final class TurnRecorder {

    private static final Logger LOG = Logger.getLogger(TurnRecorder.class);

    private final TurnRepository turns;
    private final CallEventPublisher events;
    private final GatewayMetrics metrics;
    private final StreamMetrics streamMetrics;
    private final Executor blocking;

    public TurnRecorder(TurnRepository turns, CallEventPublisher events, GatewayMetrics metrics,
            StreamMetrics streamMetrics, Executor blocking) {
        this.turns = turns;
        this.events = events;
        this.metrics = metrics;
        this.streamMetrics = streamMetrics;
        this.blocking = blocking;
    }

    public void record(Turn turn, String agentId) {
        blocking.execute(() -> {
            try {
                if (!turns.insertIfAbsent(turn)) {
                    LOG.warnf("call %s: turn %d was stored already, kept as it was", turn.callSid(), turn.turnIndex());
                    return;
                }
                events.publish(CallEvents.of(turn, agentId));
                metrics.turnCompleted(turn.outcome(), turn.ttsFallback());
                if (turn.ledger() != null) {
                    streamMetrics.turnLedger(turn.ledger());
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "call %s: storing turn %d failed", turn.callSid(), turn.turnIndex());
            }
        });
    }

    /** A stored turn (the greeting) was interrupted: keep only what the caller heard of it. */
    public void markInterrupted(String callSid, int turnIndex, String heardText) {
        blocking.execute(() -> {
            try {
                turns.markInterrupted(callSid, turnIndex, heardText);
            } catch (RuntimeException e) {
                LOG.errorf(e, "call %s: marking turn %d interrupted failed", callSid, turnIndex);
            }
        });
    }
}
