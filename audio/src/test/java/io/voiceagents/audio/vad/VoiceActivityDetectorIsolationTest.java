package io.voiceagents.audio.vad;

import static io.voiceagents.audio.vad.SpeechFixtures.FRAME;
import static io.voiceagents.audio.vad.SpeechFixtures.join;
import static io.voiceagents.audio.vad.SpeechFixtures.pcm;
import static io.voiceagents.audio.vad.SpeechFixtures.probabilities;
import static io.voiceagents.audio.vad.SpeechFixtures.silence;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detectors of different calls share one model but nothing else. */
class VoiceActivityDetectorIsolationTest {

    private static SileroVadModel model;
    private static short[][] calls;
    private static float[][] alone;

    @BeforeAll
    static void referenceRuns() {
        model = SileroVadModel.load();
        List<String> names = SpeechFixtures.SPEECH;
        calls = new short[names.size()][];
        alone = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            // silence between repetitions exercises the gate and its state reset as well
            short[] speech = pcm(names.get(i));
            calls[i] = join(silence(300), speech, silence(900), speech, silence(400));
            try (VoiceActivityDetector detector = model.newDetector()) {
                alone[i] = probabilities(detector, calls[i]);
            }
        }
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void twoCallsFedAlternatelyGetTheSameAnswersAsEachAlone() {
        try (VoiceActivityDetector first = model.newDetector(); VoiceActivityDetector second = model.newDetector()) {
            short[] a = calls[0];
            short[] b = calls[1];
            float[] pa = new float[a.length / FRAME];
            float[] pb = new float[b.length / FRAME];
            for (int f = 0; f < Math.max(pa.length, pb.length); f++) {
                if (f < pa.length) {
                    pa[f] = first.accept(a, f * FRAME);
                }
                if (f < pb.length) {
                    pb[f] = second.accept(b, f * FRAME);
                }
            }
            assertArrayEquals(alone[0], pa);
            assertArrayEquals(alone[1], pb);
        }
    }

    @Test
    void manyCallsOnManyThreadsShareOneModelSafely() throws Exception {
        int threads = 6;
        int callsPerThread = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    // each thread runs two calls interleaved, several times, with fresh detectors
                    for (int round = 0; round < callsPerThread; round++) {
                        int x = (thread + round) % calls.length;
                        int y = (thread + round + 1) % calls.length;
                        try (VoiceActivityDetector dx = model.newDetector(); VoiceActivityDetector dy = model.newDetector()) {
                            float[] px = new float[calls[x].length / FRAME];
                            float[] py = new float[calls[y].length / FRAME];
                            for (int f = 0; f < Math.max(px.length, py.length); f++) {
                                if (f < px.length) {
                                    px[f] = dx.accept(calls[x], f * FRAME);
                                }
                                if (f < py.length) {
                                    py[f] = dy.accept(calls[y], f * FRAME);
                                }
                            }
                            assertArrayEquals(alone[x], px, "thread " + thread + " call " + x);
                            assertArrayEquals(alone[y], py, "thread " + thread + " call " + y);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
