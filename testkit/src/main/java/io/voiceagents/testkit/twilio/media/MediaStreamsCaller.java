package io.voiceagents.testkit.twilio.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceagents.testkit.speech.SpeechFixtures;
import io.voiceagents.testkit.speech.SpeechFixtures.SpeechFixture;
import io.voiceagents.testkit.twilio.CallUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Twilio's side of one bidirectional {@code <Connect><Stream>}: the caller's line, paced in real time, and Twilio's
 * playout of what the application sends back. Made by {@link MediaStreamsCallers#connect}.
 *
 * <h2>What it sends (as Twilio)</h2>
 * {@code connected}, {@code start} (streamSid, accountSid, callSid, tracks ["inbound"], customParameters,
 * mediaFormat audio/x-mulaw 8000 Hz mono), then one inbound {@code media} frame every 20 ms (160 bytes base64,
 * track inbound, chunk 1, 2, …, timestamp in ms since start) carrying the script's speech or, between utterances,
 * the idle line (digital silence 0xFF, or line noise); {@code dtmf} (track inbound_track) for key presses; and
 * {@code stop} when the call ends. Every message but {@code connected} carries a {@code sequenceNumber}; numbers are
 * JSON strings, as Twilio sends them.
 *
 * <h2>What it does with the application's messages</h2>
 * {@code media} is queued for playout (see {@link AgentUtterance} for the timeline and measures); {@code mark} is
 * echoed once the audio queued before it has played; {@code clear} drops the queued audio and echoes pending marks
 * at once. Anything Twilio would reject is recorded in {@link MediaStreamsReport#protocolErrors()} and otherwise
 * ignored, as Twilio does.
 *
 * <h2>Script</h2>
 * The script methods ({@link #say}, {@link #silence}, {@link #waitForAgentSpeech}, {@link #waitForAgentReply},
 * {@link #waitUntilAgentQuiet}, {@link #sayWhileAgentSpeaks}, {@link #dtmf}, {@link #hangUp}) queue steps and
 * return at once; the steps run in order on the event loop that owns the caller's socket, which paces its frames
 * too. The {@code await…} methods block the calling (test) thread until something has happened and throw
 * {@link IllegalStateException} on timeout, or when the script failed. No thread of its own: hundreds of callers
 * share the pool's loops.
 */
public final class MediaStreamsCaller {

    private static final int MAX_ERRORS = 200;

    private final MediaStreamsCall call;
    private final String accountSid;
    private final Consumer<MediaStreamsCaller> onEnd;
    /** The line between utterances: line noise, or null for digital silence. Read here, not on the event loop. */
    private final byte[] idleAudio;
    private final List<String> errors = new ArrayList<>();
    private final FrameClock clock = new FrameClock();
    private final CompletableFuture<MediaStreamsReport> ended = new CompletableFuture<>();
    private final StreamWaiters waiters = new StreamWaiters();
    private final CallEnding ending = new CallEnding();
    private TwilioWebSocket socket;
    private StreamSender sender;
    private AgentMessages messages;
    private Playback playback;
    private ScriptRunner script;

    MediaStreamsCaller(MediaStreamsCall call, String accountSid, Consumer<MediaStreamsCaller> onEnd) {
        this.call = call;
        this.accountSid = accountSid;
        this.onEnd = onEnd;
        this.idleAudio = call.lineNoise() ? SpeechFixtures.get(SpeechFixtures.LINE_NOISE).muLaw() : null;
        this.playback = newPlayback();
        this.script = new ScriptRunner(playback, null, null);
    }

    private Playback newPlayback() {
        return new Playback(clock.origin(), call.utteranceGap().toNanos(), call.underrunThreshold().toNanos(), call.keepAudio());
    }

    /**
     * Called once the socket is open: sends connected and start, and starts the 20 ms frames on the socket's own
     * loop, so that each frame is written straight into the connection.
     */
    synchronized void started(TwilioWebSocket ws) {
        this.socket = ws;
        if (ending.ended()) {
            ws.abort();
            return;
        }
        sender = new StreamSender(ws, call, accountSid);
        sender.start();
        // the first tick waits for this lock: the playout and the script are ready before it runs
        clock.start(ws.executor(), this::tick);
        playback = newPlayback();
        messages = new AgentMessages(call.streamSid(), playback, sender, this::error);
        script = new ScriptRunner(playback, sender, idleAudio);
    }

    public String callSid() {
        return call.callSid();
    }

    public String streamSid() {
        return call.streamSid();
    }

    public MediaStreamsCall call() {
        return call;
    }

    // ---------------------------------------------------------------- script (queued, non-blocking)

    /** Says a speech fixture (its real audio, at real time). */
    public MediaStreamsCaller say(SpeechFixture fixture) {
        // fixtures are shared and never written: no copy (a long benchmark script queues many)
        return add(new Step.Say(fixture.name(), fixture.transcript(), fixture.muLaw(), false, 0, 0));
    }

    /** Says any mu-law 8 kHz audio, labelled {@code name} with its {@code transcript} in the report. */
    public MediaStreamsCaller say(String name, String transcript, byte[] muLaw) {
        return add(new Step.Say(name, transcript, muLaw.clone(), false, 0, 0));
    }

    /** The idle line (silence or line noise) for {@code duration}. */
    public MediaStreamsCaller silence(Duration duration) {
        return add(new Step.Silence(duration.toNanos()));
    }

    /** Waits until the agent is speaking (now, or from its next utterance); fails after the call's wait timeout. */
    public MediaStreamsCaller waitForAgentSpeech() {
        return waitForAgentSpeech(call.waitTimeout());
    }

    public MediaStreamsCaller waitForAgentSpeech(Duration timeout) {
        return add(new Step.WaitForAgentSpeech(timeout.toNanos()));
    }

    /** Waits for an agent utterance that starts after the caller last finished speaking (its reply). */
    public MediaStreamsCaller waitForAgentReply() {
        return waitForAgentReply(call.waitTimeout());
    }

    public MediaStreamsCaller waitForAgentReply(Duration timeout) {
        return add(new Step.WaitForAgentReply(timeout.toNanos()));
    }

    /** Waits until no audible agent audio has played for {@code quiet}. */
    public MediaStreamsCaller waitUntilAgentQuiet(Duration quiet) {
        return waitUntilAgentQuiet(quiet, call.waitTimeout());
    }

    public MediaStreamsCaller waitUntilAgentQuiet(Duration quiet, Duration timeout) {
        return add(new Step.WaitUntilAgentQuiet(quiet.toNanos(), timeout.toNanos()));
    }

    /**
     * Barge-in: waits until the agent is speaking, then starts saying {@code fixture} {@code afterMillis} after the
     * agent's utterance began (at once if that moment has passed). Recorded as a {@link BargeIn}.
     */
    public MediaStreamsCaller sayWhileAgentSpeaks(long afterMillis, SpeechFixture fixture) {
        return add(new Step.Say(fixture.name(), fixture.transcript(), fixture.muLaw(), true,
                afterMillis * 1_000_000L, call.waitTimeout().toNanos()));
    }

    /** Presses keys: one {@code dtmf} message per digit (0-9, *, #, A-D), about 200 ms apart. */
    public MediaStreamsCaller dtmf(String digits) {
        if (!digits.matches("[0-9*#A-Da-d]+")) {
            throw new IllegalArgumentException("not DTMF digits: " + digits);
        }
        return add(new Step.Dtmf(digits.toUpperCase()));
    }

    /** Hangs up when the script reaches this step: {@code stop}, then the socket is closed (1000). */
    public MediaStreamsCaller hangUp() {
        return add(new Step.HangUp());
    }

    private synchronized MediaStreamsCaller add(Step step) {
        if (!ending.ended()) {
            script.add(step);
        }
        return this;
    }

    // ---------------------------------------------------------------- awaits (blocking)

    /** Blocks until every queued step has run; throws when a step failed or the stream ended first. */
    public MediaStreamsReport awaitScript(Duration timeout) {
        awaitState(() -> script.idle() || script.failure() != null || ending.ended(), timeout, "the script to finish",
                true, false);
        MediaStreamsReport r = report();
        if (r.scriptFailure() != null) {
            throw new IllegalStateException("script failed: " + r.summary());
        }
        if (r.stepsLeft() > 0) {
            throw new IllegalStateException("stream ended before the script finished: " + r.summary());
        }
        return r;
    }

    /**
     * Blocks until the stream has ended (hang-up, REST update, server close or failure) and the end has been
     * fully handled: the pool has let go of the caller and the REST emulator shows the call's final status.
     */
    public MediaStreamsReport awaitEnd(Duration timeout) {
        EndWait.await(ended, timeout, () -> report().summary());
        return report();
    }

    /** Blocks until at least {@code count} agent utterances have started. */
    public MediaStreamsReport awaitAgentUtterances(int count, Duration timeout) {
        awaitState(() -> playback.utteranceCount() >= count, timeout, count + " agent utterances", false, false);
        return report();
    }

    /** Blocks until at least {@code count} {@code clear} messages have arrived. */
    public MediaStreamsReport awaitClears(int count, Duration timeout) {
        awaitState(() -> playback.clearCount() >= count, timeout, count + " clears", false, false);
        return report();
    }

    /** Blocks until at least {@code count} marks have been echoed. */
    public MediaStreamsReport awaitMarkEchoes(int count, Duration timeout) {
        awaitState(() -> playback.echoedMarkCount() >= count, timeout, count + " mark echoes", false, false);
        return report();
    }

    /** Blocks until {@code condition} holds for the report (evaluated without audio, every frame and message). */
    public MediaStreamsReport await(Predicate<MediaStreamsReport> condition, Duration timeout) {
        awaitState(() -> condition.test(snapshot(false)), timeout, "the condition", false, true);
        return report();
    }

    /** Completes with the final report when the stream ends (for benchmarks: no thread waits). */
    public CompletableFuture<MediaStreamsReport> whenEnded() {
        return ended;
    }

    /**
     * Waits on this caller's monitor until {@code done}; a failed script always ends the wait, and so does the end of
     * the stream unless {@code untilEnd}. The monitor is notified when a wait may be over (see {@link #wakeWaiters});
     * {@code onReport}: {@code done} tests a report, which may change with any frame.
     */
    private synchronized void awaitState(BooleanSupplier done, Duration timeout, String what, boolean untilEnd,
                                         boolean onReport) {
        waiters.enter(onReport, script, playback);
        try {
            StateWait.await(this, done, () -> script.failure() != null ? "script failed"
                            : ending.ended() && !untilEnd ? "stream ended" : null,
                    () -> snapshot(false).summary(), timeout, what);
        } finally {
            waiters.exit(onReport);
        }
    }

    // ---------------------------------------------------------------- report

    /** Everything so far, agent audio included. */
    public synchronized MediaStreamsReport report() {
        return snapshot(true);
    }

    private MediaStreamsReport snapshot(boolean withAudio) {
        long now = System.nanoTime();
        List<ClearEvent> clears = playback.clears();
        return new MediaStreamsReport(call.callSid(), call.streamSid(), playback.utterances(now, withAudio), script.said(),
                playback.marks(), clears, script.bargeIns(clears), script.dtmfSent(), clock.frames(), playback.receivedBytes(),
                playback.underruns(), playback.lateness(), clock.pacing(), List.copyOf(errors), script.failure(),
                script.stepsLeft(), ending.how(), ending.closeCode(), ending.closeReason(), ending.transferredTo(),
                ending.redirectedTo(), socket == null ? 0 : socket.maxBacklog());
    }

    // ---------------------------------------------------------------- pacing (the socket's event loop)

    private void tick() {
        long now = System.nanoTime();
        boolean hangUp;
        synchronized (this) {
            if (ending.ended()) {
                return;
            }
            clock.ticked(now);
            for (String name : playback.due(now)) {
                sender.markEcho(name);
            }
            byte[] frame = script.nextFrame(now);
            if (frame != null) {
                sender.media(clock.frames(), frame);
                clock.frameSent();
            }
            wakeWaiters();
            // the script hung up: finished once the lock is let go, as the end's callbacks must not run under it
            hangUp = frame == null;
        }
        if (hangUp) {
            finish(StreamEnd.CALLER_HUNG_UP, true);
        }
    }

    /** Under the lock, after a frame or a message: wakes the threads in {@link #awaitState} if it may end a wait. */
    private void wakeWaiters() {
        if (waiters.wake(script, playback)) {
            notifyAll();
        }
    }

    // ---------------------------------------------------------------- from the application

    void onText(String text) {
        long now = System.nanoTime();
        // the agent's audio, most of what arrives: read without a JSON tree when it is plainly shaped
        byte[] audio = StreamMessages.mediaPayload(text, call.streamSid());
        JsonNode msg = null;
        if (audio == null) {
            try {
                msg = StreamMessages.JSON.readTree(text);
            } catch (Exception e) {
                error("not JSON: " + AgentMessages.abbreviate(text));
                return;
            }
        }
        synchronized (this) {
            if (ending.ended() || socket == null) {
                return;
            }
            if (audio != null) {
                messages.onMedia(now, audio);
            } else {
                messages.onMessage(now, msg, text);
            }
            wakeWaiters();
        }
    }

    void onBinary(int bytes) {
        error("binary message of " + bytes + " bytes: Media Streams carries JSON text only");
    }

    void onClosed(int code, String reason) {
        synchronized (this) {
            ending.closed(code, reason);
        }
        finish(StreamEnd.CLOSED_BY_SERVER, false);
    }

    void onFailure(Throwable error) {
        error("transport: " + error);
        finish(StreamEnd.TRANSPORT_ERROR, false);
    }

    /** A REST update of this call: hang-up or new instructions end the stream, as Twilio leaves the {@code <Connect>}. */
    void onCallUpdate(CallUpdate update) {
        if (update.hungUp()) {
            finish(StreamEnd.HUNG_UP_BY_REST, true);
        } else if (update.redirected()) {
            synchronized (this) {
                ending.redirected(update, this::error);
            }
            finish(StreamEnd.REDIRECTED_BY_REST, true);
        }
    }

    /** Drops the connection (the pool closing): no stop. */
    void abort() {
        finish(StreamEnd.ABORTED, false);
        TwilioWebSocket s;
        synchronized (this) {
            s = socket;
        }
        if (s != null) {
            s.abort();
        }
    }

    private void finish(StreamEnd how, boolean sendStop) {
        MediaStreamsReport last;
        synchronized (this) {
            if (!ending.end(how)) {
                return;
            }
            clock.stop();
            if (sendStop && sender != null) {
                sender.stop();
            }
            notifyAll();
            last = snapshot(call.keepAudio());
        }
        try {
            onEnd.accept(this);
        } finally {
            ended.complete(last);
        }
    }

    private synchronized void error(String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(message);
        }
        notifyAll();
    }

    synchronized LatenessHistogram inboundPacing() {
        return clock.pacing();
    }

    synchronized boolean hasEnded() {
        return ending.ended();
    }
}
