package io.voiceagents.gateway.application.stream;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.domain.stream.MarkName;

/**
 * One agent utterance (the greeting, a reply, a re-prompt, an apology, the goodbye) and everything producing
 * it: the reply stream, a synthesis stream per sentence, the sentences' queued audio. Interrupting it stops
 * them all together, in the order that silences the caller's line fastest — {@code clear} to Twilio, then
 * the reply and synthesis streams, then the queued audio — and remembers what the caller heard: the
 * sentences whose marks Twilio echoed before the interruption. Used on the call's session thread.
 */
public final class UtteranceHandle {

    private static final Logger LOG = Logger.getLogger(UtteranceHandle.class);

    public enum Kind {
        /** Turn 0, spoken when the stream starts. */
        GREETING,
        /** The agent's reply to a caller turn. */
        REPLY,
        /** A fixed message: re-prompt, apology, goodbye. */
        MESSAGE
    }

    public enum State {
        ACTIVE,
        /** Everything was spoken and heard (every mark echoed). */
        DONE,
        /** Interrupted by the caller, or abandoned when the call ended. */
        INTERRUPTED
    }

    /**
     * What an interruption did.
     *
     * @param heardText     the sentences the caller heard in full
     * @param toClearNanos  from the detector's decision to {@code clear} sent
     * @param toCancelNanos from the decision to the reply and synthesis streams cancelled
     */
    public record Interruption(String heardText, long toClearNanos, long toCancelNanos) {
    }

    /** One sentence: its text, its audio in the playout, its synthesis, and whether Twilio echoed its mark. */
    public static final class Sentence {
        private final UtteranceHandle utterance;
        private final int index;
        private String text;
        private AudioSegment segment;
        private StreamingSpeech.SynthesisStream synthesis;
        private Timers.Timer budget = Timers.NONE;
        private long requestedNanos;
        private boolean audioStarted;
        private boolean markSent;
        private boolean echoed;

        private Sentence(UtteranceHandle utterance, int index, String text) {
            this.utterance = utterance;
            this.index = index;
            this.text = text;
        }

        public UtteranceHandle utterance() {
            return utterance;
        }

        public int index() {
            return index;
        }

        public String text() {
            return text;
        }

        /** The sentence is said differently than planned (synthesis failed: the apology is played instead). */
        void replaceText(String replacement) {
            this.text = replacement;
        }

        AudioSegment segment() {
            return segment;
        }

        void synthesis(StreamingSpeech.SynthesisStream stream, long requestedNanos) {
            this.synthesis = stream;
            this.requestedNanos = requestedNanos;
        }

        StreamingSpeech.SynthesisStream synthesis() {
            return synthesis;
        }

        long requestedNanos() {
            return requestedNanos;
        }

        void budget(Timers.Timer timer) {
            budget.cancel();
            budget = timer;
        }

        void cancelBudget() {
            budget.cancel();
            budget = Timers.NONE;
        }

        /** True the first time audio arrives. */
        boolean audioArrived() {
            if (audioStarted) {
                return false;
            }
            audioStarted = true;
            return true;
        }

        void markSent() {
            markSent = true;
        }

        boolean isMarkSent() {
            return markSent;
        }

        public boolean echoed() {
            return echoed;
        }
    }

    private final long id;
    private final int turnIndex;
    private final Kind kind;
    private final Playout playout;
    private final NanoClock clock;
    private final List<Sentence> sentences = new ArrayList<>();
    private ConversationStreams.ReplyStream reply;
    private boolean textComplete;
    private boolean interruptible = true;
    private State state = State.ACTIVE;

    public UtteranceHandle(long id, int turnIndex, Kind kind, Playout playout, NanoClock clock) {
        this.id = id;
        this.turnIndex = turnIndex;
        this.kind = kind;
        this.playout = playout;
        this.clock = clock;
    }

    public long id() {
        return id;
    }

    /** The turn this utterance answers, -1 for fixed messages. */
    public int turnIndex() {
        return turnIndex;
    }

    public Kind kind() {
        return kind;
    }

    public State state() {
        return state;
    }

    /** Still producing or playing: the agent is speaking. */
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    public boolean interruptible() {
        return interruptible;
    }

    /** The call is ending after this utterance (goodbye, END_CALL, TRANSFER): the caller cannot talk over it. */
    public void protectFromInterruption() {
        interruptible = false;
    }

    /** Queues a sentence: its audio segment goes into the playout after the previous sentence's. */
    public Sentence addSentence(String text) {
        Sentence sentence = new Sentence(this, sentences.size(), text);
        sentence.segment = playout.enqueue(new MarkName(turnIndex, id, sentence.index).wire(), sentence);
        sentences.add(sentence);
        return sentence;
    }

