package io.voiceagents.audio.vad;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream's detector whose windows run in a {@link SileroBatcher}'s batches. The stream's thread fills
 * windows and reads results; whoever runs a batch (the batcher's thread, or a stream's thread helping) owns the
 * recurrent state ({@link #h}, {@link #c}), under the batcher's run lock.
 */
final class BatchedDetector implements VoiceActivityDetector {

    /**
     * One window on its way to the batcher.
     *
     * @param freshState     run it from zero state (after a gap or a reset)
     * @param submittedNanos when it was handed over
     */
    record Window(float[] samples, int seq, boolean freshState, long submittedNanos) {
    }

    private final SileroBatcher batcher;
    private final long gateSumOfSquares;
    private final ConcurrentLinkedQueue<Window> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final ArrayBlockingQueue<float[]> spare = new ArrayBlockingQueue<>(SileroBatcher.MAX_PENDING + 1);
    /** In the batcher's line (or in a batch): not added again until it leaves. */
    private final AtomicBoolean inLine = new AtomicBoolean();
    /** Recurrent state [2][64] each; touched only by whoever runs a batch. */
    final float[] h = new float[2 * SileroBatcher.STATE];
    final float[] c = new float[2 * SileroBatcher.STATE];
    /** Latest result: window sequence number (high 32 bits) and probability bits. */
    private final AtomicLong result = new AtomicLong(-1L << 32);
    private volatile boolean closed;
    // the stream thread's own fields
    private final WindowFiller filler = new WindowFiller();
    private final WindowFiller.Full onFull = this::complete;
    private int seq;
    /** Results of windows up to this one are stale (a later window was gated, or the stream was reset). */
    private int staleUpTo;
    /** The next submitted window starts from zero state. */
    private boolean freshState = true;
    private float probability;

    BatchedDetector(SileroBatcher batcher, long gateSumOfSquares) {
        this.batcher = batcher;
        this.gateSumOfSquares = gateSumOfSquares;
    }

    @Override
    public float accept(short[] frame, int offset) {
        if (closed) {
            throw new IllegalStateException("this voice activity detector is closed");
        }
        filler.add(frame, offset, onFull);
        long latest = result.get();
        if ((int) (latest >> 32) > staleUpTo) {
            probability = Float.intBitsToFloat((int) latest);
        }
        return probability;
    }

    private void complete(float[] window, long sumOfSquares) {
        seq++;
        if (sumOfSquares < gateSumOfSquares) {
            // quiet: no inference, and the state starts afresh at the next audible window (see SileroDetector)
            staleUpTo = seq;
            probability = 0f;
            freshState = true;
            return;
        }
        if (pendingCount.get() >= SileroBatcher.MAX_PENDING) {
            Window dropped = poll();
            if (dropped != null) {
                recycle(dropped.samples());
                batcher.countDropped();
                freshState = true; // the state no longer follows the audio
            }
        }
        pending.add(new Window(window, seq, freshState, System.nanoTime()));
        int waiting = pendingCount.incrementAndGet();
        freshState = false;
        float[] next = spare.poll();
        filler.fillInto(next != null ? next : new float[WindowFiller.WINDOW]);
        if (inLine.compareAndSet(false, true)) {
            batcher.enqueue(this);
        }
        if (waiting > SileroBatcher.HELP_AFTER) {
            batcher.help();
        }
    }

    @Override
    public void reset() {
        filler.clear();
        probability = 0f;
        staleUpTo = seq;
        freshState = true;
        Window w;
        while ((w = poll()) != null) {
            recycle(w.samples());
        }
    }

    @Override
    public void close() {
        closed = true;
        pending.clear();
    }

    // ---- batch side ----

    boolean isClosed() {
        return closed;
    }

    /** The oldest waiting window, or null. */
    Window oldest() {
        return pending.peek();
    }

    Window poll() {
        Window w = pending.poll();
        if (w != null) {
            pendingCount.decrementAndGet();
        }
        return w;
    }

    void recycle(float[] samples) {
        spare.offer(samples);
    }

    void clearState() {
        Arrays.fill(h, 0f);
        Arrays.fill(c, 0f);
    }

    void publish(int windowSeq, float p) {
        result.set(((long) windowSeq << 32) | (Float.floatToRawIntBits(p) & 0xFFFFFFFFL));
    }

    /** Out of the line (its batch ran, or it had nothing): back in line at once if more windows wait. */
    void leftLine() {
        inLine.set(false);
        if (!closed && !pending.isEmpty() && inLine.compareAndSet(false, true)) {
            batcher.enqueue(this);
        }
    }
}
