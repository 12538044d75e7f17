package io.voiceagents.gateway.application.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.SerialExecutor;
import io.voiceagents.gateway.application.CallEvents;
import io.voiceagents.gateway.application.CallToken;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.ConversationStreams.ReplyEnd;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.RelayHandoff;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;

/**
 * One ConversationRelay socket: Twilio transcribes the caller and speaks the agent's text; this session turns
 * each caller prompt (or keys pressed) into a streamed reply from agent-service and forwards it token by token.
 *
 * <p>Every message, reply callback and timer is run on the session's own {@link SerialExecutor}, so the state
 * below is confined to one thread at a time and nothing here waits on the socket's event loop. Replies are
 * identified by their {@link Reply} object: a callback of a reply that was cancelled or replaced is dropped.
 */
public final class RelaySession {

    private static final Logger LOG = Logger.getLogger(RelaySession.class);
    private static final String DTMF_KEYS = "0123456789*#ABCD";

    /** What a session needs; one instance is shared by all sessions. */
    public record Dependencies(CallRepository calls, TurnRepository turns, ConversationStreams streams,
            CallEventPublisher events, LiveCallFeed live, GatewayMetrics metrics, Settings settings, Timers timers,
            LongSupplier nanoClock) {
    }

    /**
     * @param tokenSecret     the key call tokens are checked with (the Twilio auth token)
     * @param apology         said when agent-service fails
     * @param dtmfPause       keys without '#' are sent after this pause
     * @param maxPromptLength longest utterance kept from partial prompts
     */
    public record Settings(String tokenSecret, String apology, Duration dtmfPause, int maxPromptLength) {
    }

    /** Runs a task later (on any thread); the returned action cancels it. */
    @FunctionalInterface
    public interface Timers {
        Runnable schedule(Duration delay, Runnable task);
    }

    private enum State {
        AWAITING_SETUP, READY, ENDING, CLOSED
    }

    private final Dependencies deps;
    private final RelayOutput output;
    private final Executor serial;

    private State state = State.AWAITING_SETUP;
    private Call call;
    private int nextTurnIndex;
    /** The latest turn whose reply was complete (Twilio may still be speaking it); -1 before any. */
    private int lastSpokenTurn = -1;
    private boolean lastSpokenInterrupted;
    private final StringBuilder partialPrompt = new StringBuilder();
    private final StringBuilder dtmfDigits = new StringBuilder();
    private Runnable cancelDtmfTimer;
    private Reply current;

    RelaySession(Dependencies deps, RelayOutput output, Executor executor) {
        this.deps = deps;
        this.output = output;
        this.serial = new SerialExecutor(executor, "relay session");
    }

    /** A message from Twilio; {@code receivedNanos} is when it arrived (for the latency ledger). */
    public void receive(RelayMessage message, long receivedNanos) {
        serial.execute(() -> handle(message, receivedNanos));
    }

    /** A frame that could not be parsed: logged, the session goes on. */
    public void malformed(String reason) {
        serial.execute(() -> LOG.warnf("relay session%s: malformed message ignored: %s", callLabel(), reason));
    }

    /** The socket closed (Twilio ended the session, the caller hung up, or the network failed). */
    public void closed() {
        serial.execute(this::onClosed);
    }

    private void handle(RelayMessage message, long receivedNanos) {
        if (state == State.CLOSED) {
            return;
        }
        if (message instanceof RelayMessage.Setup setup) {
            onSetup(setup);
            return;
        }
        if (state == State.AWAITING_SETUP) {
            LOG.warnf("relay session: %s before setup ignored", message.getClass().getSimpleName());
            return;
        }
        switch (message) {
            case RelayMessage.Prompt prompt -> onPrompt(prompt, receivedNanos);
            case RelayMessage.Interrupt interrupt -> onInterrupt(interrupt);
            case RelayMessage.Dtmf dtmf -> onDtmf(dtmf, receivedNanos);
            case RelayMessage.Error error -> LOG.warnf("relay session%s: ConversationRelay reported an error: %s",
                    callLabel(), error.description());
            case RelayMessage.Setup setup -> throw new IllegalStateException("handled above");
        }
    }

    private void onSetup(RelayMessage.Setup setup) {
        if (state != State.AWAITING_SETUP) {
            LOG.warnf("relay session%s: second setup ignored", callLabel());
            return;
        }
        try {
            accept(setup);
        } catch (RuntimeException e) {
            LOG.errorf(e, "relay session %s for call %s could not be set up", setup.sessionId(), setup.callSid());
            shut("internal error");
        }
    }

