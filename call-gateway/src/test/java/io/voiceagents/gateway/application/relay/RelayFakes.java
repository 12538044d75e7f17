package io.voiceagents.gateway.application.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.TurnEvent;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.RelayHandoff;
import io.voiceagents.gateway.domain.StatusReport;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;

/** In-memory stand-ins for what a relay session talks to; the tests drive the reply streams by hand. */
final class RelayFakes {

    private RelayFakes() {
    }

    static Call call(String callSid, String agentId) {
        Instant now = Instant.now();
        return new Call(callSid, "ACtest", agentId, "inbound", "+15005550006", "+15005550010", CallStatus.IN_PROGRESS, null,
                now, now, null, null, now, now, 0, AgentVoice.defaults(), null);
    }

    static Turn greeting(String callSid) {
        return new Turn(callSid, Turn.GREETING_INDEX, null, null, "Hello, how can I help?", TurnOutcome.GREETING, null, null,
                false, 5, Instant.now(), null);
    }

    /** Only {@link #find} is used by sessions. */
    static final class Calls implements CallRepository {
        final Map<String, Call> calls = new ConcurrentHashMap<>();

        @Override
        public Optional<Call> find(String callSid) {
            return Optional.ofNullable(calls.get(callSid));
        }

        @Override
        public boolean insertIfAbsent(Call call) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void attachAgentIfMissing(String callSid, String agentId, AgentVoice voice) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void attachOutboundCallIfMissing(String callSid, java.util.UUID outboundCallId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StatusApplication applyStatus(StatusReport report, String idempotencyToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int registerSilence(String callSid, String idempotencyToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resetSilences(String callSid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CallPage list(CallFilter filter, int page, int size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int purgeDeliveriesReceivedBefore(Instant cutoff) {
            throw new UnsupportedOperationException();
        }
    }

    static final class Turns implements TurnRepository {
        final Map<String, Turn> turns = new ConcurrentHashMap<>();

        @Override
        public Optional<Turn> lastTurn(String callSid) {
            return all(callSid).stream().max(Comparator.comparingInt(Turn::turnIndex));
        }

        @Override
        public Optional<Turn> find(String callSid, int turnIndex) {
            return Optional.ofNullable(turns.get(callSid + ":" + turnIndex));
        }

        @Override
        public boolean insertIfAbsent(Turn turn) {
            return turns.putIfAbsent(turn.callSid() + ":" + turn.turnIndex(), turn) == null;
        }

        @Override
        public boolean markInterrupted(String callSid, int turnIndex, String heardText) {
            Turn turn = turns.get(callSid + ":" + turnIndex);
            if (turn == null || turn.interrupted()) {
                return false;
            }
            turns.put(callSid + ":" + turnIndex, new Turn(turn.callSid(), turn.turnIndex(), turn.callerText(),
                    turn.confidence(), heardText, turn.outcome(), turn.llmLatencyMs(), turn.ttsLatencyMs(),
                    turn.ttsFallback(), turn.totalLatencyMs(), turn.createdAt(), turn.idempotencyToken(), true,
                    turn.ledger()));
            return true;
        }

        @Override
        public List<Turn> listForCall(String callSid) {
            return all(callSid).stream().sorted(Comparator.comparingInt(Turn::turnIndex)).toList();
        }

        Turn get(String callSid, int turnIndex) {
            return find(callSid, turnIndex).orElseThrow(() -> new AssertionError("no turn " + turnIndex));
        }

        private List<Turn> all(String callSid) {
            return turns.values().stream().filter(turn -> turn.callSid().equals(callSid)).toList();
        }
    }

    /** Records every StreamReply; the test plays agent-service through each {@link Started#listener()}. */
    static class Streams implements ConversationStreams {
        record Started(String callSid, String utterance, String dtmfDigits, String turnId, ReplyListener listener,
                boolean[] cancelled) {
            void delta(String text, long llmFirstTokenMs) {
                listener.onDelta(text, llmFirstTokenMs);
            }

            void complete(TurnOutcome outcome, String transferTo) {
                listener.onComplete(new ReplyEnd(outcome, transferTo, 500, "m-" + turnId, false));
            }

            void fail() {
                listener.onError(new AgentServiceException("agent-service unavailable", false, true, null));
            }

            boolean isCancelled() {
                return cancelled[0];
            }
        }

        record Interruption(String callSid, String turnId, String heardText) {
        }

        final List<Started> started = new CopyOnWriteArrayList<>();
        final List<Interruption> interruptions = new CopyOnWriteArrayList<>();

        @Override
        public ReplyStream streamReply(String callSid, String utterance, float confidence, String dtmfDigits, String turnId,
                ReplyListener listener) {
            boolean[] cancelled = new boolean[1];
            started.add(new Started(callSid, utterance, dtmfDigits, turnId, listener, cancelled));
            return () -> cancelled[0] = true;
        }

        @Override
        public void recordInterruption(String callSid, String turnId, String heardText) {
            interruptions.add(new Interruption(callSid, turnId, heardText));
        }

        Started last() {
            return started.get(started.size() - 1);
        }
    }

    static final class Events implements CallEventPublisher {
        final List<TurnEvent> turns = new CopyOnWriteArrayList<>();

        @Override
        public void publish(CallEvent event) {
        }

        @Override
        public void publish(TurnEvent event) {
            turns.add(event);
        }
    }

    static final class Live implements LiveCallFeed {
        final List<LiveCallEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LiveCallEvent event) {
            events.add(event);
        }

        List<String> summary() {
            return events.stream().map(e -> e.type() + ":" + e.turnIndex() + ":" + e.text()).toList();
        }
    }

    static final class Metrics implements GatewayMetrics {
        final List<TurnOutcome> turns = new CopyOnWriteArrayList<>();
        final List<LatencyLedger> ledgers = new CopyOnWriteArrayList<>();

        @Override
        public void relayTurnLedger(LatencyLedger ledger) {
            ledgers.add(ledger);
        }

        @Override
        public void webhookHandled(String endpoint, Duration elapsed) {
        }

        @Override
        public void turnCompleted(TurnOutcome outcome, boolean ttsFallback) {
            turns.add(outcome);
        }

        @Override
        public void callEnded(CallStatus finalStatus) {
        }
    }

    /** Timers fired by the test. */
    static final class ManualTimers implements RelaySession.Timers {
        record Pending(Duration delay, Runnable task, boolean[] cancelled) {
        }

        final List<Pending> scheduled = new ArrayList<>();

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = new boolean[1];
            scheduled.add(new Pending(delay, task, cancelled));
            return () -> cancelled[0] = true;
        }

        /** Runs the timers that were not cancelled. */
        void fireAll() {
            List.copyOf(scheduled).stream().filter(p -> !p.cancelled()[0]).forEach(p -> p.task().run());
            scheduled.clear();
        }

        long active() {
            return scheduled.stream().filter(p -> !p.cancelled()[0]).count();
        }
    }

    static final class Output implements RelayOutput {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void text(String token, boolean last) {
            sent.add("text:" + token + ":" + last);
        }

        @Override
        public void end(RelayHandoff handoff) {
            sent.add("end:" + handoff.reasonCode() + (handoff.transferTo() == null ? "" : ":" + handoff.transferTo()));
        }

        @Override
        public void close(String reason) {
            sent.add("close:" + reason);
        }
    }
}
