package io.voiceagents.testkit.twilio.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceagents.testkit.twilio.CallUpdate;
import io.voiceagents.testkit.twilio.media.CallEnding;
import io.voiceagents.testkit.twilio.media.EndWait;
import io.voiceagents.testkit.twilio.media.StateWait;
import io.voiceagents.testkit.twilio.media.StreamEnd;
import io.voiceagents.testkit.twilio.media.TwilioWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Twilio's side of one {@code <Connect><ConversationRelay>}: Twilio has done the speech recognition and sends text;
 * it speaks the agent's text tokens with its own text-to-speech. Made by {@link ConversationRelayCallers#connect}.
 *
 * <p>Sends {@code setup} on open, then what the script says: {@code prompt} {voicePrompt, lang, last: true},
 * {@code dtmf} {digit}, {@code interrupt} {utteranceUntilInterrupt, durationUntilInterruptMs}, {@code error}
 * {description}. Receives {@code text} {token, last, lang?, interruptible?}, {@code play}, {@code sendDigits},
 * {@code language} and {@code end} {handoffData} (after which, like Twilio, it closes the socket); anything else is
 * a protocol error, recorded and answered with an {@code error} message as Twilio does.
 *
 * <p>What an interrupt reports as heard models Twilio's speech: the reply's text is spoken from its first token's
 * arrival at {@link ConversationRelayCall#ttsCharsPerSecond()}, never ahead of the text received, cut to whole words.
 * A reply sent with {@code interruptible: false}, or already fully spoken, is not interrupted: no {@code interrupt}
 * is sent and the step completes (the report shows no {@link RelayReport.Interrupt} for it).
 *
 * <p>Script methods queue steps and return at once; steps run on message arrival and on the socket's event loop, never
 * on a thread of their own. {@code await…} methods block the calling thread and throw {@link IllegalStateException}
 * on timeout or script failure.
 */
public final class ConversationRelayCaller {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERRORS = 200;
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    private final ConversationRelayCall call;
    private final String accountSid;
    private final Consumer<ConversationRelayCaller> onEnd;
    private final CompletableFuture<RelayReport> ended = new CompletableFuture<>();
    private final RelayConversation conversation = new RelayConversation();
    private final RelayScript script;
    private final List<String> digitsToSend = new ArrayList<>();
    private final List<String> languages = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final CallEnding ending = new CallEnding();
    private TwilioWebSocket socket;
    private String handoffData;
    private boolean endReceived;

    ConversationRelayCaller(ConversationRelayCall call, String accountSid, Consumer<ConversationRelayCaller> onEnd) {
        this.call = call;
        this.accountSid = accountSid;
        this.onEnd = onEnd;
        // the script's wake-ups run on the socket's event loop, beside the socket's messages
        this.script = new RelayScript(conversation, call.ttsCharsPerSecond(), this::advance);
    }

    synchronized void started(TwilioWebSocket ws) {
        socket = ws;
        if (ending.ended()) {
            ws.abort();
            return;
        }
        conversation.start(System.nanoTime());
        ws.send(RelayMessages.setup(call, accountSid));
    }

    public String callSid() {
        return call.callSid();
    }

    public ConversationRelayCall call() {
        return call;
    }

    // ---------------------------------------------------------------- script (queued)

    /** The caller says {@code text}: a {@code prompt} with the call's lang and {@code last: true}. */
    public ConversationRelayCaller prompt(String text) {
        return add(new RelayStep.Prompt(text, call.lang()));
    }

    public ConversationRelayCaller prompt(String text, String lang) {
        return add(new RelayStep.Prompt(text, lang));
    }

    /** Waits until the reply to the latest prompt (or, before any prompt, a reply) is complete. */
    public ConversationRelayCaller waitForReply() {
        return waitForReply(call.waitTimeout());
    }

    public ConversationRelayCaller waitForReply(Duration timeout) {
        return add(new RelayStep.WaitForReply(timeout.toNanos()));
    }

    /**
     * Interrupts the agent {@code after} its reply to the latest prompt started (first token): sends
     * {@code interrupt} with what Twilio had spoken by then. Waits for that reply's first token first.
     */
    public ConversationRelayCaller interruptAfter(Duration after) {
        return add(new RelayStep.InterruptAfter(after.toNanos(), call.waitTimeout().toNanos()));
    }

    /** Key presses, one {@code dtmf} message per digit. */
    public ConversationRelayCaller dtmf(String digits) {
        if (!digits.matches("[0-9*#A-Da-d]+")) {
            throw new IllegalArgumentException("not DTMF digits: " + digits);
        }
        return add(new RelayStep.Dtmf(digits.toUpperCase()));
    }

    public ConversationRelayCaller pause(Duration duration) {
        return add(new RelayStep.Pause(duration.toNanos()));
    }

    /** Twilio reporting an error ({@code error} {description}). */
    public ConversationRelayCaller error(String description) {
        return add(new RelayStep.Error(description));
    }

    /** The caller hangs up: Twilio closes the socket. */
    public ConversationRelayCaller hangUp() {
        return add(new RelayStep.HangUp());
    }

    private ConversationRelayCaller add(RelayStep step) {
        synchronized (this) {
            if (!ending.ended()) {
                script.add(step);
            }
        }
        advance();
        return this;
    }

    // ---------------------------------------------------------------- awaits

    public RelayReport awaitScript(Duration timeout) {
        awaitState(() -> script.stepsLeft() == 0 || script.failure() != null || ending.ended(), timeout,
                "the script to finish", true);
        RelayReport r = report();
        if (r.scriptFailure() != null || r.stepsLeft() > 0) {
            throw new IllegalStateException("script did not finish: " + r.summary());
        }
        return r;
    }

    /** The complete reply to the latest prompt (the first reply before any prompt). */
    public AgentReply awaitReply(Duration timeout) {
        awaitState(() -> conversation.replyToLatestPrompt() != null && conversation.replyToLatestPrompt().complete,
                timeout, "a reply", false);
        synchronized (this) {
            return conversation.snapshot(conversation.replyToLatestPrompt());
        }
    }

    /** Blocks until {@code condition} holds for the report (evaluated on every change). */
    public RelayReport await(Predicate<RelayReport> condition, Duration timeout) {
        awaitState(() -> condition.test(snapshot()), timeout, "the condition", false);
        return report();
    }

    public RelayReport awaitEnd(Duration timeout) {
        EndWait.await(ended, timeout, () -> report().summary());
        return report();
    }

    public CompletableFuture<RelayReport> whenEnded() {
        return ended;
    }

    private synchronized void awaitState(BooleanSupplier done, Duration timeout, String what, boolean untilEnd) {
        StateWait.await(this, done, () -> script.failure() != null ? "script failed"
                        : ending.ended() && !untilEnd ? "session ended" : null,
                () -> snapshot().summary(), timeout, what);
    }

    public synchronized RelayReport report() {
        return snapshot();
    }

    private RelayReport snapshot() {
        return new RelayReport(call.callSid(), call.sessionId(), conversation.prompts(), conversation.replies(),
                conversation.interrupts(), script.dtmfSent(), List.copyOf(digitsToSend), List.copyOf(languages),
                handoffData, endReceived, List.copyOf(errors), script.failure(), script.stepsLeft(), ending.how(),
                ending.closeCode(), ending.closeReason(), ending.transferredTo(), ending.redirectedTo());
    }

    /** Runs the script until a step must wait; re-entered on every message and by the script's wake-ups. */
    private void advance() {
        boolean hangUp;
        synchronized (this) {
            hangUp = !ending.ended() && socket != null && script.advance(socket, System.nanoTime());
            notifyAll();
        }
        if (hangUp) {
            finish(StreamEnd.CALLER_HUNG_UP, true, -1, null);
        }
    }

    // ---------------------------------------------------------------- from the application

    void onText(String text) {
        long now = System.nanoTime();
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (Exception e) {
            invalid("not JSON", text);
            return;
        }
        synchronized (this) {
            if (ending.ended()) {
                return;
            }
            switch (msg.path("type").asText("")) {
                case "text" -> token(msg, now, text);
                case "play" -> {
                    if (!msg.path("source").isTextual()) {
                        invalid("play without source", text);
                    } else {
                        conversation.play(msg.path("source").asText(), now);
                    }
                }
                case "sendDigits" -> {
                    String digits = msg.path("digits").asText("");
                    if (!digits.matches("[0-9*#wW]+")) {
                        invalid("sendDigits without valid digits", text);
                    } else {
                        digitsToSend.add(digits);
                    }
                }
                case "language" -> {
                    if (!msg.hasNonNull("ttsLanguage") && !msg.hasNonNull("transcriptionLanguage")) {
                        invalid("language without ttsLanguage or transcriptionLanguage", text);
                    } else {
                        languages.add(text);
                    }
                }
                case "end" -> {
                    endReceived = true;
                    handoffData = msg.hasNonNull("handoffData") ? msg.get("handoffData").asText() : null;
                }
                default -> invalid("unknown type '" + msg.path("type").asText("") + "'", text);
            }
            notifyAll();
        }
        if (endReceived) {
            // Twilio ends the session and goes on with the <Connect action> (handoffData goes there)
            finish(StreamEnd.ENDED_BY_AGENT, true, -1, null);
        } else {
            advance();
        }
    }

    private void token(JsonNode msg, long now, String raw) {
        if (!msg.path("token").isTextual()) {
            invalid("text without a string token", raw);
            return;
        }
        conversation.token(msg.path("token").asText(), msg.path("interruptible").asBoolean(true),
                msg.path("last").asBoolean(false), now);
    }

    private void invalid(String problem, String raw) {
        String shown = raw.length() <= 200 ? raw : raw.substring(0, 200) + "…";
        synchronized (this) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(problem + ": " + shown);
            }
            if (socket != null && !ending.ended()) {
                socket.send(RelayMessages.error("Invalid message received: " + shown));
            }
            notifyAll();
        }
    }

    void onBinary(int bytes) {
        invalid("binary message", "<" + bytes + " bytes>");
    }

    void onClosed(int code, String reason) {
        finish(StreamEnd.CLOSED_BY_SERVER, false, code, reason);
    }

    void onFailure(Throwable error) {
        synchronized (this) {
            if (errors.size() < MAX_ERRORS) {
                errors.add("transport: " + error);
            }
        }
        finish(StreamEnd.TRANSPORT_ERROR, false, -1, null);
    }

    void onCallUpdate(CallUpdate update) {
        if (update.hungUp()) {
            finish(StreamEnd.HUNG_UP_BY_REST, true, -1, null);
        } else if (update.redirected()) {
            synchronized (this) {
                ending.redirected(update, errors::add);
            }
            finish(StreamEnd.REDIRECTED_BY_REST, true, -1, null);
        }
    }

    void abort() {
        finish(StreamEnd.ABORTED, false, -1, null);
        TwilioWebSocket s;
        synchronized (this) {
            s = socket;
        }
        if (s != null) {
            s.abort();
        }
    }

    private void finish(StreamEnd how, boolean close, int code, String reason) {
        RelayReport last;
        synchronized (this) {
            if (code != -1 || reason != null) {
                ending.closed(code, reason);
            }
            if (!ending.end(how)) {
                return;
            }
            if (close && socket != null) {
                socket.close(1000, "");
                TwilioWebSocket s = socket;
                s.executor().schedule(s::abort, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
            notifyAll();
            last = snapshot();
        }
        try {
            onEnd.accept(this);
        } finally {
            ended.complete(last);
        }
    }

    synchronized boolean hasEnded() {
        return ending.ended();
    }
}
