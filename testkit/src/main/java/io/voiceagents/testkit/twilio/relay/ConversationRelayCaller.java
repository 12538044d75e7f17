package io.voiceagents.testkit.twilio.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceagents.testkit.twilio.CallUpdate;
import io.voiceagents.testkit.twilio.TwimlParser;
import io.voiceagents.testkit.twilio.media.ConnectTwiml;
import io.voiceagents.testkit.twilio.media.StreamEnd;
import io.voiceagents.testkit.twilio.media.TwilioWebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
    private final ArrayDeque<RelayStep> steps = new ArrayDeque<>();
    private final List<RelayReport.Prompt> prompts = new ArrayList<>();
    private final List<Long> promptNanos = new ArrayList<>();
    private final List<RelayReplyProgress> replies = new ArrayList<>();
    private final List<RelayReport.Interrupt> interrupts = new ArrayList<>();
    private final List<String> digitsToSend = new ArrayList<>();
    private final List<String> languages = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final StringBuilder dtmfSent = new StringBuilder();
    private TwilioWebSocket socket;
    // the socket's event loop: the script's wake-ups run there, beside the socket's messages
    private ScheduledExecutorService scheduler;
    private long origin = System.nanoTime();
    private boolean stepStarted;
    private long stepStart;
    private int dtmfNext;
    private String failure;
    private String handoffData;
    private boolean endReceived;
    private StreamEnd end;
    private int closeCode = -1;
    private String closeReason;
    private String transferredTo;
    private String redirectedTo;
    private java.util.concurrent.ScheduledFuture<?> wake;
    private long wakeAt;

    ConversationRelayCaller(ConversationRelayCall call, String accountSid, Consumer<ConversationRelayCaller> onEnd) {
        this.call = call;
        this.accountSid = accountSid;
        this.onEnd = onEnd;
    }

    synchronized void started(TwilioWebSocket ws) {
        socket = ws;
        scheduler = ws.executor();
        if (end != null) {
            ws.abort();
            return;
        }
        origin = System.nanoTime();
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
            if (end == null && failure == null) {
                steps.add(step);
            }
        }
        advance();
        return this;
    }

    // ---------------------------------------------------------------- awaits

    public RelayReport awaitScript(Duration timeout) {
        awaitState(() -> steps.isEmpty() || failure != null || end != null, timeout, "the script to finish", true);
        RelayReport r = report();
        if (r.scriptFailure() != null || r.stepsLeft() > 0) {
            throw new IllegalStateException("script did not finish: " + r.summary());
        }
        return r;
    }

    /** The complete reply to the latest prompt (the first reply before any prompt). */
    public AgentReply awaitReply(Duration timeout) {
        awaitState(() -> replyToLatestPrompt() != null && replyToLatestPrompt().complete, timeout, "a reply", false);
        synchronized (this) {
            return snapshot(replyToLatestPrompt());
        }
    }

    /** Blocks until {@code condition} holds for the report (evaluated on every change). */
    public RelayReport await(java.util.function.Predicate<RelayReport> condition, Duration timeout) {
        awaitState(() -> condition.test(snapshot()), timeout, "the condition", false);
        return report();
    }

    public RelayReport awaitEnd(Duration timeout) {
        io.voiceagents.testkit.twilio.media.EndWait.await(ended, timeout, () -> report().summary());
        return report();
    }

    public CompletableFuture<RelayReport> whenEnded() {
        return ended;
    }

    private synchronized void awaitState(BooleanSupplier done, Duration timeout, String what, boolean untilEnd) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (failure != null) {
                throw new IllegalStateException("script failed while waiting for " + what + ": " + snapshot().summary());
            }
            if (end != null && !untilEnd) {
                throw new IllegalStateException("session ended while waiting for " + what + ": " + snapshot().summary());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what + ": "
                        + snapshot().summary());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    public synchronized RelayReport report() {
        return snapshot();
    }

    private RelayReport snapshot() {
        List<AgentReply> out = new ArrayList<>(replies.size());
        for (RelayReplyProgress r : replies) {
            out.add(snapshot(r));
        }
        return new RelayReport(call.callSid(), call.sessionId(), List.copyOf(prompts), out, List.copyOf(interrupts),
                dtmfSent.toString(), List.copyOf(digitsToSend), List.copyOf(languages), handoffData, endReceived,
                List.copyOf(errors), failure, steps.size(), end, closeCode, closeReason, transferredTo, redirectedTo);
    }

    private AgentReply snapshot(RelayReplyProgress r) {
        long promptAt = r.promptIndex < 0 ? -1 : promptNanos.get(r.promptIndex);
        return r.snapshot(origin, promptAt);
    }

    private long ms(long nanos) {
        return (nanos - origin) / 1_000_000;
    }

    // ---------------------------------------------------------------- running the script

    /** Runs steps until one must wait; re-entered on every message and by scheduled wake-ups. */
    private void advance() {
        boolean hangUp = false;
        synchronized (this) {
            long now = System.nanoTime();
            while (end == null && failure == null && socket != null && !steps.isEmpty()) {
                RelayStep step = steps.peek();
                if (!stepStarted) {
                    stepStarted = true;
                    stepStart = now;
                    dtmfNext = 0;
                }
                long wakeAt = run(step, now);
                if (wakeAt == 0) {
                    steps.poll();
                    stepStarted = false;
                    if (step instanceof RelayStep.HangUp) {
                        hangUp = true;
                        break;
                    }
                } else {
                    if (wakeAt > 0 && (wake == null || wake.isDone() || wakeAt < this.wakeAt)) {
                        if (wake != null) {
                            wake.cancel(false);
                        }
                        this.wakeAt = wakeAt;
                        wake = scheduler.schedule(this::advance, Math.max(1, wakeAt - now), TimeUnit.NANOSECONDS);
                    }
                    break;
                }
            }
            notifyAll();
        }
        if (hangUp) {
            finish(StreamEnd.CALLER_HUNG_UP, true, -1, null);
        }
    }

    /** 0 when the step is done; else when to look again (nanoTime), or -1 to wait for a message. */
    private long run(RelayStep step, long now) {
        switch (step) {
            case RelayStep.Prompt p -> {
                closeOpenReply();
                prompts.add(new RelayReport.Prompt(prompts.size(), p.text(), ms(now)));
                promptNanos.add(now);
                socket.send(RelayMessages.prompt(p.text(), p.lang()));
                return 0;
            }
            case RelayStep.WaitForReply w -> {
                RelayReplyProgress r = replyToLatestPrompt();
                return r != null && r.complete ? 0 : waitUntil(w.timeoutNanos(), now, "waitForReply");
            }
            case RelayStep.InterruptAfter i -> {
                RelayReplyProgress r = replyToLatestPrompt();
                if (r == null) {
                    return waitUntil(i.timeoutNanos(), now, "interruptAfter");
                }
                long at = r.firstNanos + i.afterNanos();
                if (now < at) {
                    return at;
                }
                interrupt(r, now);
                return 0;
            }
            case RelayStep.Dtmf d -> {
                for (char c : d.digits().toCharArray()) {
                    dtmfSent.append(c);
                    socket.send(RelayMessages.dtmf(c));
                }
                return 0;
            }
            case RelayStep.Pause p -> {
                return now - stepStart >= p.nanos() ? 0 : stepStart + p.nanos();
            }
            case RelayStep.Error e -> {
                socket.send(RelayMessages.error(e.description()));
                return 0;
            }
            case RelayStep.HangUp h -> {
                return 0;
            }
        }
    }

    private long waitUntil(long timeoutNanos, long now, String what) {
        if (now - stepStart > timeoutNanos) {
            failure = what + " timed out after " + (now - stepStart) / 1_000_000 + " ms (" + steps.size() + " steps left)";
            steps.clear();
            stepStarted = false;
            return -1;
        }
        return stepStart + timeoutNanos + 1;
    }

    /** Sends {@code interrupt} with what Twilio's speech had said of {@code r}, unless it cannot be interrupted. */
    private void interrupt(RelayReplyProgress r, long now) {
        long elapsedNanos = now - r.firstNanos;
        String heard = r.heardAfter(elapsedNanos, call.ttsCharsPerSecond());
        if (heard == null) {
            return;
        }
        r.interrupted = true;
        r.spoken = heard;
        long durationMs = elapsedNanos / 1_000_000;
        interrupts.add(new RelayReport.Interrupt(r.index, ms(now), heard, durationMs));
        socket.send(RelayMessages.interrupt(heard, durationMs));
    }

    private RelayReplyProgress replyToLatestPrompt() {
        int latest = prompts.size() - 1;
        for (int i = replies.size() - 1; i >= 0; i--) {
            if (replies.get(i).promptIndex == latest) {
                return replies.get(i);
            }
        }
        return null;
    }

    private void closeOpenReply() {
        if (!replies.isEmpty()) {
            replies.getLast().closed = true;
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
            if (end != null) {
                return;
            }
            switch (msg.path("type").asText("")) {
                case "text" -> token(msg, now, text);
                case "play" -> {
                    if (!msg.path("source").isTextual()) {
                        invalid("play without source", text);
                    } else if (!replies.isEmpty() && !replies.getLast().closed) {
                        replies.getLast().plays.add(msg.path("source").asText());
                    } else {
                        RelayReplyProgress r = openReply(now);
                        r.plays.add(msg.path("source").asText());
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
        RelayReplyProgress r = replies.isEmpty() || replies.getLast().closed || replies.getLast().complete
                ? openReply(now) : replies.getLast();
        r.token(msg.path("token").asText(), msg.path("interruptible").asBoolean(true), msg.path("last").asBoolean(false), now);
    }

    private RelayReplyProgress openReply(long now) {
        int latest = prompts.size() - 1;
        boolean answered = false;
        for (RelayReplyProgress r : replies) {
            answered |= r.promptIndex == latest && latest >= 0;
        }
        RelayReplyProgress r = new RelayReplyProgress(replies.size(), answered ? -1 : latest, now);
        r.lastNanos = now;
        replies.add(r);
        return r;
    }

    private void invalid(String problem, String raw) {
        String shown = raw.length() <= 200 ? raw : raw.substring(0, 200) + "…";
        synchronized (this) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(problem + ": " + shown);
            }
            if (socket != null && end == null) {
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
                redirectedTo = update.url();
                if (update.twiml() != null) {
                    try {
                        transferredTo = ConnectTwiml.dialedNumber(update.twiml()).orElse(null);
                    } catch (TwimlParser.InvalidTwimlException e) {
                        errors.add("REST update with invalid Twiml: " + e.getMessage());
                    }
                }
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
                closeCode = code;
                closeReason = reason;
            }
            if (end != null) {
                return;
            }
            end = how;
            if (close && socket != null) {
                socket.close(1000, "");
                TwilioWebSocket s = socket;
                scheduler.schedule(s::abort, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
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
        return end != null;
    }
}
