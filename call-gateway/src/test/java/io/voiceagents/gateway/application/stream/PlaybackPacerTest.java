package io.voiceagents.gateway.application.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.support.stream.RecordingMeters;
import io.voiceagents.gateway.support.stream.TwilioLine;

/** The pacer's scheduling and lateness accounting, on a clock moved by hand. */
class PlaybackPacerTest {

    private static final long MS = 1_000_000L;
    private static final long TICK = 20 * MS;
    private static final long LEAD = 100 * MS;

    private final long[] now = {1_000 * MS};
    private final NanoClock clock = () -> now[0];
    private final RecordingMeters meters = new RecordingMeters();
    private final PlaybackPacer pacer = new PlaybackPacer(clock, TICK, LEAD);
    private final List<String> events = new ArrayList<>();
    private final Playout.Listener listener = new Playout.Listener() {
        @Override
        public void firstFrameSent(AudioSegment segment, long nanos) {
            events.add("first " + segment.markName());
        }

        @Override
        public void markSent(AudioSegment segment) {
            events.add("mark " + segment.markName());
        }
    };

    private Playout playout(TwilioLine line) {
        Playout playout = new Playout(line, listener, meters, clock, LEAD);
        pacer.register(playout);
        return playout;
    }

    /** A tick now, then ten more 20 ms apart (200 ms of playout). */
    private void tickNowAndTenMore() {
        pacer.tick(now[0]);
        for (int i = 0; i < 10; i++) {
            now[0] += TICK;
            pacer.tick(now[0]);
        }
    }

    private static byte[] frames(int count) {
        return new byte[count * 160];
    }

    @Test
    void keepsTheLeadBufferedAndThenSendsOneFramePerTickOnTime() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        AudioSegment segment = playout.enqueue("s0", null);
        playout.append(segment, frames(50), now[0]);
        playout.complete(segment);

