package io.voiceagents.gateway.application;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * Runs one call session's tasks (stream or relay) one at a time, in submission order, on a pool shared by all
 * calls: the session's state needs no locks and no call owns a thread. A task submitted from inside a task runs after it (no re-entrance).
 * At most {@link #BATCH} tasks run per turn on the pool, so a busy call cannot starve the others.
 */
public final class SerialExecutor implements Executor {

    static final int BATCH = 64;
    private static final Logger LOG = Logger.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        int ran = 0;
        Runnable task;
        while (ran < BATCH && (task = tasks.poll()) != null) {
            ran++;
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // one failed step must not stop the call's later steps (nor, on a shared pool, anyone else's)
                LOG.errorf(e, "%s: a session task failed", name);
            }
        }
        scheduled.set(false);
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }
}
