package io.github.camelai.llm.support;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The bounded pool exchanges continue on after an HTTP answer. It keeps {@code coreSize} threads and queues; when
 * tasks wait while no worker has started one for a while (route steps after the producer that block), it adds a
 * thread, up to {@code maxSize}. A continuation is never rejected, so it never falls back to running on the HTTP
 * I/O thread that handed it over (which would stall every other call on that thread). Threads above the core
 * leave as soon as the backlog is gone.
 * <p>
 * Growing only when the workers are stuck, not whenever they are all busy, matters for CPU: continuations are
 * short, and a burst of answers would otherwise spread over many threads that each park and wake per call. Workers
 * that wait for work are not stuck, however long ago they last started a task: otherwise the first burst after a
 * quiet spell (answers arriving together, as they do) started a thread that left again once the burst was served,
 * a thread made and torn down for every burst.
 * <p>
 * A plain {@link ThreadPoolExecutor} cannot do this: with an unbounded queue it never grows past its core, and
 * with a bounded one it rejects. Here the queue declines a task when the pool should grow, and the rejection
 * handler then queues it for good.
 */
final class WorkerPool extends ThreadPoolExecutor {

    /** How long the workers may go without starting a queued task before the pool grows. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long stallNanos;
    private final LongSupplier clock;
    private final GrowWhenStuckQueue queue;
    private volatile long lastStart;

    private WorkerPool(int coreSize, int maxSize, long stallNanos, LongSupplier clock, GrowWhenStuckQueue queue,
                       ThreadFactory threads) {
        super(coreSize, maxSize, 60, TimeUnit.SECONDS, queue, threads, (task, pool) -> {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("The worker pool is shut down");
            }
            queue.force(task);
        });
        this.stallNanos = stallNanos;
        this.clock = clock;
        this.queue = queue;
        this.lastStart = clock.getAsLong();
    }

    /**
     * A pool of at least one and at most {@code maxSize} threads ({@code coreSize} is raised to 1 and capped at
     * {@code maxSize}).
     */
    static WorkerPool create(int coreSize, int maxSize, ThreadFactory threads) {
        return create(coreSize, maxSize, STALL_NANOS, threads);
    }

    static WorkerPool create(int coreSize, int maxSize, long stallNanos, ThreadFactory threads) {
        return create(coreSize, maxSize, stallNanos, System::nanoTime, threads);
    }

    static WorkerPool create(int coreSize, int maxSize, long stallNanos, LongSupplier clock, ThreadFactory threads) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("workerPoolMaxSize must be at least 1, not " + maxSize);
        }
        GrowWhenStuckQueue queue = new GrowWhenStuckQueue();
        WorkerPool[] created = new WorkerPool[1];
        // a thread just made has not started its task yet: that is not the workers being stuck
        ThreadFactory fresh = task -> {
            created[0].lastStart = clock.getAsLong();
            return threads.newThread(task);
        };
        WorkerPool pool = new WorkerPool(Math.max(1, Math.min(coreSize, maxSize)), maxSize, stallNanos, clock, queue,
                fresh);
        created[0] = pool;
        queue.pool = pool;
        return pool;
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
        lastStart = clock.getAsLong();
    }

    /** Whether a task that finds others waiting should get a new thread: no worker waits for work, none moves. */
    boolean stuck() {
        return queue.idle.get() == 0 && getPoolSize() < getMaximumPoolSize() && clock.getAsLong() - lastStart >= stallNanos;
    }

    /** Workers waiting for a task. */
    int idleWorkers() {
        return queue.idle.get();
    }

    /** Declines a task when others already wait and the workers are stuck, so the executor starts a thread. */
    private static final class GrowWhenStuckQueue extends LinkedBlockingQueue<Runnable> {
        private transient WorkerPool pool;
        /** Core threads waiting in {@link #take()}: the only way a worker waits (the others leave instead). */
        private final AtomicInteger idle = new AtomicInteger();

        @Override
        public boolean offer(Runnable task) {
            WorkerPool p = pool;
            if (p != null && !isEmpty() && p.stuck()) {
                return false;
            }
            return super.offer(task);
        }

        @Override
        public Runnable take() throws InterruptedException {
            idle.incrementAndGet();
            try {
                return super.take();
            } finally {
                idle.decrementAndGet();
            }
        }

        void force(Runnable task) {
            super.offer(task);
        }

        /**
         * Only threads above the core wait with a time limit: they leave as soon as they find no backlog. Waiting
         * here, they would be woken in turn with the core threads and never stay idle long enough to leave.
         */
        @Override
        public Runnable poll(long timeout, TimeUnit unit) {
            return super.poll();
        }
    }
}
