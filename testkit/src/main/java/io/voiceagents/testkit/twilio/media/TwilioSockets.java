package io.voiceagents.testkit.twilio.media;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The threads of a pool of emulated Twilio sockets: a few Netty event loops (one is enough for a couple of hundred
 * calls) that do the sockets' I/O and also run the callers' 20 ms pacing. A caller's frames are written by the loop
 * that owns its socket, straight into the connection: no thread hand-off per frame, which is what made the load
 * generator expensive on the JDK's WebSocket (a send in flight at a time, completions on another executor, the
 * selector on a third thread).
 *
 * <p>Tasks given to these loops must not block: they delay every socket and every frame of the loop.
 */
public final class TwilioSockets implements AutoCloseable {

    private final EventLoopGroup loops;

    private TwilioSockets(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        // daemon: a test that forgets to close its pool must not keep the JVM up; high priority: the frames'
        // timing is what the callers emulate
        this.loops = new NioEventLoopGroup(threads, new DefaultThreadFactory(name, true, Thread.MAX_PRIORITY));
    }

    /** {@code threads} event loops named {@code name-…}. */
    public static TwilioSockets create(int threads, String name) {
        return new TwilioSockets(threads, name);
    }

    /** Every loop as one scheduler: a task goes to one loop (in turn); for work that need not be near a socket. */
    public ScheduledExecutorService scheduler() {
        return loops;
    }

    /** The loop for a new socket, in turn. */
    EventLoop next() {
        return loops.next();
    }

    /**
     * Closes every socket still open (no close handshake) and stops the loops; waits up to two seconds for that
     * unless called on one of them.
     */
    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boolean onLoop = false;
        for (EventExecutor e : loops) {
            onLoop |= e.inEventLoop();
        }
        if (!onLoop) {
            loops.terminationFuture().awaitUninterruptibly(2_500, TimeUnit.MILLISECONDS);
        }
    }
}
