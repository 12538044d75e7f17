package io.voiceagents.testkit.twilio.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.testkit.speech.SpeechFixtures;
import io.voiceagents.testkit.speech.SpeechFixtures.SpeechFixture;
import io.voiceagents.testkit.twilio.CallUpdate;
import io.voiceagents.testkit.twilio.TwimlParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    private static final long FRAME_NANOS = MuLaw.FRAME_MILLIS * 1_000_000L;
    private static final int MAX_ERRORS = 200;
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    private final MediaStreamsCall call;
    private final String accountSid;
    private final Consumer<MediaStreamsCaller> onEnd;
    /** The line between utterances: line noise, or null for digital silence. Read here, not on the event loop. */
    private final byte[] idleAudio;
    private final List<String> errors = new ArrayList<>();
    private final LatenessHistogram.Recorder pacing = new LatenessHistogram.Recorder();
    private final CompletableFuture<MediaStreamsReport> ended = new CompletableFuture<>();
    private TwilioWebSocket socket;
    private ScheduledExecutorService loop;
    private Playback playback;
    private ScriptRunner script;
    private ScheduledFuture<?> ticks;
    private long origin;
    private boolean hangUpRequested;
    private long frames;
    private long sequence;
    private StreamEnd end;
    private int closeCode = -1;
    private String closeReason;
    private String transferredTo;
    private String redirectedTo;
    // threads in awaitState, those testing a report predicate, and what the others last saw (see wakeWaiters)
    private int waiting;
    private int waitingOnReport;
    private int seenStepsLeft;
    private int seenEvents;

    MediaStreamsCaller(MediaStreamsCall call, String accountSid, Consumer<MediaStreamsCaller> onEnd) {
        this.call = call;
        this.accountSid = accountSid;
        this.onEnd = onEnd;
        this.idleAudio = call.lineNoise() ? SpeechFixtures.get(SpeechFixtures.LINE_NOISE).muLaw() : null;
        // replaced with the stream's real origin in started(); here so a stream that dies first still reports
        this.origin = System.nanoTime();
        this.playback = newPlayback();
        this.script = new ScriptRunner(playback, null, null);
    }

    private Playback newPlayback() {
        return new Playback(origin, call.utteranceGap().toNanos(), call.underrunThreshold().toNanos(), call.keepAudio());
    }

    /**
     * Called once the socket is open: sends connected and start, and starts the 20 ms frames on the socket's own
     * loop, so that each frame is written straight into the connection.
     */
    synchronized void started(TwilioWebSocket ws) {
        this.socket = ws;
        this.loop = ws.executor();
        if (end != null) {
            ws.abort();
            return;
        }
        ws.send(StreamMessages.connected());
        ws.send(StreamMessages.start(++sequence, call, accountSid));
        // the stream's clock starts after the sends (slow on a cold JVM): the n-th frame is due n × 20 ms after the
        // first, scheduled now, and its pacing is measured against that same grid
        origin = System.nanoTime();
        playback = newPlayback();
        script = new ScriptRunner(playback, new ScriptRunner.Line() {
            @Override
            public void sendDtmf(char digit) {
                socket.send(StreamMessages.dtmf(++sequence, call.streamSid(), digit));
            }

            @Override
            public void hangUp() {
                // finished by tick() once it has let go of the lock: the end's callbacks must not run under it
                hangUpRequested = true;
            }
        }, idleAudio);
        ticks = loop.scheduleAtFixedRate(this::tick, 0, FRAME_NANOS, TimeUnit.NANOSECONDS);
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
        if (end == null) {
            script.add(step);
        }
        return this;
    }

    // ---------------------------------------------------------------- awaits (blocking)

    /** Blocks until every queued step has run; throws when a step failed or the stream ended first. */
    public MediaStreamsReport awaitScript(Duration timeout) {
        awaitState(() -> script.idle() || script.failure() != null || end != null, timeout, "the script to finish", true);
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
        awaitState(() -> playback.utteranceCount() >= count, timeout, count + " agent utterances", false);
        return report();
    }

    /** Blocks until at least {@code count} {@code clear} messages have arrived. */
    public MediaStreamsReport awaitClears(int count, Duration timeout) {
        awaitState(() -> playback.clearCount() >= count, timeout, count + " clears", false);
        return report();
    }

    /** Blocks until at least {@code count} marks have been echoed. */
    public MediaStreamsReport awaitMarkEchoes(int count, Duration timeout) {
        awaitState(() -> playback.echoedMarkCount() >= count, timeout, count + " mark echoes", false);
        return report();
    }

    /** Blocks until {@code condition} holds for the report (evaluated without audio, every frame and message). */
    public MediaStreamsReport await(Predicate<MediaStreamsReport> condition, Duration timeout) {
        synchronized (this) {
            waitingOnReport++;
            try {
                awaitState(() -> condition.test(snapshot(false)), timeout, "the condition", false);
            } finally {
                waitingOnReport--;
            }
        }
        return report();
    }

    /** Completes with the final report when the stream ends (for benchmarks: no thread waits). */
    public CompletableFuture<MediaStreamsReport> whenEnded() {
        return ended;
    }

    /**
     * Waits on this caller's monitor until {@code done}; a failed script always ends the wait, and so does the end of
     * the stream unless {@code untilEnd}. The monitor is notified when a wait may be over (see {@link #wakeWaiters}).
     */
    private synchronized void awaitState(java.util.function.BooleanSupplier done, Duration timeout, String what,
                                         boolean untilEnd) {
        waiting++;
        try {
            awaitStateLocked(done, timeout, what, untilEnd);
        } finally {
            waiting--;
        }
    }

    private void awaitStateLocked(java.util.function.BooleanSupplier done, Duration timeout, String what,
                                  boolean untilEnd) {
        long deadline = System.nanoTime() + timeout.toNanos();
        seenStepsLeft = script.stepsLeft();
        seenEvents = events();
        while (!done.getAsBoolean()) {
            if (script.failure() != null) {
                throw new IllegalStateException("script failed while waiting for " + what + ": " + snapshot(false).summary());
            }
            if (end != null && !untilEnd) {
                throw new IllegalStateException("stream ended while waiting for " + what + ": " + snapshot(false).summary());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what + ": "
                        + snapshot(false).summary());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
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
                playback.marks(), clears, script.bargeIns(clears), script.dtmfSent(), frames, playback.receivedBytes(),
                playback.underruns(), playback.lateness(), pacing.snapshot(), List.copyOf(errors), script.failure(),
                script.stepsLeft(), end, closeCode, closeReason, transferredTo, redirectedTo,
                socket == null ? 0 : socket.maxBacklog());
    }

    // ---------------------------------------------------------------- pacing (the socket's event loop)

    private void tick() {
        long now = System.nanoTime();
        boolean hangUp;
        synchronized (this) {
            if (end != null) {
                return;
            }
            pacing.record(now - (origin + frames * FRAME_NANOS));
            for (String name : playback.due(now)) {
                socket.send(StreamMessages.markEcho(++sequence, call.streamSid(), name));
            }
            byte[] frame = script.nextFrame(now);
            if (frame != null) {
                socket.send(StreamMessages.media(++sequence, frames + 1, frames * MuLaw.FRAME_MILLIS, frame, call.streamSid()));
                frames++;
            }
            wakeWaiters();
            hangUp = hangUpRequested;
        }
        if (hangUp) {
            finish(StreamEnd.CALLER_HUNG_UP, true);
        }
    }

    /**
     * Under the lock, after a frame or a message: wakes the threads in {@link #awaitState} if what they wait for may
     * have changed. A report predicate may hold after any frame, so its waiters are woken every time; the other waits
     * (script done, utterances, clears, mark echoes) only when a step ended or such an event happened. Waking every
     * waiter every 20 ms, as a plain notifyAll per frame did, costs a load generator with hundreds of waiting call
     * threads more than the frames themselves. The end of the stream and protocol errors notify on their own.
     */
    private void wakeWaiters() {
        if (waiting == 0) {
            return;
        }
        int stepsLeft = script.stepsLeft();
        int events = events();
        if (waitingOnReport > 0 || stepsLeft != seenStepsLeft || events != seenEvents) {
            seenStepsLeft = stepsLeft;
            seenEvents = events;
            notifyAll();
        }
    }

    /** A count that grows whenever an agent utterance starts, a clear arrives, a mark is echoed or the script fails. */
    private int events() {
        return playback.utteranceCount() + playback.clearCount() + playback.echoedMarkCount()
                + (script.failure() != null ? 1 : 0);
    }

    // ---------------------------------------------------------------- from the application

    void onText(String text) {
        long now = System.nanoTime();
        // the agent's audio, most of what arrives: read without a JSON tree when it is plainly shaped
        byte[] audio = StreamMessages.mediaPayload(text, call.streamSid());
        if (audio != null) {
            synchronized (this) {
                if (end != null || socket == null) {
                    return;
                }
                play(now, audio);
                wakeWaiters();
            }
            return;
        }
        JsonNode msg;
        try {
            msg = StreamMessages.JSON.readTree(text);
        } catch (Exception e) {
            error("not JSON: " + abbreviate(text));
            return;
        }
        synchronized (this) {
            if (end != null || socket == null) {
                return;
            }
            String event = msg.path("event").asText("");
            if (!event.isEmpty() && !call.streamSid().equals(msg.path("streamSid").asText(null))) {
                error(event + " with streamSid " + msg.path("streamSid") + ", expected " + call.streamSid());
                return;
            }
            switch (event) {
                case "media" -> media(now, msg);
                case "mark" -> {
                    String name = msg.path("mark").path("name").asText("");
                    if (!msg.path("mark").path("name").isTextual() || name.isEmpty()) {
                        error("mark without mark.name: " + abbreviate(text));
                    } else if (playback.onMark(now, name)) {
                        socket.send(StreamMessages.markEcho(++sequence, call.streamSid(), name));
                    }
                }
                case "clear" -> {
                    for (String name : playback.onClear(now)) {
                        socket.send(StreamMessages.markEcho(++sequence, call.streamSid(), name));
                    }
                }
                default -> error("unknown event '" + event + "': " + abbreviate(text));
            }
            wakeWaiters();
        }
    }

    private void media(long now, JsonNode msg) {
        JsonNode payload = msg.path("media").path("payload");
        if (!payload.isTextual() || payload.asText().isEmpty()) {
            error("media without media.payload");
            return;
        }
        byte[] audio = StreamMessages.decodePayload(payload.asText());
        if (audio == null) {
            error("media payload is not base64");
        } else {
            play(now, audio);
        }
    }

    private void play(long now, byte[] audio) {
        if (audio.length >= 4 && audio[0] == 'R' && audio[1] == 'I' && audio[2] == 'F' && audio[3] == 'F') {
            error("media payload starts with a WAV header: Twilio plays raw mu-law 8 kHz, the header would be noise");
        } else {
            playback.onMedia(now, audio);
        }
    }

    void onBinary(int bytes) {
        error("binary message of " + bytes + " bytes: Media Streams carries JSON text only");
    }

    void onClosed(int code, String reason) {
        synchronized (this) {
            closeCode = code;
            closeReason = reason;
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
                redirectedTo = update.url();
                if (update.twiml() != null) {
                    try {
                        transferredTo = ConnectTwiml.dialedNumber(update.twiml()).orElse(null);
                    } catch (TwimlParser.InvalidTwimlException e) {
                        error("REST update with invalid Twiml: " + e.getMessage());
                    }
                }
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
            if (end != null) {
                return;
            }
            end = how;
            if (ticks != null) {
                ticks.cancel(false);
            }
            if (sendStop && socket != null) {
                socket.send(StreamMessages.stop(++sequence, call.streamSid(), accountSid, call.callSid()));
                socket.close(1000, "");
                // a server that never answers the close must not keep the connection forever
                schedule(socket::abort, CLOSE_GRACE_MILLIS);
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

    /** Runs {@code task} on the socket's loop after {@code millis}; not at all once the pool has closed. */
    private void schedule(Runnable task, long millis) {
        try {
            loop.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the pool closed: its connections are dropped anyway
        }
    }

    private synchronized void error(String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(message);
        }
        notifyAll();
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    synchronized LatenessHistogram inboundPacing() {
        return pacing.snapshot();
    }

    synchronized boolean hasEnded() {
        return end != null;
    }
}
