package io.voiceagents.gateway.domain.stream;

import java.util.function.Consumer;

/**
 * The last few 20 ms frames of caller audio, kept so a recognition opened when speech is detected also hears
 * the start of the utterance (the detector reports speech only after it has lasted a while). Fixed slots,
 * no allocation per frame. One per call, used from one thread.
 */
public final class FrameRing {

    private final byte[][] slots;
    private final int frameBytes;
    private int next;
    private int size;

    public FrameRing(int frames, int frameBytes) {
        if (frames < 1 || frameBytes < 1) {
            throw new IllegalArgumentException("a ring needs at least one frame of at least one byte");
        }
        this.slots = new byte[frames][frameBytes];
        this.frameBytes = frameBytes;
    }

    /** Keeps a copy of {@code frameBytes} bytes from {@code src[offset..]}, forgetting the oldest when full. */
    public void add(byte[] src, int offset) {
        System.arraycopy(src, offset, slots[next], 0, frameBytes);
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** Hands every kept frame to {@code sink}, oldest first; the arrays are reused, copy what you keep. */
    public void forEachOldestFirst(Consumer<byte[]> sink) {
        int first = (next - size + slots.length) % slots.length;
        for (int i = 0; i < size; i++) {
            sink.accept(slots[(first + i) % slots.length]);
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return slots.length;
    }

    public void clear() {
        size = 0;
    }
}
