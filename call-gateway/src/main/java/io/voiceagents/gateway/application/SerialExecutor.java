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
 * ones; on a {@link SessionPool} they run on its turn thread unless the session is running already (its runner
 * then takes them next), and the ordinary tasks left then go to the front of the pool's queue. Either way the
 * session runs on one thread at a time. Urgent tasks keep their order among themselves; relative to ordinary
 * tasks they may run earlier, so a source of events must send all of its events through one lane.
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
    private final Runnable drainUrgent = this::drainUrgent;

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
        } else if (lanes != null && lanes.withdraw(drain)) {
            // it was waiting for a session thread: still scheduled, now on the turn thread
            lanes.executeOnTurnThread(drainUrgent);
        }
    }

    private void submit(boolean urgentWork) {
        if (urgentWork && lanes != null) {
            lanes.executeOnTurnThread(drainUrgent);
        } else {
            pool.execute(drain);
        }
    }

    /** A turn on the pool: urgent tasks first, then ordinary ones. */
    private void drain() {
        int ran = 0;
        Runnable task;
        while (ran < BATCH && ((task = urgent.poll()) != null || (task = tasks.poll()) != null)) {
            ran++;
            run(task);
        }
        reschedule(false);
    }

    /** A turn on the turn thread: urgent tasks only; ordinary ones left go to the front of the pool's queue. */
    private void drainUrgent() {
        int ran = 0;
        Runnable task;
        while (ran < BATCH && (task = urgent.poll()) != null) {
            ran++;
            run(task);
        }
        reschedule(true);
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // one failed step must not stop the call's later steps (nor, on a shared pool, anyone else's)
            LOG.errorf(e, "%s: a session task failed", name);
        }
    }

    /** @param keepPlace the session was taken out of the pool's queue for urgent work: its frames go back first */
    private void reschedule(boolean keepPlace) {
        scheduled.set(false);
        boolean urgentWaiting = !urgent.isEmpty();
        if ((urgentWaiting || !tasks.isEmpty()) && scheduled.compareAndSet(false, true)) {
            if (urgentWaiting) {
                submit(true);
            } else if (keepPlace && lanes != null) {
                lanes.executeFirst(drain);
            } else {
                pool.execute(drain);
            }
        }
    }
}
