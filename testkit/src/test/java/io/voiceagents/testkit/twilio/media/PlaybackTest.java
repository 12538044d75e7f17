package io.voiceagents.testkit.twilio.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceagents.audio.MuLaw;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twilio's playout timeline, on a fake clock: marks, clear, underruns, utterances. */
class PlaybackTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = 1_000_000_000L;

    private final Playback playback = new Playback(T0, 500 * MS, 20 * MS, true);

    private static byte[] tone(int millis) {
        byte[] out = new byte[millis * 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = MuLaw.encode((short) (6000 * Math.sin(i * 0.3)));
        }
        return out;
    }

    private static byte[] silence(int millis) {
        byte[] out = new byte[millis * 8];
        Arrays.fill(out, MuLaw.SILENCE);
        return out;
    }

    private static long at(long ms) {
        return T0 + ms * MS;
    }

    @Test
    void aMarkIsDueWhenTheAudioQueuedBeforeItHasPlayed() {
        playback.onMedia(at(100), tone(1000));
        assertThat(playback.onMark(at(100), "m1")).isFalse();

        assertThat(playback.due(at(1099))).isEmpty();
        assertThat(playback.due(at(1100))).containsExactly("m1");
        assertThat(playback.marks()).containsExactly(new MarkEcho("m1", 100, 1100, false));
    }

    @Test
    void aMarkWithNothingQueuedIsDueAtOnce() {
        assertThat(playback.onMark(at(50), "idle")).isTrue();
        assertThat(playback.marks().get(0).echoedMs()).isEqualTo(50);
    }

    @Test
    void clearDropsWhatIsQueuedAndFlushesPendingMarks() {
        playback.onMedia(at(0), tone(2000));
        playback.onMark(at(0), "a");
        playback.onMedia(at(0), tone(1000));
        playback.onMark(at(0), "b");

        List<String> flushed = playback.onClear(at(500));

        assertThat(flushed).containsExactly("a", "b");
        ClearEvent clear = playback.clears().get(0);
        assertThat(clear.droppedBytes()).isEqualTo(2500 * 8);
        assertThat(clear.marksFlushed()).isEqualTo(2);
        AgentUtterance u = playback.utterances(at(500), false).get(0);
        assertThat(u.cleared()).isTrue();
        assertThat(u.heardMillis()).isEqualTo(500);
        assertThat(u.endMs()).isEqualTo(500);
        assertThat(playback.marks()).allMatch(MarkEcho::cleared);
        // audio after a clear is a new utterance
        playback.onMedia(at(600), tone(100));
        assertThat(playback.utterances(at(600), false)).hasSize(2);
    }

    @Test
    void audioArrivingAfterTheBufferRanDryIsAnUnderrunAndALongGapStartsANewUtterance() {
        playback.onMedia(at(0), tone(400));
        playback.onMedia(at(390), tone(200));     // on time: 10 ms of audio still queued
        playback.onMedia(at(650), tone(200));     // 50 ms after the buffer ran dry: an underrun
        playback.onMedia(at(860), tone(100));     // 10 ms late: under the threshold
        playback.onMedia(at(1_600), tone(300));   // 640 ms of quiet: a new utterance

        List<AgentUtterance> u = playback.utterances(at(1_600), false);
        assertThat(u).hasSize(2);
        assertThat(u.get(0).underruns()).isEqualTo(1);
        assertThat(u.get(0).gapMillis()).isEqualTo(60);
        assertThat(u.get(0).maxLatenessMicros()).isEqualTo(50_000);
        assertThat(u.get(0).receivedBytes()).isEqualTo(900 * 8);
        assertThat(u.get(0).endMs()).isEqualTo(960);
        assertThat(u.get(0).playing()).isFalse();
        assertThat(u.get(1).startMs()).isEqualTo(1_600);
        assertThat(u.get(1).playing()).isTrue();
        assertThat(playback.underruns()).isEqualTo(1);
        assertThat(playback.lateness().count()).isEqualTo(3);
    }

    @Test
    void silenceIsNotSpeechButStillPlays() {
        playback.onMedia(at(0), silence(300));
        assertThat(playback.utterances(at(0), false)).isEmpty();
        assertThat(playback.openUtterance(at(100))).isEqualTo(-1);

        playback.onMedia(at(100), tone(100)); // queued behind 200 ms of silence
        AgentUtterance u = playback.utterances(at(100), false).get(0);
        assertThat(u.startMs()).isEqualTo(300);
        assertThat(u.firstArrivalMs()).isEqualTo(100);
        assertThat(playback.quietNanos(at(450))).isEqualTo(50 * MS);
    }
}
