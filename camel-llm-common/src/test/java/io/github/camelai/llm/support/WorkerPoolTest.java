package io.github.camelai.llm.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerPoolTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    private Runnable blocking(CountDownLatch started, CountDownLatch done) {
        return () -> {
            threads.add(Thread.currentThread().getName());
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        };
    }

    @Test
    void stuckWorkersMakeThePoolGrowToItsMaximumThenTasksQueueAndNoneIsRejected() throws Exception {
        // a stall threshold of 0: any task that arrives while others wait finds the workers stuck
        WorkerPool pool = WorkerPool.create(1, 3, 0, r -> new Thread(r, "worker-" + r.hashCode()));
        try {
            CountDownLatch threeRunning = new CountDownLatch(3);
            CountDownLatch allDone = new CountDownLatch(13);
            for (int i = 0; i < 13; i++) {
                pool.execute(blocking(threeRunning, allDone));
            }
            assertTrue(threeRunning.await(30, TimeUnit.SECONDS));
            assertEquals(3, pool.getPoolSize());
            assertEquals(10, pool.getQueue().size());
            release.countDown();
            assertTrue(allDone.await(30, TimeUnit.SECONDS));
            assertEquals(3, threads.size(), threads.toString());
            assertFalse(threads.contains(Thread.currentThread().getName()), "no task ran on the submitting thread");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void busyButMovingWorkersDoNotMakeThePoolGrow() throws Exception {
        WorkerPool pool = WorkerPool.create(1, 3, TimeUnit.HOURS.toNanos(1), r -> new Thread(r, "worker"));
        try {
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch allDone = new CountDownLatch(3);
            pool.execute(blocking(first, allDone));
            assertTrue(first.await(30, TimeUnit.SECONDS));
            pool.execute(blocking(new CountDownLatch(1), allDone));
            pool.execute(blocking(new CountDownLatch(1), allDone));
            assertEquals(1, pool.getPoolSize(), "a worker started a task within the stall threshold");
            assertEquals(2, pool.getQueue().size());
            release.countDown();
            assertTrue(allDone.await(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void workersWaitingForWorkAreNotStuckHoweverLongAgoTheyLastStartedATask() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        WorkerPool pool = WorkerPool.create(2, 4, TimeUnit.MILLISECONDS.toNanos(50), now::get, r -> new Thread(r, "worker"));
        try {
            pool.prestartAllCoreThreads();
            while (pool.idleWorkers() < 2) {
                Thread.onSpinWait();
            }
            now.addAndGet(TimeUnit.HOURS.toNanos(1));
            assertFalse(pool.stuck(), "a quiet spell is not a stall: the first burst after it must not add a thread");

            CountDownLatch twoRunning = new CountDownLatch(2);
            CountDownLatch done = new CountDownLatch(2);
            pool.execute(blocking(twoRunning, done));
            pool.execute(blocking(twoRunning, done));
            assertTrue(twoRunning.await(30, TimeUnit.SECONDS));
            now.addAndGet(TimeUnit.HOURS.toNanos(1));
            assertTrue(pool.stuck(), "both workers busy and none started a task for an hour");
            release.countDown();
            assertTrue(done.await(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownPoolRejectsAndSizesAreChecked() {
        WorkerPool pool = WorkerPool.create(2, 4, r -> new Thread(r, "worker"));
        assertEquals(2, pool.getCorePoolSize());
        pool.shutdown();
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> pool.execute(() -> { }));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerPool.create(1, 0, r -> new Thread(r)));
        assertTrue(e.getMessage().contains("workerPoolMaxSize"), e.getMessage());
        assertEquals(3, WorkerPool.create(5, 3, r -> new Thread(r)).getCorePoolSize(), "core capped at the maximum");
    }
}
