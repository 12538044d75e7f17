package io.voiceagents.gateway.application;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * Runs one call session's tasks (stream or relay) one at a time, in submission order, on a pool shared by all
 * calls: the session's state needs no locks and no call owns a thread. A task submitted from inside a task runs
 * after it (no re-entrance). At most {@link #BATCH} tasks run per turn on the pool, so a busy call cannot starve
 * the others.
 *
 * <p>Urgent tasks ({@link #executeUrgent}: what the caller is waiting to hear) run before the session's ordinary
 * ones, and on a {@link SessionPool} the session is moved to the front of the pool's queue. Urgent tasks keep
 * their order among themselves; relative to ordinary tasks they may run earlier, so a source of events must
 * send all of its events through one lane.
 */
public final class SerialExecutor implements Executor {

    static final int BATCH = 64;
    private static final Logger LOG = Logger.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final SessionPool lanes;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> urgent = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    public SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.lanes = pool instanceof SessionPool p ? p : null;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            submit(false);
        }
    }

    /** Runs {@code task} before the session's ordinary tasks, and the session before others waiting for a thread. */
    public void executeUrgent(Runnable task) {
        urgent.add(task);
        if (scheduled.compareAndSet(false, true)) {
            submit(true);
        } else if (lanes != null) {
            lanes.expedite(drain);
        }
    }

    private void submit(boolean first) {
        if (first && lanes != null) {
            lanes.executeFirst(drain);
        } else {
            pool.execute(drain);
        }
    }

    private void drain() {
        int ran = 0;
        Runnable task;
        while (ran < BATCH && ((task = urgent.poll()) != null || (task = tasks.poll()) != null)) {
            ran++;
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // one failed step must not stop the call's later steps (nor, on a shared pool, anyone else's)
                LOG.errorf(e, "%s: a session task failed", name);
            }
        }
        scheduled.set(false);
        boolean urgentWaiting = !urgent.isEmpty();
        if ((urgentWaiting || !tasks.isEmpty()) && scheduled.compareAndSet(false, true)) {
            submit(urgentWaiting);
        }
    }
}
