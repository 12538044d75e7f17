package io.voiceagents.gateway.support.stream;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;

import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.gateway.application.stream.ApologyAudio;
import io.voiceagents.gateway.application.stream.CallContext;
import io.voiceagents.gateway.application.stream.PlaybackPacer;
import io.voiceagents.gateway.application.stream.StreamEnvironment;
import io.voiceagents.gateway.application.stream.StreamSession;
import io.voiceagents.gateway.application.stream.StreamSettings;
import io.voiceagents.gateway.application.stream.TurnRecorder;
import io.voiceagents.gateway.domain.AgentVoice;

/**
 * A `stream` session wired to fakes and driven in 20 ms steps on a manual clock: each step moves time (timers
 * fire), feeds one caller frame, ticks the pacer and delivers the mark echoes Twilio would send by then.
 * Everything runs on the test thread, so a test reads like a call's timeline.
 */
public final class SessionHarness {

    public static final String CALL_SID = "CAstream0001";
    public static final String STREAM_SID = "MZstream0001";
    public static final String APOLOGY = "Sorry, I'm having trouble answering right now. Could you say that again?";
    public static final String REPROMPT = "Are you still there?";
    public static final String GOODBYE = "It seems we got disconnected. Thank you for calling. Goodbye.";
    public static final AgentVoice VOICE = new AgentVoice("en-US-Neural2-F", "en-US");
    private static final Duration FRAME = Duration.ofMillis(20);

    public final ManualTime time = new ManualTime();
    public final TwilioLine twilio = new TwilioLine(time);
    public final FakeSpeechToText stt = new FakeSpeechToText();
    public final FakeConversationStreams agent = new FakeConversationStreams();
    public final FakeStreamingSpeech tts = new FakeStreamingSpeech();
    public final FakeCallControl control = new FakeCallControl();
    public final FakeLiveCallFeed live = new FakeLiveCallFeed();
    public final InMemoryTurns turns = new InMemoryTurns();
    public final RecordingMeters meters = new RecordingMeters();
    public final StreamSettings settings;
    public final PlaybackPacer pacer;
    public final StreamSession session;
    public volatile String endedReason;
    private final byte[] speechFrame = new byte[160];
    private final byte[] silenceFrame = new byte[160];

    public SessionHarness() {
        this(defaults());
    }

    public SessionHarness(StreamSettings settings) {
        this(settings, Runnable::run);
    }

    /** @param sessionPool runs the session's steps ({@code Runnable::run}: at once, on the caller's thread) */
    public SessionHarness(StreamSettings settings, Executor sessionPool) {
        this.settings = settings;
        this.pacer = new PlaybackPacer(time, FRAME.toNanos(), settings.playbackLead().toNanos());
        StreamEnvironment env = new StreamEnvironment(settings, time, time, sessionPool, Runnable::run, pacer,
                new EnergySpeechActivity(), stt, agent, tts, control, live, meters,
                new TurnRecorder(turns, meters, meters, meters, Runnable::run), new ApologyAudio(tts, settings.apology()));
        this.session = new StreamSession(CALL_SID, STREAM_SID, env, twilio, (s, reason) -> endedReason = reason);
        for (int i = 0; i < speechFrame.length; i++) {
            speechFrame[i] = (byte) (i % 2 == 0 ? 0x80 : 0x00); // full-scale square wave: loud
        }
        Arrays.fill(silenceFrame, (byte) 0xFF);
    }

    public static StreamSettings defaults() {
        return new StreamSettings(new TurnSettings(0.5f, 0.35f, 200, 700, 30_000), Duration.ofMillis(350),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofMillis(100), Duration.ofMillis(1500), Duration.ofSeconds(8), 2, Duration.ofMinutes(30), 180,
                APOLOGY, REPROMPT, GOODBYE);
    }

    /** Starts the session for a call whose greeting is {@code greeting} (null for none). */
    public SessionHarness begin(String greeting) {
        session.begin(new CallContext(CALL_SID, STREAM_SID, "agent-1", VOICE, greeting, 1));
        return serveNow();
    }

    /** The pacer serves the calls that asked for it now (as its thread does between ticks). */
    public SessionHarness serveNow() {
        pacer.serveWoken(time.nanoTime() + FRAME.toNanos());
        return this;
    }

    /** Moves time without caller audio (timers fire). */
    public SessionHarness advance(Duration duration) {
        time.advance(duration);
        return this;
    }

    /** The caller speaks (loud frames) for this long. */
    public SessionHarness speak(Duration duration) {
        return run(duration, speechFrame);
    }

    /** The caller is silent for this long. */
    public SessionHarness silence(Duration duration) {
        return run(duration, silenceFrame);
    }

    public SessionHarness silenceMs(long millis) {
        return silence(Duration.ofMillis(millis));
    }

    public SessionHarness speakMs(long millis) {
        return speak(Duration.ofMillis(millis));
    }

    private SessionHarness run(Duration duration, byte[] frame) {
        for (long t = 0; t < duration.toMillis(); t += 20) {
            time.advance(FRAME);
            session.audio(frame.clone());
            serveNow(); // audio the frame's handling produced goes out at once, as the woken pacer thread sends it
            pacer.tick(time.nanoTime());
            twilio.deliverEchoes(session::markEchoed);
        }
        return this;
    }
}
