package io.voiceagents.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    private final SessionPool pool = new SessionPool(1, r -> new Thread(r, "session-test"), r -> new Thread(r, "turn-test"));
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        pool.close();
    }

    /** Keeps the pool's only thread busy until {@link #release} is counted down. */
    private void occupyThePool() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            await(release);
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private void awaitRan(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ran.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ran).hasSize(count);
    }

    /** Lets the pool's thread go and expects the tasks to have run in exactly this order. */
    private void releaseAndExpect(String... order) throws InterruptedException {
        release.countDown();
        awaitRan(order.length);
        assertThat(ran).containsExactly(order);
    }

    private Runnable record(String what) {
        return () -> ran.add(what);
    }

    @Test
    void tasksRunOneAtATimeInOrderAndATaskSubmittedFromATaskRunsAfterIt() throws InterruptedException {
        SerialExecutor session = new SerialExecutor(pool, "a");
        occupyThePool(); // everything below is queued before the first task runs
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlapped = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            String name = "t" + i;
            session.execute(() -> {
                if (inside.incrementAndGet() > 1) {
                    overlapped.incrementAndGet();
                }
                ran.add(name);
                if (name.equals("t0")) {
                    session.execute(record("from t0"));
                    ran.add("t0 done");
                }
                inside.decrementAndGet();
            });
        }
        release.countDown();
        awaitRan(202);
        assertThat(overlapped).hasValue(0);
        assertThat(ran.subList(0, 4)).containsExactly("t0", "t0 done", "t1", "t2");
        assertThat(ran.getLast()).isEqualTo("from t0");
    }

    @Test
    void urgentTasksRunOnTheTurnThreadWhileEverySessionThreadIsBusyAndKeepTheirOwnOrder() throws InterruptedException {
        SerialExecutor session = new SerialExecutor(pool, "a");
        List<String> threads = new CopyOnWriteArrayList<>();
        occupyThePool();
        session.execute(record("frame 1"));
        session.execute(record("frame 2"));
        session.executeUrgent(() -> {
            threads.add(Thread.currentThread().getName());
            ran.add("reply 1");
        });
        session.executeUrgent(record("reply 2"));

        awaitRan(2); // without releasing the pool's thread
        assertThat(ran).containsExactly("reply 1", "reply 2");
        assertThat(threads).containsExactly("turn-test");
        releaseAndExpect("reply 1", "reply 2", "frame 1", "frame 2");
    }

    @Test
    void afterItsUrgentWorkASessionsFramesRunBeforeSessionsQueuedEarlier() throws InterruptedException {
        SerialExecutor first = new SerialExecutor(pool, "first");
        SerialExecutor second = new SerialExecutor(pool, "second");
        SerialExecutor third = new SerialExecutor(pool, "third");
        occupyThePool();
        first.execute(record("first: frame"));
        second.execute(record("second: frame"));
        third.execute(record("third: frame"));
        assertThat(pool.waiting()).isEqualTo(3);

        third.executeUrgent(record("third: reply"));

        awaitRan(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.waiting() != 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(pool.waiting()).as("back in the queue once, at its front").isEqualTo(3);
        releaseAndExpect("third: reply", "third: frame", "first: frame", "second: frame");
    }

    @Test
    void aRunningSessionTakesItsUrgentWorkItselfSoItNeverRunsOnTwoThreads() throws InterruptedException {
        SerialExecutor session = new SerialExecutor(pool, "a");
        CountDownLatch inFrame = new CountDownLatch(1);
        session.execute(() -> {
            inFrame.countDown();
            await(release);
            ran.add("frame");
        });
        assertThat(inFrame.await(5, TimeUnit.SECONDS)).isTrue();

        session.executeUrgent(record("reply"));
        Thread.sleep(100);

        assertThat(ran).as("the turn thread must not run the session beside its running step").isEmpty();
        releaseAndExpect("frame", "reply");
    }

    @Test
    void aFailingTaskDoesNotStopTheNextOnesAndOnAPlainExecutorUrgentMeansFirstInTheSession()
            throws InterruptedException {
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        SerialExecutor session = new SerialExecutor(queued::add, "plain");
        session.execute(() -> {
            throw new IllegalStateException("broken step");
        });
        session.execute(record("after the failure"));
        session.executeUrgent(record("urgent"));
        assertThat(queued).hasSize(1);
        queued.getFirst().run();

        awaitRan(2);
        assertThat(ran).containsExactly("urgent", "after the failure");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
