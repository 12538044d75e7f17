package io.voiceagents.gateway.application.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.support.stream.RecordingMeters;
import io.voiceagents.gateway.support.stream.TwilioLine;

/** The interruption handle of one agent utterance. */
class UtteranceHandleTest {

    private static final long MS = 1_000_000L;

    private final long[] now = {5_000 * MS};
    private final NanoClock clock = () -> now[0];
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final TwilioLine line = new TwilioLine(clock) {
        @Override
        public synchronized void sendClear() {
            order.add("clear");
            super.sendClear();
        }
    };
    private final Playout playout = new Playout(line, new Playout.Listener() {
        @Override
        public void firstFrameSent(AudioSegment segment, long nanos) {
        }

        @Override
        public void markSent(AudioSegment segment) {
        }
    }, new RecordingMeters(), clock, 100 * MS);
    private final PlaybackPacer pacer = new PlaybackPacer(clock, 20 * MS, 100 * MS);

    private UtteranceHandle utteranceWithThreeSentences() {
        pacer.register(playout);
        UtteranceHandle utterance = new UtteranceHandle(7, 2, UtteranceHandle.Kind.REPLY, playout, clock);
        utterance.attachReply(() -> {
            now[0] += 2 * MS; // cancelling takes a moment: the timings must show it
            order.add("reply cancelled");
        });
        for (String text : List.of("One.", "Two.", "Three.")) {
            UtteranceHandle.Sentence sentence = utterance.addSentence(text);
            sentence.synthesis(() -> order.add("synthesis of " + text + " cancelled"), now[0]);
            playout.append(sentence.segment(), new byte[160 * 10], now[0]);
        }
        return utterance;
    }

    @Test
    void interruptionClearsTwilioThenCancelsTheStreamsThenDropsTheAudio() {
        UtteranceHandle utterance = utteranceWithThreeSentences();
        playout.complete(utterance.sentences().get(0).segment());
        pacer.tick(now[0]);
        long decision = now[0];
        now[0] += 1 * MS;

        UtteranceHandle.Interruption interruption = utterance.interrupt(decision);

        assertThat(order).containsExactly("clear", "reply cancelled", "synthesis of One. cancelled",
                "synthesis of Two. cancelled", "synthesis of Three. cancelled");
        assertThat(interruption.toClearNanos()).isEqualTo(1 * MS);
        assertThat(interruption.toCancelNanos()).isEqualTo(3 * MS);
        assertThat(playout.isEmpty()).as("queued audio dropped").isTrue();
        long sent = line.audioFrames();
        pacer.tick(now[0] + 20 * MS);
        assertThat(line.audioFrames()).isEqualTo(sent);
        assertThat(utterance.state()).isEqualTo(UtteranceHandle.State.INTERRUPTED);
        assertThat(utterance.isActive()).isFalse();
    }

    @Test
    void interruptingTwiceDoesNothingTheSecondTime() {
        UtteranceHandle utterance = utteranceWithThreeSentences();
        assertThat(utterance.interrupt(now[0])).isNotNull();
        order.clear();

        assertThat(utterance.interrupt(now[0])).isNull();
        assertThat(utterance.abandon()).isEmpty();
        assertThat(order).isEmpty();
        assertThat(line.clears()).isEqualTo(1);
    }

    @Test
    void theCallerHeardOnlyTheSentencesWhoseMarksCameBackBeforeTheInterruption() {
        UtteranceHandle utterance = utteranceWithThreeSentences();
        utterance.textComplete();
        assertThat(utterance.markEchoed(0)).isFalse();

        UtteranceHandle.Interruption interruption = utterance.interrupt(now[0]);
        // Twilio echoes the cleared marks too: they must not count
        assertThat(utterance.markEchoed(1)).isFalse();
        assertThat(utterance.markEchoed(2)).isFalse();

        assertThat(interruption.heardText()).isEqualTo("One.");
        assertThat(utterance.heardText()).isEqualTo("One.");
        assertThat(utterance.spokenText()).isEqualTo("One. Two. Three.");
    }

    @Test
    void anUtteranceIsCompleteWhenAllTextIsThereAndEveryMarkCameBack() {
        UtteranceHandle utterance = utteranceWithThreeSentences();
        assertThat(utterance.markEchoed(0)).isFalse();
        assertThat(utterance.markEchoed(1)).isFalse();
        assertThat(utterance.markEchoed(2)).as("more text may come").isFalse();
        utterance.textComplete();
        assertThat(utterance.isComplete()).isTrue();
        utterance.finish();
        assertThat(utterance.interrupt(now[0])).isNull();
        assertThat(order).isEmpty();
    }

    @Test
    void aStreamThatArrivesAfterTheInterruptionIsCancelledAtOnce() {
        UtteranceHandle utterance = new UtteranceHandle(1, 1, UtteranceHandle.Kind.REPLY, playout, clock);
        utterance.interrupt(now[0]);
        ConversationStreams.ReplyStream late = () -> order.add("late reply cancelled");
        utterance.attachReply(late);
        assertThat(order).containsExactly("clear", "late reply cancelled");
    }

    @Test
    void truncationKeepsTheFailedSentenceAndStopsEverythingAfterIt() {
        UtteranceHandle utterance = utteranceWithThreeSentences();

        utterance.truncateAfter(0);

        assertThat(order).containsExactly("reply cancelled", "synthesis of Three. cancelled", "synthesis of Two. cancelled");
        assertThat(utterance.sentences()).extracting(UtteranceHandle.Sentence::text).containsExactly("One.");
        assertThat(utterance.isTextComplete()).isTrue();
        assertThat(line.clears()).isZero();
    }

    @SuppressWarnings("unused")
    private static StreamingSpeech.SynthesisStream noSynthesis() {
        return () -> {
        };
    }
}
