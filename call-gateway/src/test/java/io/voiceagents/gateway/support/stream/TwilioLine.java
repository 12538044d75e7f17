package io.voiceagents.gateway.support.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.voiceagents.gateway.application.port.MediaStreamSocket;
import io.voiceagents.gateway.application.stream.NanoClock;

/**
 * The Twilio side of a Media Streams socket in unit tests: records what the gateway sent and plays it like
 * Twilio — frames back to back in real time, each mark echoed when the audio before it has played, every
 * pending mark echoed at once on {@code clear} (with the audio dropped).
 */
public class TwilioLine implements MediaStreamSocket {

    public sealed interface Sent permits Audio, Mark, Clear {
    }

    public record Audio(long atNanos) implements Sent {
    }

    public record Mark(String name, long atNanos) implements Sent {
    }

    public record Clear(long atNanos) implements Sent {
    }

    private record PendingEcho(String name, long dueNanos) {
    }

    private final NanoClock clock;
    private final List<Sent> sent = new ArrayList<>();
    private final List<PendingEcho> echoes = new ArrayList<>();
    private final List<String> echoed = new ArrayList<>();
    private long playEnd;
    private String closedWith;

    public TwilioLine(NanoClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void sendAudio(byte[] muLaw, int offset, int length) {
        long now = clock.nanoTime();
        sent.add(new Audio(now));
        playEnd = Math.max(playEnd, now) + 20_000_000L;
    }

    @Override
    public synchronized void sendMark(String name) {
        long now = clock.nanoTime();
        sent.add(new Mark(name, now));
        echoes.add(new PendingEcho(name, Math.max(playEnd, now)));
    }

    @Override
    public synchronized void sendClear() {
        long now = clock.nanoTime();
        sent.add(new Clear(now));
        playEnd = now;
        for (PendingEcho echo : echoes) {
            echoes.set(echoes.indexOf(echo), new PendingEcho(echo.name(), now));
        }
    }

    @Override
    public synchronized void close(String reason) {
        closedWith = reason;
    }

    /** Delivers the echoes that are due to {@code session}. */
    public void deliverEchoes(Consumer<String> session) {
        List<String> due = new ArrayList<>();
        synchronized (this) {
            long now = clock.nanoTime();
            for (PendingEcho echo : List.copyOf(echoes)) {
                if (echo.dueNanos() <= now) {
                    echoes.remove(echo);
                    due.add(echo.name());
                    echoed.add(echo.name());
                }
            }
        }
        due.forEach(session);
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized long audioFrames() {
        return sent.stream().filter(s -> s instanceof Audio).count();
    }

    public synchronized List<String> marks() {
        return sent.stream().filter(s -> s instanceof Mark).map(s -> ((Mark) s).name()).toList();
    }

    public synchronized long clears() {
        return sent.stream().filter(s -> s instanceof Clear).count();
    }

    public synchronized List<String> echoed() {
        return List.copyOf(echoed);
    }

    public synchronized String closedWith() {
        return closedWith;
    }

    /** Stops echoing: a line that dropped. */
    public synchronized void forgetEchoes() {
        echoes.clear();
    }
}