    private void accept(RelayMessage.Setup setup) {
        String callSid = setup.callSid();
        if (!CallToken.verify(deps.settings().tokenSecret(), callSid, setup.customParameters().get(CallToken.PARAMETER))) {
            LOG.warnf("relay session %s for call %s refused: missing or invalid call token", setup.sessionId(), callSid);
            shut("invalid call token");
            return;
        }
        Optional<Call> found = deps.calls().find(callSid);
        if (found.isEmpty() || found.get().agentId() == null) {
            LOG.warnf("relay session %s: call %s is %s, closing", setup.sessionId(), callSid,
                    found.isEmpty() ? "unknown" : "not answered by an agent");
            shut(found.isEmpty() ? "unknown call" : "call has no agent");
            return;
        }
        call = found.get();
        Optional<Turn> last = deps.turns().lastTurn(callSid);
        nextTurnIndex = last.map(turn -> turn.turnIndex() + 1).orElse(Turn.GREETING_INDEX + 1);
        lastSpokenTurn = last.map(Turn::turnIndex).orElse(-1);
        lastSpokenInterrupted = last.map(Turn::interrupted).orElse(false);
        state = State.READY;
        LOG.infof("relay session %s: call %s (agent %s) connected, next turn %d", setup.sessionId(), callSid,
                call.agentId(), nextTurnIndex);
    }

    private void onPrompt(RelayMessage.Prompt prompt, long receivedNanos) {
        if (state != State.READY) {
            return;
        }
        String piece = prompt.voicePrompt() == null ? "" : prompt.voicePrompt();
        int room = deps.settings().maxPromptLength() - partialPrompt.length();
        partialPrompt.append(piece, 0, Math.max(0, Math.min(room, piece.length())));
        if (!prompt.last()) {
            return;
        }
        String utterance = partialPrompt.toString().strip();
        partialPrompt.setLength(0);
        String digits = takeDtmf();
        if (utterance.isEmpty() && digits == null) {
            LOG.debugf("call %s: empty prompt ignored", call.callSid());
            return;
        }
        startTurn(utterance, digits, receivedNanos);
    }

    private void onDtmf(RelayMessage.Dtmf dtmf, long receivedNanos) {
        if (state != State.READY) {
            return;
        }
        String digit = dtmf.digit() == null ? "" : dtmf.digit().strip().toUpperCase(Locale.ROOT);
        if (digit.length() != 1 || DTMF_KEYS.indexOf(digit.charAt(0)) < 0) {
            LOG.warnf("call %s: DTMF digit '%s' ignored", call.callSid(), dtmf.digit());
            return;
        }
        if (digit.equals("#")) {
            // '#' ends the input; pressed alone it is the input
            String digits = takeDtmf();
            startTurn("", digits == null ? "#" : digits, receivedNanos);
            return;
        }
        dtmfDigits.append(digit);
        cancelDtmfTimer();
        cancelDtmfTimer = deps.timers().schedule(deps.settings().dtmfPause(),
                () -> serial.execute(() -> dtmfPauseElapsed(deps.nanoClock().getAsLong())));
    }

    private void dtmfPauseElapsed(long nowNanos) {
        if (state != State.READY) {
            return;
        }
        String digits = takeDtmf();
        if (digits != null) {
            startTurn("", digits, nowNanos);
        }
    }

    /** The keys collected so far (null when none), clearing them and their timer. */
    private String takeDtmf() {
        cancelDtmfTimer();
        if (dtmfDigits.isEmpty()) {
            return null;
        }
        String digits = dtmfDigits.toString();
        dtmfDigits.setLength(0);
        return digits;
    }

    private void cancelDtmfTimer() {
        if (cancelDtmfTimer != null) {
            cancelDtmfTimer.run();
            cancelDtmfTimer = null;
        }
    }

    private void startTurn(String utterance, String digits, long receivedNanos) {
        if (current != null) {
            // Twilio only sends a prompt mid-reply when it did not interrupt (interruptible off): the new
            // input wins, and the reply stops where it was
            LOG.infof("call %s: new input while turn %d was replying, that reply stops", call.callSid(), current.turnIndex);
            finishInterrupted(current, current.sent.toString());
        }
        int turnIndex = nextTurnIndex++;
        String callerText = callerText(utterance, digits);
        Reply reply = new Reply(turnIndex, callerText, receivedNanos);
        current = reply;
        if (!utterance.isEmpty()) {
            publishLive(LiveCallEvent.Type.CALLER_FINAL, utterance, turnIndex);
        }
        if (digits != null) {
            publishLive(LiveCallEvent.Type.DTMF, digits, turnIndex);
        }
        reply.stream = deps.streams().streamReply(call.callSid(), utterance, 0f, digits,
                Turn.turnId(call.callSid(), turnIndex), new ConversationStreams.ReplyListener() {
                    @Override
                    public void onDelta(String text, long llmFirstTokenMs) {
                        serial.execute(() -> delta(reply, text, llmFirstTokenMs));
                    }

                    @Override
                    public void onComplete(ReplyEnd end) {
                        serial.execute(() -> complete(reply, end));
                    }

                    @Override
                    public void onError(AgentServiceException error) {
                        serial.execute(() -> failed(reply, error));
                    }
                });
    }

