package io.voiceagents.audio.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the Silero windows of many streams (calls) together: one inference over a batch of windows instead of
 * one per window. For a model this small, ONNX Runtime's fixed cost per run is about as large as the work on
 * one window (measured here: ≈210 µs for one 512-sample window alone, ≈95 µs per window in batches of 8 or
 * more), so batching halves the VAD's CPU per call.
 *
 * <p>Detectors made here ({@link #newDetector}) hand each completed window to the batcher and return at once
 * with the probability of the latest window whose result is back. The batcher thread waits {@code gather}
 * after the first pending window so others can join, runs them all (at most {@code maxBatch} per run) and
 * publishes the results. The price is latency: a window's probability is known {@code gather} plus one run
 * after the window completes instead of at once, so the frame that completes a window still sees the previous
 * window's probability, and turn edges move by at most one 20 ms frame. Each stream's recurrent state is kept
 * here and only touched by the batcher thread; a stream's windows are run in order, one per batch.
 *
 * <p>If the batcher thread falls behind (a busy machine), a stream with more than {@link #HELP_AFTER} windows
 * waiting runs a batch on its own thread. If that is not enough either (more than {@link #MAX_PENDING} waiting),
 * the stream's oldest windows are dropped and its state starts afresh at the next one: the VAD degrades instead
 * of every call's queue growing without bound. {@link #start()} starts the thread; without it (tests) {@link #runPending()}
 * runs what is pending on the caller's thread.
 */
public final class SileroBatcher implements AutoCloseable {

    /** Windows a stream may have waiting before its oldest are dropped (6 × 64 ms). */
    static final int MAX_PENDING = 6;
    /** Windows waiting beyond which the stream's own thread runs a batch (the batcher thread is behind). */
    static final int HELP_AFTER = 2;
    private static final int WINDOW = SileroVadModel.WINDOW_SAMPLES;
    static final int STATE = 64;

    private final SileroVadModel model;
    private final long gatherNanos;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<BatchedDetector> ready = new ConcurrentLinkedQueue<>();
    private final AtomicLong windows = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    // batch buffers, used by the batcher thread only; tensors for batch size b wrap their first b rows
    private final FloatBuffer input;
    private final FloatBuffer h;
    private final FloatBuffer c;
    private final FloatBuffer output;
    private final FloatBuffer hn;
    private final FloatBuffer cn;
    private final BatchTensors[] tensors;
    /** Held while a batch runs (on the batcher thread, or on a stream's thread that helps). */
    private final ReentrantLock runLock = new ReentrantLock();
    private final List<BatchedDetector> batch = new ArrayList<>();
    private final List<BatchedDetector.Window> batchWindows = new ArrayList<>();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean closed;

    /**
     * @param gather   how long the first pending window waits for others (zero: run as soon as the thread can)
     * @param maxBatch most windows per inference
     */
    public SileroBatcher(SileroVadModel model, Duration gather, int maxBatch) {
        if (gather.isNegative() || gather.compareTo(Duration.ofMillis(60)) > 0) {
            throw new IllegalArgumentException("gather must be between 0 and 60 ms (a window is 64 ms), was " + gather);
        }
        if (maxBatch < 1 || maxBatch > 1024) {
            throw new IllegalArgumentException("maxBatch must be between 1 and 1024, was " + maxBatch);
        }
        this.model = model;
        this.gatherNanos = gather.toNanos();
        this.maxBatch = maxBatch;
        this.input = direct(maxBatch * WINDOW);
        this.h = direct(2 * maxBatch * STATE);
        this.c = direct(2 * maxBatch * STATE);
        this.output = direct(maxBatch);
        this.hn = direct(2 * maxBatch * STATE);
        this.cn = direct(2 * maxBatch * STATE);
        this.tensors = new BatchTensors[maxBatch + 1];
    }

    /** A detector with fresh state whose windows run in this batcher's batches; same gate as {@link SileroVadModel#newDetector(double)}. */
    public VoiceActivityDetector newDetector(double gateDbfs) {
        if (Double.isNaN(gateDbfs) || gateDbfs > 0) {
            throw new IllegalArgumentException("gateDbfs must be ≤ 0 dBFS or -Infinity, was " + gateDbfs);
        }
        if (closed || model.isClosed()) {
            throw new IllegalStateException("the Silero VAD batcher is closed");
        }
        return new BatchedDetector(this, WindowFiller.gateSumOfSquares(gateDbfs));
    }

    /** Starts the batching thread (a daemon). */
    public synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        running = true;
        Thread t = new Thread(this::loop, "silero-vad-batcher");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Windows inferred so far (not counting gated ones). */
    public long windowsInferred() {
        return windows.get();
    }

    /** Inferences (batches) run so far. */
    public long batchesRun() {
        return batches.get();
    }

    /** Windows dropped because their stream had too many waiting. */
    public long windowsDropped() {
        return dropped.get();
    }

    /** Runs everything pending now, on this thread; for tests and for a batcher that was not started. */
    public void runPending() {
        runLock.lock();
        try {
            while (!ready.isEmpty()) {
                runBatch();
            }
        } finally {
            runLock.unlock();
        }
    }

    /**
     * Runs the windows that were waiting when called, in batches; windows that arrive meanwhile wait for the
     * next gathering, so a steady trickle does not turn into many runs of one window each.
     */
    private void runWaiting() {
        runLock.lock();
        try {
            int waiting = ready.size();
            while (waiting > 0) {
                int ran = runBatch();
                if (ran == 0) {
                    return;
                }
                waiting -= ran;
            }
        } finally {
            runLock.unlock();
        }
    }

    /** Stops the thread; detectors fail afterwards. The model itself is closed by its owner. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runLock.lock();
        try {
            for (BatchTensors bt : tensors) {
                if (bt != null) {
                    bt.close();
                }
            }
        } finally {
            runLock.unlock();
        }
    }

    private void loop() {
        while (running) {
            if (ready.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            if (gatherNanos > 0) {
                // let the windows completing in the next moments join this batch: counted from the oldest waiting
                // window, so a batcher that woke late (a busy machine) does not add the whole gathering on top
                long until = oldestWaitingNanos() + gatherNanos;
                long left;
                while (running && (left = until - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(this, left);
                }
            }
            try {
                runWaiting();
            } catch (RuntimeException e) {
                // a failed inference must not stop the VAD of every call: those windows' streams start afresh
                System.getLogger(SileroBatcher.class.getName()).log(System.Logger.Level.ERROR,
                        "Silero VAD batch failed: " + e.getMessage(), e);
            }
        }
    }

    /** When the first stream in line handed over its oldest window (now when there is none). */
    private long oldestWaitingNanos() {
        BatchedDetector first = ready.peek();
        BatchedDetector.Window window = first == null ? null : first.oldest();
        return window == null ? System.nanoTime() : window.submittedNanos();
    }

    /**
     * A stream whose windows pile up (the batcher thread is starved of CPU) runs one batch itself, on its own
     * thread, unless a batch is already running: the streams' threads share the work instead of the VAD
     * falling behind or dropping windows. Returns at once when another thread holds the batch.
     */
    void help() {
        if (running && runLock.tryLock()) {
            try {
                runBatch();
            } catch (RuntimeException e) {
                System.getLogger(SileroBatcher.class.getName()).log(System.Logger.Level.ERROR,
                        "Silero VAD batch failed: " + e.getMessage(), e);
            } finally {
                runLock.unlock();
            }
        }
    }

    /**
     * One inference over at most maxBatch streams' oldest pending windows. Batcher thread (or runPending) only.
     *
     * @return the streams taken from the ready queue (some may have had nothing left to run)
     */
    private int runBatch() {
        batch.clear();
        batchWindows.clear();
        int taken = 0;
        BatchedDetector d;
        while (batch.size() < maxBatch && (d = ready.poll()) != null) {
            taken++;
            BatchedDetector.Window w = d.isClosed() ? null : d.poll();
            if (w != null) {
                batch.add(d);
                batchWindows.add(w);
            } else {
                d.leftLine();
            }
        }
        int b = batch.size();
        if (b == 0) {
            return taken;
        }
        int[] seqs = new int[b];
        for (int i = 0; i < b; i++) {
            BatchedDetector detector = batch.get(i);
            BatchedDetector.Window window = batchWindows.get(i);
            seqs[i] = window.seq();
            input.put(i * WINDOW, window.samples(), 0, WINDOW);
            detector.recycle(window.samples());
            if (window.freshState()) {
                detector.clearState();
            }
            for (int layer = 0; layer < 2; layer++) {
                h.put((layer * b + i) * STATE, detector.h, layer * STATE, STATE);
                c.put((layer * b + i) * STATE, detector.c, layer * STATE, STATE);
            }
        }
        BatchTensors bt = tensors(b);
        boolean entered = model.enter();
        try {
            if (!entered) {
                throw new IllegalStateException("the Silero VAD model is closed");
            }
            try (OrtSession.Result ignored = model.session().run(bt.inputs, bt.outputs)) {
                batches.incrementAndGet();
                windows.addAndGet(b);
            } catch (OrtException e) {
                throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
            }
            for (int i = 0; i < b; i++) {
                BatchedDetector detector = batch.get(i);
                for (int layer = 0; layer < 2; layer++) {
                    hn.get((layer * b + i) * STATE, detector.h, layer * STATE, STATE);
                    cn.get((layer * b + i) * STATE, detector.c, layer * STATE, STATE);
                }
                detector.publish(seqs[i], output.get(i));
            }
        } catch (RuntimeException e) {
            for (BatchedDetector detector : batch) {
                detector.clearState();
            }
            throw e;
        } finally {
            if (entered) {
                model.exit();
            }
            for (BatchedDetector detector : batch) {
                detector.leftLine();
            }
            batch.clear();
            batchWindows.clear();
        }
        return taken;
    }

    private BatchTensors tensors(int b) {
        BatchTensors bt = tensors[b];
        if (bt == null) {
            try {
                bt = new BatchTensors(model, b, input, h, c, output, hn, cn);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime cannot create the batch tensors: " + e.getMessage(), e);
            }
            tensors[b] = bt;
        }
        return bt;
    }

    /** A stream has a window waiting (it was not in line yet). */
    void enqueue(BatchedDetector detector) {
        ready.add(detector);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static FloatBuffer prefix(FloatBuffer buffer, int floats) {
        return buffer.slice(0, floats);
    }

    /** The tensors of one batch size, over the first rows of the shared buffers. */
    private record BatchTensors(Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs) {

        BatchTensors(SileroVadModel model, int b, FloatBuffer input, FloatBuffer h, FloatBuffer c, FloatBuffer output,
                FloatBuffer hn, FloatBuffer cn) throws OrtException {
            this(Map.of("input", OnnxTensor.createTensor(model.environment(), prefix(input, b * WINDOW), new long[] {b, WINDOW}),
                    "sr", model.sampleRate(),
                    "h", OnnxTensor.createTensor(model.environment(), prefix(h, 2 * b * STATE), new long[] {2, b, STATE}),
                    "c", OnnxTensor.createTensor(model.environment(), prefix(c, 2 * b * STATE), new long[] {2, b, STATE})),
                    Map.of("output", OnnxTensor.createTensor(model.environment(), prefix(output, b), new long[] {b, 1}),
                            "hn", OnnxTensor.createTensor(model.environment(), prefix(hn, 2 * b * STATE), new long[] {2, b, STATE}),
                            "cn", OnnxTensor.createTensor(model.environment(), prefix(cn, 2 * b * STATE), new long[] {2, b, STATE})));
        }

        void close() {
            inputs.forEach((name, tensor) -> {
                if (!"sr".equals(name)) {
                    tensor.close();
                }
            });
            outputs.values().forEach(OnnxTensor::close);
        }
    }
}
