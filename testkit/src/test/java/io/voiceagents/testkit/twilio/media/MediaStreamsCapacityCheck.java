package io.voiceagents.testkit.twilio.media;

import io.vertx.core.Vertx;
import io.voiceagents.testkit.speech.SpeechFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A quick capacity check, not a test: how many {@link MediaStreamsCaller}s one core drives with on-time pacing, and
 * their heap per caller. Run the two halves in separate JVMs pinned to separate cores, e.g.
 * {@code taskset -c 1 java -cp … MediaStreamsCapacityCheck server 18080} and
 * {@code taskset -c 0 java -cp … MediaStreamsCapacityCheck callers 18080 200 30}. The server plays an agent talking
 * half the time (2 s of audio at real time, 2 s of silence, a mark after each reply); each caller speaks a fixture,
 * pauses a second, and again.
 */
public final class MediaStreamsCapacityCheck {

    private MediaStreamsCapacityCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            server(Integer.parseInt(args[1]));
        } else {
            callers(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }

    private static void server(int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        String frame = Base64.getEncoder().encodeToString(MediaStreamsCallerTest.tone(20));
        vertx.createHttpServer().webSocketHandler(ws -> {
            String[] sid = new String[1];
            int[] tick = {0};
            ws.textMessageHandler(text -> {
                if (sid[0] == null && text.contains("\"start\"")) {
                    int at = text.indexOf("\"streamSid\":\"") + 13;
                    sid[0] = text.substring(at, text.indexOf('"', at));
                    long timer = vertx.setPeriodic(20, t -> {
                        int phase = tick[0]++ % 200;
                        if (phase < 100) {
                            ws.writeTextMessage("{\"event\":\"media\",\"streamSid\":\"" + sid[0]
                                    + "\",\"media\":{\"payload\":\"" + frame + "\"}}");
                        } else if (phase == 100) {
                            ws.writeTextMessage("{\"event\":\"mark\",\"streamSid\":\"" + sid[0]
                                    + "\",\"mark\":{\"name\":\"reply-" + tick[0] + "\"}}");
                        }
                    });
                    ws.closeHandler(v -> vertx.cancelTimer(timer));
                }
            });
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        System.out.println("server on " + port);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void callers(int port, int n, int seconds) throws Exception {
        Runtime rt = Runtime.getRuntime();
        SpeechFixtures.get(SpeechFixtures.YES_THANKS);
        try (MediaStreamsCallers pool = MediaStreamsCallers.create("AC00000000000000000000000000000001", "token")) {
            System.gc();
            Thread.sleep(500);
            long before = rt.totalMemory() - rt.freeMemory();
            List<MediaStreamsCaller> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MediaStreamsCaller c = pool.connect(MediaStreamsCall.to("ws://127.0.0.1:" + port + "/twilio/media")
                        .keepAudio(false).build());
                for (int k = 0; k < seconds / 4 + 3; k++) {
                    c.say(SpeechFixtures.get(SpeechFixtures.YES_THANKS)).silence(Duration.ofSeconds(1));
                }
                all.add(c);
                Thread.sleep(5); // callers arrive spread out, not all in one tick
            }
            // the ramp-up (connections, JIT) is not the steady state being measured
            Thread.sleep(5_000);
            LatenessHistogram warm = pool.inboundPacing();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double cpu = (processCpuNanos() - cpu0) / (double) (System.nanoTime() - t0);
            System.gc();
            Thread.sleep(500);
            long after = rt.totalMemory() - rt.freeMemory();
            LatenessHistogram pacing = pool.inboundPacing().since(warm);
            long frames = 0;
            long received = 0;
            int underruns = 0;
            for (MediaStreamsCaller c : all) {
                MediaStreamsReport r = c.report();
                frames += r.framesSent();
                received += r.agentBytesReceived();
                underruns += r.underruns();
            }
            System.out.printf("callers=%d seconds=%d cpu=%.0f%% of one core%n", n, seconds, cpu * 100);
            System.out.printf("inbound pacing: %s, late >20ms: %d of %d (%.3f%%)%n", pacing, pacing.countAbove(20),
                    pacing.count(), 100.0 * pacing.countAbove(20) / Math.max(1, pacing.count()));
            System.out.printf("frames sent %d, agent audio received %d s, playback underruns %d%n", frames,
                    received / 8000, underruns);
            System.out.printf("heap per caller ~%d KB (live heap %d MB with all callers)%n",
                    (after - before) / n / 1024, after / (1024 * 1024));
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