    private void delta(Reply reply, String text, long llmFirstTokenMs) {
        if (reply != current || state == State.CLOSED) {
            return;
        }
        if (reply.llmFirstTokenMs == null && llmFirstTokenMs > 0) {
            reply.llmFirstTokenMs = llmFirstTokenMs;
        }
        if (text == null || text.isEmpty()) {
            return;
        }
        send(reply, text, false);
        publishLive(LiveCallEvent.Type.AGENT_TEXT, text, reply.turnIndex);
    }

    private void complete(Reply reply, ReplyEnd end) {
        if (reply != current || state == State.CLOSED) {
            return;
        }
        current = null;
        TurnOutcome outcome = end.outcome() == null ? TurnOutcome.OK : end.outcome();
        boolean silentEnd = outcome == TurnOutcome.END_CALL || outcome == TurnOutcome.TRANSFER;
        if (reply.sent.toString().isBlank() && !silentEnd) {
            LOG.warnf("call %s turn %d: agent-service replied with no text, the caller hears the apology",
                    call.callSid(), reply.turnIndex);
            apologise(reply, null);
            return;
        }
        send(reply, "", true);
        Long llmLatency = end.llmLatencyMs() > 0 ? end.llmLatencyMs() : null;
        if (end.replayed() && reply.llmFirstTokenMs == null) {
            reply.noLlm = true;
        }
        store(reply, reply.sent.toString(), outcome, llmLatency, false);
        lastSpoken(reply.turnIndex);
        if (outcome == TurnOutcome.END_CALL) {
            endSession(RelayHandoff.endCall());
        } else if (outcome == TurnOutcome.TRANSFER) {
            if (RelayHandoff.isE164(end.transferTo())) {
                endSession(RelayHandoff.transfer(end.transferTo()));
            } else {
                LOG.errorf("call %s turn %d: agent asked for a transfer to '%s', which is not an E.164 number; "
                        + "the conversation goes on", call.callSid(), reply.turnIndex, end.transferTo());
            }
        }
    }

    private void failed(Reply reply, AgentServiceException error) {
        if (reply != current || state == State.CLOSED) {
            return;
        }
        current = null;
        LOG.warnf("call %s turn %d: agent-service %s, the caller hears an apology: %s", call.callSid(), reply.turnIndex,
                error.timedOut() ? "missed the reply budget" : "failed", error.getMessage());
        apologise(reply, error);
    }

    /** The reply could not be had: the apology is spoken after whatever was already sent. */
    private void apologise(Reply reply, AgentServiceException error) {
        String apology = deps.settings().apology();
        String token = reply.sent.isEmpty() ? apology : " " + apology;
        send(reply, token, true);
        store(reply, reply.sent.toString(), TurnOutcome.FALLBACK, null, false);
        lastSpoken(reply.turnIndex);
    }

    private void onInterrupt(RelayMessage.Interrupt interrupt) {
        String heard = interrupt.utteranceUntilInterrupt() == null ? "" : interrupt.utteranceUntilInterrupt();
        if (current != null) {
            Reply reply = current;
            finishInterrupted(reply, heard);
            return;
        }
        if (lastSpokenTurn < 0 || lastSpokenInterrupted) {
            LOG.debugf("call %s: interrupt with nothing to interrupt ignored", call.callSid());
            return;
        }
        // the reply was complete, but Twilio was still speaking it: keep only what was heard
        lastSpokenInterrupted = true;
        try {
            deps.turns().markInterrupted(call.callSid(), lastSpokenTurn, heard);
        } catch (RuntimeException e) {
            LOG.errorf(e, "call %s: interruption of turn %d could not be stored", call.callSid(), lastSpokenTurn);
        }
        deps.streams().recordInterruption(call.callSid(), Turn.turnId(call.callSid(), lastSpokenTurn), heard);
        publishLive(LiveCallEvent.Type.AGENT_INTERRUPTED, heard, lastSpokenTurn);
        LOG.debugf("call %s: turn %d interrupted after %s ms", call.callSid(), lastSpokenTurn,
                interrupt.durationUntilInterruptMs());
    }

    /** Stops a reply in progress and stores it as interrupted, keeping {@code heard} as what the agent said. */
    private void finishInterrupted(Reply reply, String heard) {
        current = null;
        reply.stream.cancel();
        store(reply, heard, TurnOutcome.OK, null, true);
        deps.streams().recordInterruption(call.callSid(), Turn.turnId(call.callSid(), reply.turnIndex), heard);
        publishLive(LiveCallEvent.Type.AGENT_INTERRUPTED, heard, reply.turnIndex);
        lastSpokenTurn = reply.turnIndex;
        lastSpokenInterrupted = true;
    }

