package io.voiceagents.tts.application.stream;

import java.util.Arrays;

import io.voiceagents.audio.MuLaw;
import io.voiceagents.tts.application.SynthesisMetrics;

/**
 * One caller's view of a sentence's audio: cuts what exists so far into chunks of whole 20 ms frames (the first
 * one small so playback starts at once, then larger ones), sets the first- and last-chunk fields, and measures
 * what the caller experienced. Not thread-safe by itself: its {@link AudioFlight} calls it under the flight's
 * lock, and a cached phrase is written out before anyone else sees the writer.
 */
final class ChunkWriter implements StreamHandle {

    /** Where the audio came from, fixed when the first audio exists. */
    record Origin(String source, boolean cached, long providerFirstByteMs, long providerFirstByteNanos) {

        static final String MEMORY = "memory";
        static final String DATABASE = "database";
        static final String PROVIDER = "provider";

        static Origin cache(String layer) {
            return new Origin(layer, true, 0, 0);
        }
    }

    private static final int FRAME = MuLaw.FRAME_BYTES;

    private final ChunkListener listener;
    private final int firstChunkBytes;
    private final int chunkBytes;
    private final SynthesisMetrics metrics;
    private final long startedNanos;
    private AudioFlight flight;
    private boolean owner;
    private String source = "none";
    private int sent;
    private boolean firstSent;
    private volatile boolean done;

    ChunkWriter(ChunkListener listener, StreamSettings settings, SynthesisMetrics metrics, long startedNanos) {
        this.listener = listener;
        this.firstChunkBytes = wholeFrames(settings.firstChunkBytes());
        this.chunkBytes = wholeFrames(settings.chunkBytes());
        this.metrics = metrics;
        this.startedNanos = startedNanos;
    }

    /** Called by the flight it joins; the owner started the provider request, so the provider's time is its own. */
    void joined(AudioFlight joined, boolean startedIt) {
        this.flight = joined;
        this.owner = startedIt;
    }

    boolean isDone() {
        return done;
    }

    /**
     * Sends whatever whole chunks {@code audio[base, base + length)} holds beyond what was sent already; with
     * {@code complete}, sends everything, ending with the last chunk.
     */
    void offer(byte[] audio, int base, int length, boolean complete, Origin origin) {
        if (done) {
            return;
        }
        source = origin.source();
        while (true) {
            int remaining = length - sent;
            int cap = firstSent ? chunkBytes : firstChunkBytes;
            if (complete && remaining <= cap) {
                // done before the listener hears of it: completing the caller's stream may cancel this writer
                end("ok");
                send(audio, base + sent, remaining, true, origin, length);
                return;
            }
            int size = Math.min(cap, remaining) / FRAME * FRAME;
            if (size == 0) {
                return;
            }
            send(audio, base + sent, size, false, origin, length);
        }
    }

    void fail(RuntimeException error) {
        if (done) {
            return;
        }
        end("failed");
        listener.onError(error);
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        if (flight != null) {
            flight.leave(this);
        } else {
            end("cancelled");
        }
    }

    /** The flight took this writer out (it holds the flight lock). */
    void cancelled() {
        if (!done) {
            end("cancelled");
        }
    }

    private void send(byte[] audio, int offset, int size, boolean last, Origin origin, int total) {
        boolean first = !firstSent;
        byte[] bytes = Arrays.copyOfRange(audio, offset, offset + size);
        sent += size;
        firstSent = true;
        if (first) {
            recordFirstByte(origin);
        }
        listener.onChunk(new StreamedChunk(bytes, first, last, first && origin.cached(),
                first ? origin.providerFirstByteMs() : 0, last ? total * 1000L / MuLaw.SAMPLE_RATE : 0));
    }

    private void recordFirstByte(Origin origin) {
        long firstByte = System.nanoTime() - startedNanos;
        metrics.streamFirstByte(source, firstByte);
        if (origin.cached()) {
            metrics.streamServerAdded(source, firstByte);
        } else if (owner) {
            // everything but the provider's own wait is ours: parsing, lookups, scheduling, framing
            metrics.streamServerAdded(source, Math.max(0, firstByte - origin.providerFirstByteNanos()));
        }
    }

    private void end(String outcome) {
        done = true;
        metrics.streamEnded(outcome, source, System.nanoTime() - startedNanos);
    }

    private static int wholeFrames(int bytes) {
        return Math.max(FRAME, bytes / FRAME * FRAME);
    }
}
