package io.voiceagents.gateway.application.stream;

import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.gateway.application.SerialExecutor;
import io.voiceagents.gateway.application.port.SpeechActivity;
import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.application.port.SpeechToTextException;
import io.voiceagents.gateway.domain.stream.FrameRing;

/**
 * The caller's audio on its way in: mu-law frames are decoded into one reused PCM buffer, fed to the call's
 * voice activity and turn tracker, and kept in a short ring. When speech starts, a recognition opens and
 * gets the ring (the start of the utterance the detector needed to be sure) and then every frame until the
 * turn ends. Turn edges and recognition results go to {@link Events}, on the session thread.
 */
public final class CallerAudio {

    /** What the caller's audio tells the session. Called on the session thread. */
    public interface Events {

        /** Speech started; the recognition is open and has the pre-roll. */
        void speechStarted(CallerUtterance utterance, long nanos);

        /** One more frame of the ongoing utterance (its speech measure may have grown). */
        void speechContinues(CallerUtterance utterance, long nanos);

        /** The turn ended: by silence, or because it reached the maximum length ({@code endpointingMs} 0). */
        void turnEnded(CallerUtterance utterance, int endpointingMs, long nanos);

        void interim(CallerUtterance utterance, String transcript);

        void recognised(CallerUtterance utterance, String transcript, float confidence);

        void recognitionFailed(CallerUtterance utterance, SpeechToTextException error);
    }

    private final SpeechActivity.Tracker tracker;
    private final SpeechToText speechToText;
    private final SpeechToText.Options options;
    private final SerialExecutor session;
    private final Events events;
    private final NanoClock clock;
    private final FrameRing ring;
    private final short[] pcm = new short[MuLaw.FRAME_BYTES];
    /** Bytes of a frame split across two media messages (Twilio sends whole frames, but nothing forces it). */
    private final byte[] partial = new byte[MuLaw.FRAME_BYTES];
    private int partialLength;
    private CallerUtterance current;
    private long nextId;
    private boolean accepting = true;

    public CallerAudio(SpeechActivity.Tracker tracker, SpeechToText speechToText, SpeechToText.Options options,
            SerialExecutor session, Events events, NanoClock clock, int preRollFrames) {
        this.tracker = tracker;
        this.speechToText = speechToText;
        this.options = options;
        this.session = session;
        this.events = events;
        this.clock = clock;
        this.ring = new FrameRing(preRollFrames, MuLaw.FRAME_BYTES);
    }

    /** False while the call is ending: speech is still tracked but no recognition is opened. */
    public void accepting(boolean value) {
        this.accepting = value;
    }

    /** True while the caller's turn is in progress. */
    public boolean inTurn() {
        return tracker.inTurn();
    }

    /** The media payload of one message (normally one 160-byte frame). */
    public void onAudio(byte[] muLaw) {
        int offset = 0;
        if (partialLength > 0) {
            int n = Math.min(MuLaw.FRAME_BYTES - partialLength, muLaw.length);
            System.arraycopy(muLaw, 0, partial, partialLength, n);
            partialLength += n;
            offset = n;
            if (partialLength < MuLaw.FRAME_BYTES) {
                return;
            }
            onFrame(partial, 0, false);
            partialLength = 0;
        }
        while (muLaw.length - offset >= MuLaw.FRAME_BYTES) {
            onFrame(muLaw, offset, muLaw.length == MuLaw.FRAME_BYTES);
            offset += MuLaw.FRAME_BYTES;
        }
        int rest = muLaw.length - offset;
        if (rest > 0) {
            System.arraycopy(muLaw, offset, partial, 0, rest);
            partialLength = rest;
        }
    }

    /** The call is over: the current recognition is cancelled. */
    public void close() {
        if (current != null) {
            current.cancel();
            current = null;
        }
    }

    /**
     * @param owned the array is this one frame and nobody else keeps it, so the recognizer may have it as is
     */
    private void onFrame(byte[] frame, int offset, boolean owned) {
        long now = clock.nanoTime();
        MuLaw.decode(frame, offset, MuLaw.FRAME_BYTES, pcm, 0);
        ring.add(frame, offset);
        TurnEvent event = tracker.onFrame(pcm, 0);
        switch (event) {
            case SPEECH_STARTED -> startUtterance(now);
            case TURN_ENDED, TURN_TOO_LONG -> {
                CallerUtterance ended = current;
                current = null;
                if (ended != null) {
                    feed(ended, frame, offset, owned);
                    int endpointing = event == TurnEvent.TURN_ENDED ? tracker.millisSinceLastSpeech() : 0;
                    events.turnEnded(ended, endpointing, now);
                }
            }
            case NONE -> {
                if (current != null) {
                    feed(current, frame, offset, owned);
                    if (tracker.currentSpeechMillis() > 0) {
                        current.addSpeech(MuLaw.FRAME_MILLIS);
                    }
                    events.speechContinues(current, now);
                }
            }
        }
    }

    private void startUtterance(long now) {
        if (current != null) {
            current.cancel(); // a turn the tracker never ended: superseded
        }
        if (!accepting) {
            current = null;
            return;
        }
        CallerUtterance utterance = new CallerUtterance(++nextId);
        utterance.speechMillis(tracker.currentSpeechMillis());
        current = utterance;
        try {
            utterance.recognition(speechToText.open(options, listener(utterance)));
            SpeechToText.Recognition recognition = utterance.recognition();
            // the ring holds this frame too, and the speech before it the detector waited for, and some lead-in
            ring.forEachOldestFirst(kept -> recognition.sendAudio(kept.clone(), 0, kept.length));
        } catch (RuntimeException e) {
            events.recognitionFailed(utterance, new SpeechToTextException("opening a recognition failed", true, e));
        }
        ring.clear();
        events.speechStarted(utterance, now);
    }

    private void feed(CallerUtterance utterance, byte[] frame, int offset, boolean owned) {
        SpeechToText.Recognition recognition = utterance.recognition();
        if (recognition == null || utterance.state() != CallerUtterance.State.LISTENING) {
            return;
        }
        byte[] audio = owned ? frame : java.util.Arrays.copyOfRange(frame, offset, offset + MuLaw.FRAME_BYTES);
        recognition.sendAudio(audio, owned ? offset : 0, MuLaw.FRAME_BYTES);
    }

    /**
     * The adapter calls this from its own threads: every result is handed to the session thread, ahead of queued
     * audio frames (a final transcript starts the reply), all in one lane so they keep their order.
     */
    private SpeechToText.Listener listener(CallerUtterance utterance) {
        return new SpeechToText.Listener() {
            @Override
            public void onInterim(String transcript, float stability) {
                session.executeUrgent(() -> events.interim(utterance, transcript));
            }

            @Override
            public void onFinal(String transcript, float confidence) {
                session.executeUrgent(() -> events.recognised(utterance, transcript == null ? "" : transcript, confidence));
            }

            @Override
            public void onError(SpeechToTextException error) {
                session.executeUrgent(() -> events.recognitionFailed(utterance, error));
            }
        };
    }
}