    private void onClosed() {
        if (state == State.CLOSED) {
            return;
        }
        cancelDtmfTimer();
        Reply reply = current;
        current = null;
        state = State.CLOSED;
        if (reply != null && call != null) {
            // the caller hung up (or the socket broke) mid-reply: keep what had been sent, marked cut short
            reply.stream.cancel();
            store(reply, reply.sent.toString(), TurnOutcome.OK, null, true);
        }
        LOG.debugf("relay session%s closed", callLabel());
    }

    private void endSession(RelayHandoff handoff) {
        state = State.ENDING;
        cancelDtmfTimer();
        output.end(handoff);
        LOG.infof("call %s: relay session ended by the agent (%s)", call.callSid(), handoff.reasonCode());
    }

    private void shut(String reason) {
        state = State.CLOSED;
        output.close(reason);
    }

    private void send(Reply reply, String token, boolean last) {
        if (reply.firstTokenNanos == 0 && !token.isEmpty()) {
            reply.firstTokenNanos = deps.nanoClock().getAsLong();
        }
        if (!token.isEmpty()) {
            reply.sent.append(token);
        }
        output.text(token, last);
    }

    private void store(Reply reply, String agentText, TurnOutcome outcome, Long llmLatencyMs, boolean interrupted) {
        long now = deps.nanoClock().getAsLong();
        Turn turn = new Turn(call.callSid(), reply.turnIndex, reply.callerText, null, agentText, outcome, llmLatencyMs,
                null, false, millis(now - reply.receivedNanos), Instant.now(), null, interrupted, ledger(reply));
        try {
            if (deps.turns().insertIfAbsent(turn)) {
                deps.events().publish(CallEvents.of(turn, call.agentId()));
                deps.metrics().turnCompleted(outcome, false);
                if (turn.ledger() != null) {
                    deps.metrics().relayTurnLedger(turn.ledger());
                }
            }
        } catch (RuntimeException e) {
            // the conversation goes on without this row: losing the socket over it would be worse
            LOG.errorf(e, "call %s turn %d could not be stored", call.callSid(), reply.turnIndex);
        }
        if (!interrupted) {
            publishLive(LiveCallEvent.Type.AGENT_DONE, agentText, reply.turnIndex);
        }
    }

    /**
     * relay mode: Twilio does speech-to-text and text-to-speech, so endpointing, STT and TTS are not ours to
     * measure; first audio is "prompt received → first token sent", and what is not the LLM's is the suite's.
     */
    private static LatencyLedger ledger(Reply reply) {
        Long firstAudio = reply.firstTokenNanos == 0 ? null : millis(reply.firstTokenNanos - reply.receivedNanos);
        Long serverAdded = null;
        if (firstAudio != null && reply.llmFirstTokenMs != null) {
            serverAdded = Math.max(0, firstAudio - reply.llmFirstTokenMs);
        } else if (firstAudio != null && reply.noLlm) {
            serverAdded = firstAudio;
        }
        return new LatencyLedger(null, null, reply.llmFirstTokenMs, null, firstAudio, serverAdded);
    }

    private void lastSpoken(int turnIndex) {
        lastSpokenTurn = turnIndex;
        lastSpokenInterrupted = false;
    }

    private void publishLive(LiveCallEvent.Type type, String text, int turnIndex) {
        try {
            deps.live().publish(new LiveCallEvent(call.callSid(), Instant.now(), type, text, turnIndex));
        } catch (RuntimeException e) {
            LOG.debugf("call %s: live event %s lost: %s", call.callSid(), type, e.getMessage());
        }
    }

    private static String callerText(String utterance, String digits) {
        if (digits == null) {
            return utterance;
        }
        String keys = "[DTMF " + digits + "]";
        return utterance.isEmpty() ? keys : utterance + " " + keys;
    }

    private String callLabel() {
        return call == null ? "" : " of call " + call.callSid();
    }

    private static long millis(long nanos) {
        return Math.max(0, nanos / 1_000_000);
    }

    /** One caller turn and the reply being streamed for it. */
    private static final class Reply {
        final int turnIndex;
        final String callerText;
        final long receivedNanos;
        final StringBuilder sent = new StringBuilder();
        ConversationStreams.ReplyStream stream;
        long firstTokenNanos;
        Long llmFirstTokenMs;
        /** No LLM was asked (a replayed reply, a reply-less fallback): all the time to first token is the suite's. */
        boolean noLlm;

        Reply(int turnIndex, String callerText, long receivedNanos) {
            this.turnIndex = turnIndex;
            this.callerText = callerText;
            this.receivedNanos = receivedNanos;
        }
    }
}
