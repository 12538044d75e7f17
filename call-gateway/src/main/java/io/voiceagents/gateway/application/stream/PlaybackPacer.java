package io.voiceagents.gateway.application.stream;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

/**
 * Paces the agent audio of every call with one thread: on a fixed grid of ticks (one frame, 20 ms) it tops
 * each call's Twilio buffer up to the lead plus one tick, so frames leave in real time however many calls
 * there are, and no call owns a thread. Deadlines are absolute ({@link LockSupport#parkNanos} to the next
 * tick), so a slow tick does not shift the ones after it. A call whose audio was starved (a new reply, a
 * pause in synthesis) asks for an immediate off-grid service with {@link #wake}, so its first frame waits
 * for nothing. Sending only queues writes on the socket: nothing here blocks.
 */
public final class PlaybackPacer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PlaybackPacer.class);
    /** A tick finished this late means frames may have left late: the thread did not get the CPU, or the JVM paused. */
    static final long LATE_TICK_NANOS = 20_000_000L;
    private static final long LATE_TICK_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final NanoClock clock;
    private final long tickNanos;
    private final long leadNanos;
    private final CopyOnWriteArrayList<Playout> playouts = new CopyOnWriteArrayList<>();
    private final Queue<Playout> woken = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean running;
    private long nextTickNanos;
    private final AtomicLong lateTicks = new AtomicLong();
    private long lastLateTickLogNanos = Long.MIN_VALUE;

    public PlaybackPacer(NanoClock clock, long tickNanos, long leadNanos) {
        if (tickNanos <= 0 || leadNanos < 0) {
            throw new IllegalArgumentException("tick must be positive and lead not negative");
        }
        this.clock = clock;
        this.tickNanos = tickNanos;
        this.leadNanos = leadNanos;
        this.nextTickNanos = clock.nanoTime() + tickNanos;
    }

    public static PlaybackPacer withFrameTicks(NanoClock clock, long leadNanos) {
        return new PlaybackPacer(clock, Playout.FRAME_NANOS, leadNanos);
    }

    public long leadNanos() {
        return leadNanos;
    }

    public void register(Playout playout) {
        playouts.add(playout);
    }

    public void unregister(Playout playout) {
        playouts.remove(playout);
    }

    public int activePlayouts() {
        return playouts.size();
    }

    /** Serves {@code playout} as soon as the pacer thread can, instead of at the next tick. */
    public void wake(Playout playout) {
        woken.add(playout);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Starts the pacing thread (a platform thread at high priority: it is the clock of every call's audio). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        nextTickNanos = clock.nanoTime() + tickNanos;
        Thread t = new Thread(this::run, "stream-pacer");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        thread = t;
        t.start();
    }

    @Override
    public synchronized void close() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            long now = clock.nanoTime();
            if (now >= nextTickNanos) {
                long deadline = nextTickNanos;
                tick(deadline);
                long done = clock.nanoTime();
                if (done - deadline > LATE_TICK_NANOS) {
                    // started late, or held up half-way (a JVM pause, the thread preempted): frames may be late
                    lateTick(done, now - deadline, done - now);
                }
                nextTickNanos = deadline + tickNanos;
                if (now - nextTickNanos > tickNanos) {
                    // far behind (the machine stalled): resume on the grid instead of bursting through missed ticks
                    nextTickNanos = deadline + ((now - deadline) / tickNanos + 1) * tickNanos;
                }
            } else if (!woken.isEmpty()) {
                serveWoken(nextTickNanos);
            } else {
                LockSupport.parkNanos(this, nextTickNanos - now);
            }
        }
    }

    /** Ticks finished more than 20 ms after their time since the pacer started. */
    public long lateTicks() {
        return lateTicks.get();
    }

    private void lateTick(long now, long startDelayNanos, long tookNanos) {
        long count = lateTicks.incrementAndGet();
        if (lastLateTickLogNanos == Long.MIN_VALUE || now - lastLateTickLogNanos >= LATE_TICK_LOG_INTERVAL_NANOS) {
            lastLateTickLogNanos = now;
            LOG.warnf("an audio pacing tick started %d ms after its time and took %d ms (%d late ticks so far, %d calls"
                    + " playing): the pacing thread did not get the CPU or the JVM paused; frames may have left late",
                    startDelayNanos / 1_000_000, tookNanos / 1_000_000, count, playouts.size());
        }
    }

    /**
     * The tick due at {@code deadlineNanos}: every playout is topped up until the following tick plus the lead.
     * Called by the pacing thread (and by tests, which drive time themselves).
     */
    public void tick(long deadlineNanos) {
        woken.clear();
        // a tick served late still leaves the full lead from now, not from its missed deadline
        long horizon = Math.max(deadlineNanos, clock.nanoTime()) + tickNanos + leadNanos;
        for (Playout playout : playouts) {
            serve(playout, horizon);
        }
    }

    /** Off-grid service of the playouts that asked for it, up to the next tick plus the lead. */
    public void serveWoken(long nextTickDeadline) {
        long horizon = nextTickDeadline + leadNanos;
        Playout playout;
        while ((playout = woken.poll()) != null) {
            serve(playout, horizon);
        }
    }

    private void serve(Playout playout, long horizon) {
        try {
            playout.serve(horizon);
        } catch (RuntimeException e) {
            // one broken call must not stop the audio of the others
            LOG.errorf(e, "pacing a call's audio failed; that call's playout is closed");
            playout.close();
            playouts.remove(playout);
        }
    }
}
