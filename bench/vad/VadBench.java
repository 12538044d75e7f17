import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import io.voiceagents.audio.turn.TurnDetector;
import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.audio.vad.SileroVadModel;
import io.voiceagents.audio.vad.VoiceActivityDetector;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost of voice activity and turn detection per 20 ms frame, run by bench/vad/run (see bench/README.md).
 *
 * <p>Every scenario feeds {@value #CALLS} calls round-robin, frame by frame, as a media thread serving many
 * calls would: each call has its own detector and turn detector and starts at a different point of the same
 * stream, so the model's windows of different calls do not line up. Each frame is timed; the mean gives the
 * throughput (frames per second on one core, and calls at 50 frames per second), the percentiles the jitter
 * a frame sees (most frames only buffer samples; one in 3.2 completes a 512-sample window and runs the model).
 */
public final class VadBench {

    private static final int CALLS = 50;
    private static final int FRAME = MuLaw.FRAME_BYTES;
    private static final int FRAMES_PER_SECOND_PER_CALL = 1000 / MuLaw.FRAME_MILLIS;
    private static final List<String> SPEECH = List.of("hello_booking", "opening_hours", "yes_thanks", "transfer_request");
    private static final String USAGE = """
            usage: bench/vad/run [--seconds 5] [--warmup 2] [--threads N] [--gate-dbfs -60]
              --seconds    measured seconds per scenario (1..120)
              --warmup     unmeasured seconds before each scenario (0..60)
              --threads    threads of the parallel run (default: available processors)
              --gate-dbfs  energy gate of the gated scenarios (default: SileroVadModel.DEFAULT_GATE_DBFS)""";

    private static double seconds = 5;
    private static double warmup = 2;
    private static int threads = Runtime.getRuntime().availableProcessors();
    private static double gate = SileroVadModel.DEFAULT_GATE_DBFS;

    public static void main(String[] args) throws Exception {
        if (!parse(args)) {
            System.exit(2);
        }
        Path fixtures = Path.of(System.getProperty("vad.fixtures", "audio/src/test/resources/io/voiceagents/audio/speech"));
        List<short[]> utterances = new ArrayList<>();
        for (String name : SPEECH) {
            utterances.add(read(fixtures.resolve(name + ".wav")));
        }
        short[] lineNoise = read(fixtures.resolve("line_noise.wav"));

        // speech only: the utterances back to back (their own pauses between words stay)
        short[] speechOnly = concat(utterances, null, 0);
        // a call: the caller speaks, then listens ~4 s while the agent answers; the line is digitally silent
        short[] callMix = concat(utterances, null, 4000);
        // the same call on a line with audible noise while the caller listens: the gate cannot help there
        short[] noisyCallMix = concat(utterances, lineNoise, 4000);

        long rssBefore = rssKb();
        long loadStart = System.nanoTime();
        SileroVadModel model = SileroVadModel.load();
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
        System.out.printf(Locale.ROOT, "Silero VAD v4 (ONNX Runtime, 1 intra-op thread), window %d samples (%d ms), %d calls round-robin per thread%n",
                SileroVadModel.WINDOW_SAMPLES, SileroVadModel.WINDOW_SAMPLES / 8, CALLS);
        System.out.printf(Locale.ROOT, "model load %d ms, process RSS +%.1f MB for the shared session; %d processors, load average %.2f%n",
                loadMillis, (rssKb() - rssBefore) / 1024.0, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // first, while the native allocator has no freed memory to hand back out, so RSS growth is honest
        memory(model);

        System.out.println("\none thread (one core):");
        System.out.printf(Locale.ROOT, "  %-36s %6s %8s %7s %7s %6s %8s %8s %10s %10s %7s%n", "scenario", "speech", "inferred", "CPU/fr", "wall/fr",
                "p50", "p99", "p99.9", "frames/s", "calls/core", "B/frame");
        System.out.printf(Locale.ROOT, "  %-36s %6s %8s %7s %7s %6s %8s %8s %10s %10s %7s%n", "", "share", "windows", "ns", "ns", "ns", "ns", "ns",
                "per core", "(50 fps)", "alloc");
        single(model, "speech only, gate on", speechOnly, gate);
        single(model, "speech only, gate off", speechOnly, Double.NEGATIVE_INFINITY);
        single(model, "call mix (digital silence), gate on", callMix, gate);
        single(model, "call mix (digital silence), gate off", callMix, Double.NEGATIVE_INFINITY);
        single(model, "call mix (line noise), gate on", noisyCallMix, gate);

        System.out.printf(Locale.ROOT, "%n%d threads sharing the model (aggregate):%n", threads);
        parallel(model, "speech only, gate off", speechOnly, Double.NEGATIVE_INFINITY);
        parallel(model, "call mix (digital silence), gate on", callMix, gate);
        model.close();
    }

    private static void single(SileroVadModel model, String name, short[] stream, double gateDbfs) {
        Calls calls = new Calls(model, stream, gateDbfs);
        calls.run(warmup, null);
        Histogram histogram = new Histogram();
        var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threadBean.getCurrentThreadAllocatedBytes();
        long cpuBefore = threadBean.getCurrentThreadCpuTime();
        long frames = calls.run(seconds, histogram);
        // CPU time, not wall time, sizes a core: on a shared machine the thread is also preempted
        double cpuPerFrame = (double) (threadBean.getCurrentThreadCpuTime() - cpuBefore) / frames;
        long allocated = threadBean.getCurrentThreadAllocatedBytes() - allocatedBefore;
        double perCore = 1e9 / cpuPerFrame;
        System.out.printf(Locale.ROOT, "  %-36s %5.0f%% %7.0f%% %7.0f %7.0f %6d %8d %8d %10.0f %10.0f %7.0f%n", name, 100 * speechShare(stream),
                100 * inferredShare(stream, gateDbfs), cpuPerFrame, histogram.mean(), histogram.percentile(50), histogram.percentile(99),
                histogram.percentile(99.9), perCore, perCore / FRAMES_PER_SECOND_PER_CALL, (double) allocated / frames);
        calls.close();
    }

    private static void parallel(SileroVadModel model, String name, short[] stream, double gateDbfs) throws InterruptedException {
        List<Calls> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new Calls(model, stream, gateDbfs));
        }
        AtomicLong frames = new AtomicLong();
        CountDownLatch warmedUp = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] cpuNanos = new long[threads];
        for (int t = 0; t < threads; t++) {
            Calls calls = perThread.get(t);
            int index = t;
            workers.add(Thread.ofPlatform().name("vad-bench-" + t).start(() -> {
                calls.run(warmup, null);
                warmedUp.countDown();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                frames.addAndGet(calls.run(seconds, null));
                cpuNanos[index] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu;
            }));
        }
        warmedUp.await();
        long wallStart = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long cpu = 0;
        for (long c : cpuNanos) {
            cpu += c;
        }
        double perSecond = frames.get() / wall;
        System.out.printf(Locale.ROOT, "  %-36s %12.0f frames/s = %6.0f calls in real time, CPU %.0f%% of %d cores, %.0f ns CPU per frame%n",
                name, perSecond, perSecond / FRAMES_PER_SECOND_PER_CALL, 100.0 * cpu / 1e9 / wall / threads, threads, (double) cpu / frames.get());
        perThread.forEach(Calls::close);
    }

    /** Heap, direct and native memory of one call's detectors, from 1,000 of them. */
    private static void memory(SileroVadModel model) {
        int n = 1000;
        short[] frame = new short[FRAME * 4];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) (3000 * Math.sin(i * 0.3));
        }
        var memoryBean = ManagementFactory.getMemoryMXBean();
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        long heapBefore = memoryBean.getHeapMemoryUsage().getUsed();
        long directBefore = direct.getMemoryUsed();
        long rssBefore = rssKb();
        long allocatedBefore = threadBean.getCurrentThreadAllocatedBytes();
        VoiceActivityDetector[] detectors = new VoiceActivityDetector[n];
        TurnDetector[] turns = new TurnDetector[n];
        for (int i = 0; i < n; i++) {
            detectors[i] = model.newDetector();
            turns[i] = new TurnDetector(TurnSettings.defaults());
            // one full window each, so anything created lazily on the first inference is counted
            for (int f = 0; f < 4; f++) {
                turns[i].onFrame(detectors[i].accept(frame, f * FRAME));
            }
        }
        long allocated = threadBean.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.gc();
        long heap = memoryBean.getHeapMemoryUsage().getUsed() - heapBefore;
        long directBytes = direct.getMemoryUsed() - directBefore;
        long rss = rssKb() - rssBefore;
        System.out.printf(Locale.ROOT, "memory per call (VAD + turn detector, from %d calls):%n", n);
        System.out.printf(Locale.ROOT, "  heap retained after GC   %8.1f KB%n", heap / 1024.0 / n);
        System.out.printf(Locale.ROOT, "  heap allocated to create %8.1f KB (including the first inference's garbage)%n", allocated / 1024.0 / n);
        System.out.printf(Locale.ROOT, "  direct buffers           %8.1f KB%n", directBytes / 1024.0 / n);
        System.out.printf(Locale.ROOT, "  process RSS growth       %8.1f KB (heap pages are pre-touched: this is direct and native memory)%n", rss / (double) n);
        Reference.reachabilityFence(turns);
        for (VoiceActivityDetector detector : detectors) {
            detector.close();
        }
    }

    /** {@value #CALLS} calls on one thread, each at its own position in the stream. */
    private static final class Calls {
        final short[] stream;
        final VoiceActivityDetector[] detectors = new VoiceActivityDetector[CALLS];
        final TurnDetector[] turns = new TurnDetector[CALLS];
        final int[] position = new int[CALLS];
        final int frames;
        int sink;

        Calls(SileroVadModel model, short[] stream, double gateDbfs) {
            this.stream = stream;
            this.frames = stream.length / FRAME;
            for (int c = 0; c < CALLS; c++) {
                detectors[c] = model.newDetector(gateDbfs);
                turns[c] = new TurnDetector(TurnSettings.defaults());
                position[c] = (int) ((long) frames * c / CALLS);
            }
        }

        /** Runs frames for about {@code seconds}; returns how many. */
        long run(double seconds, Histogram histogram) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long count = 0;
            while (System.nanoTime() < end) {
                for (int c = 0; c < CALLS; c++) {
                    int offset = position[c] * FRAME;
                    long t0 = System.nanoTime();
                    float p = detectors[c].accept(stream, offset);
                    sink += turns[c].onFrame(p).ordinal();
                    long t1 = System.nanoTime();
                    if (histogram != null) {
                        histogram.record(t1 - t0);
                    }
                    position[c] = position[c] + 1 == frames ? 0 : position[c] + 1;
                }
                count += CALLS;
            }
            return count;
        }

        void close() {
            for (VoiceActivityDetector detector : detectors) {
                detector.close();
            }
        }
    }

    /** Log-linear histogram of nanoseconds: 64 buckets per power of two (about 1.5% resolution). */
    private static final class Histogram {
        final long[] counts = new long[64 * 60];
        long total;
        double sum;

        void record(long nanos) {
            long v = Math.max(0, nanos);
            counts[index(v)]++;
            total++;
            sum += v;
        }

        double mean() {
            return sum / total;
        }

        long percentile(double p) {
            long rank = (long) Math.ceil(p / 100 * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return value(i);
                }
            }
            return value(counts.length - 1);
        }

        static int index(long v) {
            if (v < 64) {
                return (int) v;
            }
            int exponent = 63 - Long.numberOfLeadingZeros(v);
            int sub = (int) ((v >>> (exponent - 6)) & 63);
            return (exponent - 5) * 64 + sub;
        }

        static long value(int index) {
            if (index < 64) {
                return index;
            }
            int exponent = index / 64 + 5;
            int sub = index % 64;
            return (64L + sub) << (exponent - 6);
        }
    }

    private static double speechShare(short[] stream) {
        // frames with voice in them (-40 dBFS)
        long voiced = 0;
        for (int f = 0; f < stream.length / FRAME; f++) {
            if (rms(stream, f * FRAME, FRAME) >= 328) {
                voiced++;
            }
        }
        return (double) voiced / (stream.length / FRAME);
    }

    private static double inferredShare(short[] stream, double gateDbfs) {
        int window = SileroVadModel.WINDOW_SAMPLES;
        long windows = stream.length / window;
        long inferred = 0;
        for (int w = 0; w < windows; w++) {
            double rms = rms(stream, w * window, window);
            if (gateDbfs == Double.NEGATIVE_INFINITY || 20 * Math.log10(rms / 32768) >= gateDbfs) {
                inferred++;
            }
        }
        return (double) inferred / windows;
    }

    private static double rms(short[] samples, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / length);
    }

    private static short[] concat(List<short[]> utterances, short[] noise, int pauseMillis) {
        int pause = pauseMillis * MuLaw.SAMPLE_RATE / 1000;
        int length = 0;
        for (short[] u : utterances) {
            length += u.length + pause;
        }
        short[] out = new short[length / FRAME * FRAME];
        int at = 0;
        for (short[] u : utterances) {
            int n = Math.min(u.length, out.length - at);
            System.arraycopy(u, 0, out, at, n);
            at += n;
            for (int i = 0; i < pause && at < out.length; i++, at++) {
                out[at] = noise == null ? 0 : noise[i % noise.length];
            }
        }
        return out;
    }

    private static short[] read(Path wav) throws IOException {
        byte[] bytes = Files.readAllBytes(wav);
        WavFormat format = WavFile.parse(bytes);
        if (!format.isMuLaw8kMono()) {
            throw new IOException(wav + " is not mu-law 8 kHz mono");
        }
        return MuLaw.decode(WavFile.data(bytes, format));
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: RSS figures read 0
        }
        return 0;
    }

    private static boolean parse(String[] args) {
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        System.exit(0);
                    }
                    case "--seconds" -> seconds = bounded(args[++i], 1, 120);
                    case "--warmup" -> warmup = bounded(args[++i], 0, 60);
                    case "--threads" -> threads = (int) bounded(args[++i], 1, 64);
                    case "--gate-dbfs" -> gate = bounded(args[++i], -120, 0);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return true;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("error: " + (e instanceof ArrayIndexOutOfBoundsException ? "missing value" : e.getMessage()) + "\n" + USAGE);
            return false;
        }
    }

    private static double bounded(String value, double min, double max) {
        double v = Double.parseDouble(value);
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(value + " is outside " + min + ".." + max);
        }
        return v;
    }
}
