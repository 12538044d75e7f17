package io.voiceagents.gateway.application.stream;

import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/**
 * One stretch of caller speech, from the detected start to the end of the turn, and its recognition. Used on
 * the call's session thread.
 */
public final class CallerUtterance {

    public enum State {
        /** The caller is speaking; audio goes to the recognizer. */
        LISTENING,
        /** The turn ended; waiting for the final transcript. */
        FINISHING,
        /** Answered, dropped, failed or abandoned: nothing more is expected. */
        DONE
    }

    private final long id;
    private SpeechToText.Recognition recognition;
    private State state = State.LISTENING;
    private int speechMillis;
    private boolean bargedIn;
    private String lastInterim = "";
    private String earlyFinal;
    private float earlyConfidence;
    private TurnLatency latency;
    private Timers.Timer budget = Timers.NONE;

    CallerUtterance(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }

    public State state() {
        return state;
    }

    void recognition(SpeechToText.Recognition recognition) {
        this.recognition = recognition;
    }

    SpeechToText.Recognition recognition() {
        return recognition;
    }

    /** Caller speech heard in this utterance so far, in ms (the barge-in measure). */
    public int speechMillis() {
        return speechMillis;
    }

    void speechMillis(int millis) {
        this.speechMillis = millis;
    }

    void addSpeech(int millis) {
        this.speechMillis += millis;
    }

    public boolean bargedIn() {
        return bargedIn;
    }

    void bargedIn(boolean value) {
        this.bargedIn = value;
    }

    public String lastInterim() {
        return lastInterim;
    }

    void interim(String transcript) {
        this.lastInterim = transcript == null ? "" : transcript;
    }

    /** A final that arrived while the caller was still speaking (kept until the turn ends). */
    void earlyFinal(String transcript, float confidence) {
        this.earlyFinal = transcript;
        this.earlyConfidence = confidence;
    }

    String earlyFinal() {
        return earlyFinal;
    }

    float earlyConfidence() {
        return earlyConfidence;
    }

    TurnLatency latency() {
        return latency;
    }

    /** The turn ended: from now on the final transcript is awaited, within {@code budget}. */
    void finishing(TurnLatency latency, Timers.Timer budget) {
        this.latency = latency;
        this.budget = budget;
        this.state = State.FINISHING;
    }

    /** Nothing more is expected; the budget timer stops. */
    void done() {
        state = State.DONE;
        budget.cancel();
        budget = Timers.NONE;
    }

    /** Stops the recognition (the result is not wanted) and marks the utterance done. */
    void cancel() {
        if (recognition != null && state != State.DONE) {
            try {
                recognition.cancel();
            } catch (RuntimeException e) {
                // a failing cancel changes nothing for the call
            }
        }
        done();
    }
}
