package io.voiceagents.devstack.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.voiceagents.devstack.RealtimeCalls;
import io.voiceagents.testkit.speech.SpeechFixtures;
import io.voiceagents.testkit.speech.SpeechFixtures.SpeechFixture;
import io.voiceagents.testkit.twilio.media.MediaStreamsCaller;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.media.MediaStreamsReport;
import io.voiceagents.testkit.twilio.media.StreamEnd;

/**
 * One bench call, run on its own virtual thread: Twilio's voice webhook, the Media Streams socket, the greeting,
 * then turns until the level's stop time, set once every call has been greeted (a pause after the agent's reply, a
 * real recorded question; in a share of turns the caller speaks again over the reply), and the caller's own hang-up
 * with the {@code completed} callback.
 * The caller's steps run on the pool's event loops; this thread only queues a turn and waits for it.
 */
final class StreamCallDriver implements Runnable {

    /** What the callers ask: questions the bistro answers; never "goodbye" or "transfer" (the agent would end it). */
    static final List<String> QUESTIONS = List.of(SpeechFixtures.OPENING_HOURS, SpeechFixtures.HELLO_BOOKING,
            SpeechFixtures.LONG_QUESTION, SpeechFixtures.YES_THANKS);
    /** The agent has finished its reply once it has been quiet this long (its sentences come closer). */
    private static final Duration AGENT_DONE = Duration.ofMillis(800);
    private static final Duration TURN_LIMIT = Duration.ofSeconds(75);

    private final RealtimeCalls calls;
    private final MediaStreamsCallers callers;
    private final StreamBenchOptions o;
    private final String from;
    private final int index;
    private final AtomicLong stopAtNanos;
    private final CountDownLatch greeted;
    private volatile String callSid;
    private volatile long connectedNanos;
    private volatile MediaStreamsCaller caller;
    private volatile MediaStreamsReport finalReport;
    private volatile String failure;
    private volatile int turns;

    StreamCallDriver(RealtimeCalls calls, MediaStreamsCallers callers, StreamBenchOptions o, int index,
            AtomicLong stopAtNanos, CountDownLatch greeted) {
        this.calls = calls;
        this.callers = callers;
        this.o = o;
        this.index = index;
        this.from = String.format("+1415556%04d", index % 10_000);
        this.stopAtNanos = stopAtNanos;
        this.greeted = greeted;
    }

    @Override
    public void run() {
        boolean counted = false;
        long started = System.nanoTime();
        try {
            RealtimeCalls.Answer answer = calls.answer(from, o.to());
            callSid = answer.callSid();
            if (answer.stream().isEmpty()) {
                failure = "no <Connect><Stream> (HTTP " + answer.status() + ")";
                return;
            }
            MediaStreamsCaller c = callers.connect(calls.stream(answer).keepAudio(false).lineNoise(o.lineNoise())
                    .build());
            connectedNanos = System.nanoTime();
            caller = c;
            c.waitForAgentSpeech().waitUntilAgentQuiet(AGENT_DONE).awaitScript(TURN_LIMIT);
            greeted.countDown();
            counted = true;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int question = index;
            while (System.nanoTime() < stopAtNanos.get()) {
                c.silence(Duration.ofMillis(random.nextInt(o.pauseMinMillis(), o.pauseMaxMillis() + 1)));
                SpeechFixture asked = SpeechFixtures.get(QUESTIONS.get(question++ % QUESTIONS.size()));
                c.say(asked);
                if (random.nextDouble() < o.bargeInShare()) {
                    // speak up 0.3 to 1.5 s into the reply, long enough to pass the gateway's minimum barge-in speech
                    c.sayWhileAgentSpeaks(random.nextLong(300, 1500), SpeechFixtures.get(SpeechFixtures.INTERRUPT));
                }
                c.waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE).awaitScript(TURN_LIMIT);
                turns++;
            }
            c.hangUp();
            finalReport = c.awaitEnd(Duration.ofSeconds(15));
            if (finalReport.end() != StreamEnd.CALLER_HUNG_UP) {
                failure = "ended " + finalReport.end() + " (" + finalReport.closeCode() + " "
                        + finalReport.closeReason() + ")";
            }
        } catch (RuntimeException e) {
            MediaStreamsCaller c = caller;
            String scriptFailure = c == null ? null : c.report().scriptFailure();
            failure = scriptFailure != null ? "script: " + scriptFailure
                    : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            if (c != null) {
                c.hangUp();
                try {
                    finalReport = c.awaitEnd(Duration.ofSeconds(5));
                } catch (RuntimeException ignored) {
                    finalReport = c.report();
                }
            }
        } finally {
            if (!counted) {
                greeted.countDown();
            }
            if (callSid != null && caller != null) {
                try {
                    calls.completed(callSid, from, o.to(), Duration.ofNanos(System.nanoTime() - started));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = "completed callback: " + firstLine(e.getMessage());
                    }
                }
            }
        }
    }

    String callSid() {
        return callSid;
    }

    /** When the stream started (its {@code start}), in this JVM's nanoTime; 0 when it never connected. */
    long connectedNanos() {
        return connectedNanos;
    }

    /** A snapshot now (null when never connected). */
    MediaStreamsReport snapshot() {
        MediaStreamsCaller c = caller;
        return c == null ? null : c.report();
    }

    MediaStreamsReport finalReport() {
        return finalReport;
    }

    String failure() {
        return failure;
    }

    int turns() {
        return turns;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
