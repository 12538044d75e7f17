package io.voiceagents.gateway.application.stream;

import java.util.ArrayDeque;
import java.util.Collection;

import io.voiceagents.audio.MuLaw;
import io.voiceagents.gateway.application.port.MediaStreamSocket;
import io.voiceagents.gateway.application.port.StreamMetrics;

/**
 * The agent audio of one call on its way to Twilio: segments in speaking order, each sent as 20 ms frames
 * and followed by its mark. The shared {@link PlaybackPacer} calls {@link #serve} to keep a small lead of
 * audio buffered at Twilio (enough to ride over a late tick, little enough that {@code clear} is instant).
 * The session adds audio from its own thread; one lock guards the queue, held only for in-memory work and
 * non-blocking socket writes.
 *
 * <p>Scheduling: Twilio plays what it receives back to back, so {@code playEnd} — when the audio sent so far
 * will have played — is known. A frame is due when Twilio's buffer would otherwise drop below the lead, or
 * when it could first be sent if that was later: its audio arrived (after a pause in synthesis) and the
 * segment before it was complete (its mark goes first); lateness is measured against that.
 */
public final class Playout {

    static final long FRAME_NANOS = MuLaw.FRAME_MILLIS * 1_000_000L;

    /** Playout events, called on the pacer's thread with the lock held: hand them over, don't work in them. */
    public interface Listener {

        void firstFrameSent(AudioSegment segment, long nanos);

        void markSent(AudioSegment segment);
    }

    private final MediaStreamSocket socket;
    private final Listener listener;
    private final StreamMetrics metrics;
    private final NanoClock clock;
    private final long leadNanos;
    private final ArrayDeque<AudioSegment> queue = new ArrayDeque<>();
    private final byte[] frame = new byte[MuLaw.FRAME_BYTES];
    private long playEndNanos = Long.MIN_VALUE;
    /** When the segment last sent in full was complete: the next one's audio could not leave before that. */
    private long releasedNanos = Long.MIN_VALUE;
    /** Nothing could be sent at the last service: new audio should not wait for the next tick. */
    private boolean starved = true;
    private boolean closed;

    public Playout(MediaStreamSocket socket, Listener listener, StreamMetrics metrics, NanoClock clock, long leadNanos) {
        this.socket = socket;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
        this.leadNanos = leadNanos;
    }

    /** A new segment at the end of the queue; {@code markName} null for none. */
    public synchronized AudioSegment enqueue(String markName, Object tag) {
        AudioSegment segment = new AudioSegment(markName, tag);
        if (!closed) {
            queue.addLast(segment);
        } else {
            segment.cancel();
        }
        return segment;
    }

    /** More audio of a segment; true when the pacer should serve this playout now rather than at its next tick. */
    public synchronized boolean append(AudioSegment segment, byte[] muLaw, long nowNanos) {
        if (segment.isCancelled() || segment.isComplete()) {
            return false;
        }
        segment.append(muLaw, nowNanos);
        return starved;
    }

    /** The segment's audio is all there; true when the pacer should serve now (to send its mark). */
    public synchronized boolean complete(AudioSegment segment) {
        if (segment.isCancelled()) {
            return false;
        }
        segment.complete(clock.nanoTime());
        return starved;
    }

    /**
     * Barge-in: stops these segments at once (no frame of theirs is sent after this returns) and sends
     * {@code clear}, so Twilio drops what it buffered. Their audio is released by {@link #dropCancelled()}.
     */
    public synchronized void clear(Collection<AudioSegment> segments) {
        for (AudioSegment segment : segments) {
            segment.cancel();
        }
        if (!closed) {
            socket.sendClear();
        }
        // Twilio's buffer is empty now: the next audio starts playing as soon as it arrives
        playEndNanos = Long.MIN_VALUE;
    }

    /** Stops these segments without telling Twilio (the socket is gone, or nothing of them was sent). */
    public synchronized void cancel(Collection<AudioSegment> segments) {
        for (AudioSegment segment : segments) {
            segment.cancel();
        }
    }

    /** Forgets cancelled segments (drops their queued audio). */
    public synchronized void dropCancelled() {
        queue.removeIf(AudioSegment::isCancelled);
    }

    /** Nothing is queued: every segment was sent (with its mark) or dropped. */
    public synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Milliseconds of audio sent that Twilio has not played yet (by the clock, not by marks). */
    public synchronized long bufferedMillis() {
        long now = clock.nanoTime();
        return playEndNanos <= now ? 0 : (playEndNanos - now) / 1_000_000L;
    }

    /** The call is over: nothing more is sent. */
    public synchronized void close() {
        closed = true;
        for (AudioSegment segment : queue) {
            segment.cancel();
        }
        queue.clear();
    }

    /**
     * Sends frames until Twilio holds audio up to {@code horizonNanos} (the next tick plus the lead), sending
     * each completed segment's mark right after its last frame. Called by the pacer only.
     */
    synchronized void serve(long horizonNanos) {
        if (closed) {
            return;
        }
        long now = clock.nanoTime();
        if (playEndNanos < now) {
            playEndNanos = now; // everything sent has played: the next frame plays as soon as it arrives
        }
        while (true) {
            AudioSegment head = queue.peekFirst();
            if (head == null) {
                starved = true;
                return;
            }
            if (head.isCancelled()) {
                queue.pollFirst();
                continue;
            }
            if (!head.hasFrame()) {
                if (!head.isComplete()) {
                    starved = true; // waiting for synthesis
                    return;
                }
                queue.pollFirst();
                releasedNanos = head.completedNanos();
                if (head.markName() != null) {
                    socket.sendMark(head.markName());
                }
                listener.markSent(head);
                continue;
            }
            if (playEndNanos >= horizonNanos) {
                starved = false;
                return;
            }
            long due = Math.max(Math.max(head.nextFrameReadyNanos(), releasedNanos), playEndNanos - leadNanos);
            head.takeFrame(frame);
            socket.sendAudio(frame, 0, frame.length);
            metrics.frameSent(Math.max(0, now - due));
            if (head.markStarted()) {
                listener.firstFrameSent(head, now);
            }
            playEndNanos += FRAME_NANOS;
        }
    }
}
