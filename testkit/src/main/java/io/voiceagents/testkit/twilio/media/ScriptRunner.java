package io.voiceagents.testkit.twilio.media;

import io.voiceagents.audio.MuLaw;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link MediaStreamsCaller}'s script one 20 ms frame at a time: each tick it decides what the caller's line
 * carries (a slice of the utterance being said, or the idle line), sends DTMF, and moves past wait steps whose
 * condition holds. Wait steps block the script, never a thread. Not thread-safe: the caller's lock guards it.
 */
final class ScriptRunner {

    /** Twilio reports one DTMF digit per key press; presses are about 200 ms apart. */
    static final int DTMF_SPACING_FRAMES = 10;
    private static final byte[] SILENCE = silence();
    private static final int MAX_CALLER_UTTERANCES = 1_000;

    private final Playback playback;
    private final StreamSender sender;
    private final byte[] idleAudio;
    private final byte[] frame = new byte[MuLaw.FRAME_BYTES];
    private final byte[] idle = new byte[MuLaw.FRAME_BYTES];
    private final ArrayDeque<Step> steps = new ArrayDeque<>();
    private final List<CallerUtterance> said = new ArrayList<>();
    private final List<BargeIn> bargeIns = new ArrayList<>();
    private final StringBuilder dtmfSent = new StringBuilder();
    private int idleOffset;
    private boolean started;
    private long stepStart;
    private int offset;
    private long bargeAt = -1;
    private int dtmfNext;
    private int framesInStep;
    private int speaking = -1;
    private long lastSpeechEnd = Long.MIN_VALUE;
    private int callerUtterances;
    private String failure;

    /** {@code sender}: where DTMF goes (null before the stream starts, when there is no script to run). */
    ScriptRunner(Playback playback, StreamSender sender, byte[] idleAudio) {
        this.playback = playback;
        this.sender = sender;
        this.idleAudio = idleAudio == null || idleAudio.length < MuLaw.FRAME_BYTES ? SILENCE : idleAudio;
    }

    private static byte[] silence() {
        byte[] s = new byte[MuLaw.FRAME_BYTES];
        Arrays.fill(s, MuLaw.SILENCE);
        return s;
    }

    void add(Step step) {
        if (failure == null) {
            steps.add(step);
        }
    }

    boolean idle() {
        return steps.isEmpty();
    }

    int stepsLeft() {
        return steps.size();
    }

    String failure() {
        return failure;
    }

    /** The frame to send at {@code now} (a buffer the next call reuses), or null when the script hung up. */
    byte[] nextFrame(long now) {
        while (true) {
            Step step = steps.peek();
            if (step == null) {
                return idleFrame();
            }
            if (!started) {
                started = true;
                stepStart = now;
                offset = 0;
                bargeAt = -1;
                dtmfNext = 0;
                framesInStep = 0;
            }
            switch (step) {
                case Step.Say say -> {
                    byte[] out = say(say, now);
                    return out != null ? out : idleFrame();
                }
                case Step.Silence s -> {
                    if (now - stepStart < s.nanos()) {
                        return idleFrame();
                    }
                    next();
                }
                case Step.WaitForAgentSpeech w -> {
                    if (playback.openUtterance(now) < 0) {
                        return waitOrFail(w, w.timeoutNanos(), now);
                    }
                    next();
                }
                case Step.WaitForAgentReply w -> {
                    long since = lastSpeechEnd == Long.MIN_VALUE ? stepStart : lastSpeechEnd;
                    if (!playback.utteranceArrivedSince(since)) {
                        return waitOrFail(w, w.timeoutNanos(), now);
                    }
                    next();
                }
                case Step.WaitUntilAgentQuiet q -> {
                    if (playback.quietNanos(now) < q.quietNanos()) {
                        return waitOrFail(q, q.timeoutNanos(), now);
                    }
                    next();
                }
                case Step.Dtmf d -> {
                    if (dtmfNext < d.digits().length()) {
                        if (framesInStep++ % DTMF_SPACING_FRAMES == 0) {
                            char digit = d.digits().charAt(dtmfNext++);
                            dtmfSent.append(digit);
                            sender.dtmf(digit);
                        }
                        return idleFrame();
                    }
                    next();
                }
                case Step.HangUp h -> {
                    next();
                    return null;
                }
            }
        }
    }

