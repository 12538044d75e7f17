package io.voiceagents.gateway.application.stream;

import java.time.Duration;
import java.util.Optional;

import io.voiceagents.gateway.application.SerialExecutor;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.domain.AgentVoice;

/**
 * The agent's voice on a call: each sentence is synthesised as soon as it is complete — so sentence k+1 is
 * being synthesised while k plays — and its audio goes into the sentence's own segment of the playout, which
 * plays the segments in order whatever order their audio arrives in. A sentence whose synthesis fails or
 * stalls past the budget is reported; the session then plays the cached apology in its place. Used on the
 * call's session thread; synthesis callbacks are handed over to it, except the audio itself, which goes into
 * the playout from the network thread.
 */
public final class AgentSpeech {

    /** What synthesis and playback report to the session, on the session thread. */
    public interface Events {

        /** The first audio of a sentence arrived from tts-service. */
        void sentenceAudioStarted(UtteranceHandle.Sentence sentence, long providerFirstByteMs, boolean cached,
                long nanos);

        void sentenceFailed(UtteranceHandle.Sentence sentence, SpeechSynthesisException error);

        /** The first frame of a sentence left for Twilio. */
        void firstFrameSent(UtteranceHandle.Sentence sentence, long nanos);

        /** A sentence's last frame and its mark left for Twilio. */
        void markSent(UtteranceHandle.Sentence sentence);
    }

    private final StreamingSpeech speech;
    private final AgentVoice voice;
    private final Playout playout;
    private final PlaybackPacer pacer;
    private final SerialExecutor session;
    private final Timers timers;
    private final NanoClock clock;
    private final Duration budget;
    private final ApologyAudio apology;
    private final Events events;
    private long nextUtteranceId;

    public AgentSpeech(StreamingSpeech speech, AgentVoice voice, Playout playout, PlaybackPacer pacer,
            SerialExecutor session, Timers timers, NanoClock clock, Duration budget, ApologyAudio apology, Events events) {
        this.speech = speech;
        this.voice = voice;
        this.playout = playout;
        this.pacer = pacer;
        this.session = session;
        this.timers = timers;
        this.clock = clock;
        this.budget = budget;
        this.apology = apology;
        this.events = events;
    }

    /** The playout's listener: pacer-thread events handed to the session thread. */
    public static Playout.Listener playoutListener(SerialExecutor session, Events events) {
        return new Playout.Listener() {
            @Override
            public void firstFrameSent(AudioSegment segment, long nanos) {
                if (segment.tag() instanceof UtteranceHandle.Sentence sentence) {
                    session.execute(() -> events.firstFrameSent(sentence, nanos));
                }
            }

            @Override
            public void markSent(AudioSegment segment) {
                if (segment.tag() instanceof UtteranceHandle.Sentence sentence) {
                    session.execute(() -> events.markSent(sentence));
                }
            }
        };
    }

    public UtteranceHandle begin(int turnIndex, UtteranceHandle.Kind kind) {
        return new UtteranceHandle(++nextUtteranceId, turnIndex, kind, playout, clock);
    }

    /** Queues a sentence and starts its synthesis now. */
    public UtteranceHandle.Sentence say(UtteranceHandle utterance, String text) {
        UtteranceHandle.Sentence sentence = utterance.addSentence(text);
        synthesize(sentence);
        return sentence;
    }

    /** Queues the apology as a sentence, from the in-memory audio (or synthesised now when there is none yet). */
    public UtteranceHandle.Sentence sayApology(UtteranceHandle utterance) {
        UtteranceHandle.Sentence sentence = utterance.addSentence(apology.text());
        if (!playCachedApology(sentence)) {
            synthesize(sentence);
        }
        return sentence;
    }

    /**
     * Plays the apology in place of a sentence whose synthesis failed; false when no apology audio exists
     * (the sentence then ends silent).
     */
    public boolean replaceWithApology(UtteranceHandle.Sentence sentence) {
        if (sentence.synthesis() != null) {
            sentence.synthesis().cancel();
        }
        sentence.cancelBudget();
        sentence.replaceText(apology.text());
        if (playCachedApology(sentence)) {
            return true;
        }
        complete(sentence);
        return false;
    }

    private boolean playCachedApology(UtteranceHandle.Sentence sentence) {
        Optional<byte[]> audio = apology.get(voice);
        if (audio.isEmpty()) {
            return false;
        }
        if (playout.append(sentence.segment(), audio.get(), clock.nanoTime())) {
            pacer.wake(playout);
        }
        complete(sentence);
        return true;
    }

    private void synthesize(UtteranceHandle.Sentence sentence) {
        long requested = clock.nanoTime();
        sentence.budget(timers.schedule(budget, () -> session.execute(() -> stalled(sentence))));
        try {
            sentence.synthesis(speech.synthesize(sentence.text(), voice, listener(sentence)), requested);
        } catch (RuntimeException e) {
            sentence.cancelBudget();
            events.sentenceFailed(sentence, new SpeechSynthesisException("starting synthesis failed", false, e));
        }
    }

    private void stalled(UtteranceHandle.Sentence sentence) {
        if (live(sentence) && !sentence.segment().isComplete()) {
            events.sentenceFailed(sentence, new SpeechSynthesisException(
                    "no audio within the synthesis budget of " + budget.toMillis() + " ms", true, null));
        }
    }

    private void complete(UtteranceHandle.Sentence sentence) {
        if (playout.complete(sentence.segment())) {
            pacer.wake(playout);
        }
    }

    private static boolean live(UtteranceHandle.Sentence sentence) {
        return sentence.utterance().isActive() && !sentence.segment().isCancelled();
    }

    private StreamingSpeech.AudioListener listener(UtteranceHandle.Sentence sentence) {
        return new StreamingSpeech.AudioListener() {
            @Override
            public void onAudio(byte[] muLaw, boolean first, boolean cached, long providerFirstByteMs) {
                // Straight into the playout from the network thread, so the pacer can send it without waiting for
                // the session thread: the playout refuses audio of a cancelled or completed segment, and a
                // cancelled synthesis delivers nothing more once its cancel returned. The bookkeeping (first
                // audio, the stall budget) follows on the session thread, queued before the audio can be sent.
                long now = clock.nanoTime();
                session.executeUrgent(() -> audioArrived(sentence, cached, providerFirstByteMs, now));
                if (playout.append(sentence.segment(), muLaw, now)) {
                    pacer.wake(playout);
                }
            }

            @Override
            public void onComplete(long durationMs) {
                session.executeUrgent(() -> {
                    if (live(sentence)) {
                        sentence.cancelBudget();
                        complete(sentence);
                    }
                });
            }

            @Override
            public void onError(SpeechSynthesisException error) {
                session.executeUrgent(() -> {
                    if (live(sentence) && !sentence.segment().isComplete()) {
                        sentence.cancelBudget();
                        events.sentenceFailed(sentence, error);
                    }
                });
            }
        };
    }

    private void audioArrived(UtteranceHandle.Sentence sentence, boolean cached, long providerFirstByteMs, long now) {
        if (!live(sentence) || sentence.segment().isComplete()) {
            return;
        }
        if (sentence.audioArrived()) {
            events.sentenceAudioStarted(sentence, providerFirstByteMs, cached, now);
        }
        // the budget also covers the gaps between chunks: a stream that stops mid-sentence is a failure too
        sentence.budget(timers.schedule(budget, () -> session.execute(() -> stalled(sentence))));
    }
}
