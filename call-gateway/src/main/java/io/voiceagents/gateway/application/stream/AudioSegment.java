package io.voiceagents.gateway.application.stream;

import java.util.ArrayDeque;

import io.voiceagents.audio.MuLaw;

/**
 * The audio of one sentence (or one fixed message) in a call's {@link Playout}: chunks appended as synthesis
 * delivers them, read back as 20 ms frames, then closed by its mark. Guarded by the playout's lock; only
 * {@link Playout} changes the state.
 */
public final class AudioSegment {

    private record Chunk(byte[] data, long arrivedNanos) {
    }

    private final String markName;
    private final Object tag;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Read position inside the first chunk. */
    private int position;
    private int available;
    // read without the lock by the session thread (is this sentence still live?): written under it, so volatile
    private volatile boolean complete;
    private volatile boolean cancelled;
    private boolean started;
    private long framesSent;
    private long completedNanos = Long.MIN_VALUE;

    AudioSegment(String markName, Object tag) {
        this.markName = markName;
        this.tag = tag;
    }

    /** Mark sent after the last frame; null for none. */
    public String markName() {
        return markName;
    }

    /** What the owner attached (its sentence), handed back in playout callbacks. */
    public Object tag() {
        return tag;
    }

    void append(byte[] audio, long arrivedNanos) {
        if (audio.length == 0) {
            return;
        }
        chunks.addLast(new Chunk(audio, arrivedNanos));
        available += audio.length;
    }

    void complete(long nanos) {
        complete = true;
        completedNanos = nanos;
    }

    /** When the last of the audio was known to be there ({@link Long#MIN_VALUE} while it is not). */
    long completedNanos() {
        return completedNanos;
    }

    void cancel() {
        cancelled = true;
        chunks.clear();
        available = 0;
        position = 0;
    }

    boolean isComplete() {
        return complete;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** A whole frame is buffered, or the segment is complete and a last partial frame remains. */
    boolean hasFrame() {
        return available >= MuLaw.FRAME_BYTES || (complete && available > 0);
    }

    /**
     * When the next frame could first be sent (it cannot be due before that): the arrival of the chunk holding
     * its last byte, as synthesis chunks need not end on a frame boundary; for a short last frame, padded with
     * silence, the moment the segment was known to be complete.
     */
    long nextFrameReadyNanos() {
        long ready = Long.MIN_VALUE;
        int needed = MuLaw.FRAME_BYTES;
        int offset = position;
        for (Chunk chunk : chunks) {
            ready = chunk.arrivedNanos();
            needed -= chunk.data().length - offset;
            if (needed <= 0) {
                return ready;
            }
            offset = 0;
        }
        return Math.max(ready, completedNanos);
    }

    /** Copies the next frame into {@code frame}; a short last frame is padded with silence. */
    void takeFrame(byte[] frame) {
        int filled = 0;
        while (filled < MuLaw.FRAME_BYTES && !chunks.isEmpty()) {
            Chunk head = chunks.peekFirst();
            int n = Math.min(MuLaw.FRAME_BYTES - filled, head.data().length - position);
            System.arraycopy(head.data(), position, frame, filled, n);
            filled += n;
            position += n;
            if (position == head.data().length) {
                chunks.pollFirst();
                position = 0;
            }
        }
        available -= filled;
        for (int i = filled; i < MuLaw.FRAME_BYTES; i++) {
            frame[i] = MuLaw.SILENCE;
        }
        framesSent++;
    }

    /** True once, for the first frame taken. */
    boolean markStarted() {
        if (started) {
            return false;
        }
        started = true;
        return true;
    }

    long framesSent() {
        return framesSent;
    }
}