    /** The next slice of the utterance; null when the step is over (or still waiting for the agent, or failed). */
    private byte[] say(Step.Say say, long now) {
        if (speaking < 0) {
            if (say.bargeIn()) {
                if (bargeAt < 0) {
                    long agentStart = playback.openUtteranceStart(now);
                    if (playback.openUtterance(now) < 0) {
                        if (now - stepStart > say.timeoutNanos()) {
                            fail(say);
                        }
                        return null;
                    }
                    bargeAt = agentStart + say.afterAgentNanos();
                }
                if (now < bargeAt) {
                    return null;
                }
                bargeIns.add(new BargeIn(callerUtterances, playback.ms(now), playback.openUtterance(now),
                        playback.audibleAt(now), -1));
            }
            speaking = callerUtterances++;
            if (said.size() == MAX_CALLER_UTTERANCES) {
                said.remove(0);
            }
            said.add(new CallerUtterance(speaking, say.name(), say.transcript(), playback.ms(now), -1, say.bargeIn()));
        }
        byte[] audio = say.audio();
        int n = Math.min(MuLaw.FRAME_BYTES, audio.length - offset);
        System.arraycopy(audio, offset, frame, 0, n);
        if (n < MuLaw.FRAME_BYTES) {
            // the line goes on after the last word: the rest of the frame is the idle line
            System.arraycopy(idleSlice(), n, frame, n, MuLaw.FRAME_BYTES - n);
        }
        offset += n;
        if (offset >= audio.length) {
            CallerUtterance c = said.getLast();
            said.set(said.size() - 1, new CallerUtterance(c.index(), c.name(), c.transcript(), c.startMs(),
                    playback.ms(now), c.bargeIn()));
            lastSpeechEnd = now;
            speaking = -1;
            next();
        }
        return frame;
    }

    private byte[] waitOrFail(Step step, long timeoutNanos, long now) {
        if (now - stepStart > timeoutNanos) {
            fail(step);
        }
        return idleFrame();
    }

    private void fail(Step step) {
        failure = step.describe() + " timed out after " + (playback.ms(System.nanoTime()) - playback.ms(stepStart))
                + " ms (" + steps.size() + " steps left)";
        steps.clear();
        started = false;
    }

    private void next() {
        steps.poll();
        started = false;
    }

    private byte[] idleFrame() {
        return idleSlice();
    }

    private byte[] idleSlice() {
        if (idleAudio == SILENCE) {
            return SILENCE;
        }
        if (idleOffset + MuLaw.FRAME_BYTES > idleAudio.length) {
            idleOffset = 0;
        }
        System.arraycopy(idleAudio, idleOffset, idle, 0, MuLaw.FRAME_BYTES);
        idleOffset += MuLaw.FRAME_BYTES;
        return idle;
    }

    List<CallerUtterance> said() {
        return List.copyOf(said);
    }

    /** Barge-ins with the time from the caller starting to speak to the first clear that followed. */
    List<BargeIn> bargeIns(List<ClearEvent> clears) {
        List<BargeIn> out = new ArrayList<>(bargeIns.size());
        for (BargeIn b : bargeIns) {
            long after = -1;
            for (ClearEvent c : clears) {
                if (c.atMs() >= b.startMs()) {
                    after = c.atMs() - b.startMs();
                    break;
                }
            }
            out.add(new BargeIn(b.callerUtterance(), b.startMs(), b.agentUtterance(), b.agentWasSpeaking(), after));
        }
        return out;
    }

    String dtmfSent() {
        return dtmfSent.toString();
    }
}