        pacer.tick(now[0]);
        // up to the next tick plus the lead: 120 ms = 6 frames
        assertThat(line.audioFrames()).isEqualTo(6);
        for (int i = 1; i <= 10; i++) {
            now[0] += TICK;
            pacer.tick(now[0]);
            assertThat(line.audioFrames()).isEqualTo(6 + i);
        }
        assertThat(meters.frameLateness).hasSize(16).allMatch(lateness -> lateness == 0);
        assertThat(playout.bufferedMillis()).isEqualTo(120);
    }

    @Test
    void aLateTickSendsTheMissedFramesAndRecordsHowLateTheyAre() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        AudioSegment segment = playout.enqueue("s0", null);
        playout.append(segment, frames(50), now[0]);
        pacer.tick(now[0]);
        long deadline = now[0] + TICK;
        now[0] = deadline + 35 * MS; // the pacing thread woke 35 ms after its deadline

        pacer.tick(deadline);

        List<Long> late = meters.frameLateness.subList(6, meters.frameLateness.size());
        // Twilio's buffer had fallen to 65 ms: two frames were due 15 ms and 35 ms ago, the rest are not late
        assertThat(late).hasSize(3).containsExactly(35 * MS, 15 * MS, 0L);
        // and the lead is restored from now, not from the missed deadline
        assertThat(playout.bufferedMillis()).isBetween(120L, 140L);
    }

    @Test
    void audioArrivingBetweenTicksIsSentAtOnceWhenWokenAndIsNotLate() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        pacer.tick(now[0]);
        long nextTick = now[0] + TICK;
        now[0] += 7 * MS;
        AudioSegment segment = playout.enqueue("s0", null);

        boolean wake = playout.append(segment, frames(20), now[0]);
        assertThat(wake).as("a starved playout asks to be served now").isTrue();
        now[0] += 1 * MS; // the pacing thread needs a moment to wake up
        pacer.wake(playout);
        pacer.serveWoken(nextTick);

        // until the next tick (12 ms away) plus the lead: 112 ms, 6 frames; the first five were due when the
        // audio arrived, the sixth only now (Twilio's buffer then reaches the lead)
        assertThat(line.audioFrames()).isEqualTo(6);
        assertThat(meters.frameLateness).containsExactly(MS, MS, MS, MS, MS, 0L);
        assertThat(events).containsExactly("first s0");
    }

    @Test
    void aPauseInSynthesisMakesTheNextFramesDueWhenTheirAudioArrives() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        AudioSegment segment = playout.enqueue("s0", null);
        playout.append(segment, frames(2), now[0]);
        tickNowAndTenMore();
        assertThat(line.audioFrames()).isEqualTo(2);
        long arrived = now[0] + 4 * MS;
        now[0] = arrived;
        playout.append(segment, frames(3), arrived);
        now[0] = arrived + 16 * MS;

        pacer.tick(arrived + 16 * MS);

        assertThat(line.audioFrames()).isEqualTo(5);
        assertThat(meters.frameLateness.subList(2, 5)).containsOnly(16 * MS);
    }

    @Test
    void aFrameSplitAcrossTwoSynthesisChunksIsDueWhenItsSecondPartArrives() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        AudioSegment segment = playout.enqueue("s0", null);
        // one and a half frames: synthesis chunks need not end on a frame boundary
        playout.append(segment, new byte[240], now[0]);
        tickNowAndTenMore();
        assertThat(line.audioFrames()).isEqualTo(1);
        now[0] += 3 * MS;
        // the rest of the second frame and two more, 203 ms after the first half: starved, so served when woken
        assertThat(playout.append(segment, new byte[400], now[0])).isTrue();
        pacer.wake(playout);
        pacer.serveWoken(now[0] + 17 * MS);

        assertThat(line.audioFrames()).isEqualTo(4);
        assertThat(meters.frameLateness).as("nothing could have been sent before its audio existed").containsOnly(0L);
    }

    @Test
    void aSegmentsMarkFollowsItsLastFrameEvenWhenItCompletesLater() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        AudioSegment first = playout.enqueue("s0", null);
        AudioSegment second = playout.enqueue("s1", null);
        playout.append(second, frames(2), now[0]); // the second sentence's audio is ready first
        playout.append(first, new byte[200], now[0]); // one frame and a partial one
        pacer.tick(now[0]);
        // the whole frame goes; the partial one waits, more audio may complete it
        assertThat(line.sent()).hasSize(1).allMatch(s -> s instanceof TwilioLine.Audio);

        boolean wake = playout.complete(first);
        assertThat(wake).isTrue();
        pacer.tick(now[0] + TICK);

        assertThat(line.marks()).containsExactly("s0");
        assertThat(line.audioFrames()).isEqualTo(4);
        assertThat(line.sent().get(2)).isInstanceOf(TwilioLine.Mark.class);
        assertThat(events).containsExactly("first s0", "mark s0", "first s1");
        playout.complete(second);
        pacer.tick(now[0] + 2 * TICK);
        assertThat(line.marks()).containsExactly("s0", "s1");
        assertThat(playout.isEmpty()).isTrue();
    }

    @Test
    void aShortLastFrameAndTheNextSentenceAreDueWhenTheSentenceIsKnownToBeComplete() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        AudioSegment first = playout.enqueue("s0", null);
        AudioSegment second = playout.enqueue("s1", null);
        playout.append(first, new byte[200], now[0]); // one frame and a partial one
        playout.append(second, frames(3), now[0]); // the second sentence's audio is all there already
        tickNowAndTenMore();
        assertThat(line.audioFrames()).isEqualTo(1);
        now[0] += 5 * MS;
        // the end of the first sentence is known 205 ms later (Twilio's buffer ran dry long ago)
        assertThat(playout.complete(first)).isTrue();
        pacer.wake(playout);
        pacer.serveWoken(now[0] + 15 * MS);

        assertThat(line.audioFrames()).isEqualTo(5);
        assertThat(line.marks()).containsExactly("s0");
        assertThat(meters.frameLateness).as("no frame could have left before the first sentence was complete")
                .containsOnly(0L);
    }

    @Test
    void clearStopsTheSegmentsAtOnceAndTheNextAudioStartsWithoutWaiting() {
        TwilioLine line = new TwilioLine(clock);
        Playout playout = playout(line);
        AudioSegment speaking = playout.enqueue("s0", null);
        playout.append(speaking, frames(100), now[0]);
        pacer.tick(now[0]);
        now[0] += TICK;
        pacer.tick(now[0]);
        long sentBefore = line.audioFrames();

        playout.clear(List.of(speaking));
        playout.dropCancelled();
        now[0] += TICK;
        pacer.tick(now[0]);

        assertThat(line.clears()).isEqualTo(1);
        assertThat(line.audioFrames()).isEqualTo(sentBefore);
        assertThat(playout.isEmpty()).isTrue();
        AudioSegment next = playout.enqueue("s1", null);
        playout.append(next, frames(10), now[0]);
        pacer.tick(now[0]);
        assertThat(line.audioFrames()).isEqualTo(sentBefore + 6);
    }

    @Test
    void everyCallGetsItsFrameOnEachTick() {
        List<TwilioLine> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            TwilioLine line = new TwilioLine(clock);
            lines.add(line);
            Playout playout = playout(line);
            AudioSegment segment = playout.enqueue("s", null);
            playout.append(segment, frames(100), now[0]);
        }
        pacer.tick(now[0]);
        for (int i = 0; i < 25; i++) {
            now[0] += TICK;
            pacer.tick(now[0]);
        }
        assertThat(lines).allMatch(line -> line.audioFrames() == 6 + 25);
        assertThat(pacer.activePlayouts()).isEqualTo(200);
    }

    @Test
    void aFailingCallIsDroppedWithoutStoppingTheOthers() {
        TwilioLine healthy = new TwilioLine(clock);
        Playout broken = new Playout(new TwilioLine(clock) {
            @Override
            public synchronized void sendAudio(byte[] muLaw, int offset, int length) {
                throw new IllegalStateException("socket exploded");
            }
        }, listener, meters, clock, LEAD);
        pacer.register(broken);
        Playout good = playout(healthy);
        broken.append(broken.enqueue("b", null), frames(10), now[0]);
        good.append(good.enqueue("g", null), frames(10), now[0]);

        pacer.tick(now[0]);

        assertThat(healthy.audioFrames()).isEqualTo(6);
        assertThat(pacer.activePlayouts()).isEqualTo(1);
    }

    @Test
    void aTickServedMoreThan20MillisecondsLateIsCountedOnceAndThePacerResumesOnTheGrid() throws InterruptedException {
        AtomicLong time = new AtomicLong(1_000 * MS);
        PlaybackPacer running = new PlaybackPacer(time::get, TICK, LEAD);
        running.start();
        try {
            time.addAndGet(TICK + 10 * MS); // the first tick, 10 ms late: not counted
            Thread.sleep(100);
            assertThat(running.lateTicks()).isZero();

            time.addAndGet(TICK + 45 * MS); // the next one 55 ms after its time: the thread was held up
            long deadline = System.nanoTime() + 2_000 * MS;
            while (running.lateTicks() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(running.lateTicks()).isEqualTo(1);
            Thread.sleep(100); // the clock stands still: back on the grid, nothing more is late
            assertThat(running.lateTicks()).isEqualTo(1);
        } finally {
            running.close();
        }
    }
}