    public void attachReply(ConversationStreams.ReplyStream stream) {
        this.reply = stream;
        if (state != State.ACTIVE) {
            cancelQuietly(stream);
        }
    }

    /** No more sentences will be added. */
    public void textComplete() {
        textComplete = true;
    }

    public boolean isTextComplete() {
        return textComplete;
    }

    public List<Sentence> sentences() {
        return List.copyOf(sentences);
    }

    /** Twilio echoed the mark of sentence {@code index}; true when that completed the utterance. */
    public boolean markEchoed(int index) {
        if (state != State.ACTIVE || index < 0 || index >= sentences.size()) {
            return false;
        }
        sentences.get(index).echoed = true;
        return isComplete();
    }

    /** All text is there and every sentence's mark came back: the whole utterance has played. */
    public boolean isComplete() {
        if (state != State.ACTIVE || !textComplete) {
            return false;
        }
        for (Sentence sentence : sentences) {
            if (!sentence.echoed) {
                return false;
            }
        }
        return true;
    }

    /** Every queued sentence has been sent with its mark (echoes may still be on their way). */
    public boolean allMarksSent() {
        if (!textComplete) {
            return false;
        }
        for (Sentence sentence : sentences) {
            if (!sentence.markSent) {
                return false;
            }
        }
        return true;
    }

    /** Marks the utterance as fully played. */
    public void finish() {
        if (state == State.ACTIVE) {
            state = State.DONE;
            for (Sentence sentence : sentences) {
                sentence.cancelBudget();
            }
        }
    }

    /** What the caller heard: the sentences whose marks Twilio echoed, in order. */
    public String heardText() {
        StringBuilder heard = new StringBuilder();
        for (Sentence sentence : sentences) {
            if (sentence.echoed) {
                if (!heard.isEmpty()) {
                    heard.append(' ');
                }
                heard.append(sentence.text);
            }
        }
        return heard.toString();
    }

    /** Everything queued to be said. */
    public String spokenText() {
        StringBuilder text = new StringBuilder();
        for (Sentence sentence : sentences) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(sentence.text);
        }
        return text.toString();
    }

    /**
     * Barge-in. Idempotent: null when the utterance is not active (already finished or interrupted). The heard
     * text is taken first, so marks Twilio echoes for the cleared audio do not count as heard.
     *
     * @param decisionNanos when the detector decided the caller is taking the turn
     */
    public Interruption interrupt(long decisionNanos) {
        if (state != State.ACTIVE) {
            return null;
        }
        state = State.INTERRUPTED;
        String heard = heardText();
        playout.clear(segments());
        long clearedAt = clock.nanoTime();
        cancelStreams();
        long cancelledAt = clock.nanoTime();
        playout.dropCancelled();
        return new Interruption(heard, clearedAt - decisionNanos, cancelledAt - decisionNanos);
    }

    /** The call is over: stops everything without {@code clear} (the socket is gone); returns the heard text. */
    public String abandon() {
        String heard = heardText();
        if (state == State.ACTIVE) {
            state = State.INTERRUPTED;
            playout.cancel(segments());
            cancelStreams();
            playout.dropCancelled();
        }
        return heard;
    }

    /**
     * Synthesis of sentence {@code index} failed: the reply stream and the sentences after it stop (their
     * audio is dropped; nothing of them was played, the failed sentence comes first). The utterance ends with
     * that sentence, which the caller will hear as the apology.
     */
    public void truncateAfter(int index) {
        cancelQuietly(reply);
        List<AudioSegment> later = new ArrayList<>();
        while (sentences.size() > index + 1) {
            Sentence dropped = sentences.remove(sentences.size() - 1);
            dropped.cancelBudget();
            cancelQuietly(dropped.synthesis);
            later.add(dropped.segment);
        }
        playout.cancel(later);
        playout.dropCancelled();
        textComplete = true;
    }

    /** Stops the reply stream only (it failed or stalled); the sentences already queued still play. */
    public void stopReply() {
        cancelQuietly(reply);
    }

    private List<AudioSegment> segments() {
        List<AudioSegment> segments = new ArrayList<>(sentences.size());
        for (Sentence sentence : sentences) {
            segments.add(sentence.segment);
        }
        return segments;
    }

    private void cancelStreams() {
        cancelQuietly(reply);
        for (Sentence sentence : sentences) {
            sentence.cancelBudget();
            cancelQuietly(sentence.synthesis);
        }
    }

    private static void cancelQuietly(ConversationStreams.ReplyStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.cancel();
        } catch (RuntimeException e) {
            LOG.warnf(e, "cancelling a reply stream failed");
        }
    }

    private static void cancelQuietly(StreamingSpeech.SynthesisStream stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.cancel();
        } catch (RuntimeException e) {
            LOG.warnf(e, "cancelling a synthesis stream failed");
        }
    }
}
