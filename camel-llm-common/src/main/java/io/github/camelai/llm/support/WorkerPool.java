package io.github.camelai.llm.support;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool exchanges continue on after an HTTP answer. It keeps {@code coreSize} threads, adds threads up
 * to {@code maxSize} while every thread is busy (a route step after the producer that blocks), and beyond that
 * queues: a continuation is never rejected, so it never falls back to running on the HTTP I/O thread that
 * handed it over (which would stall every other call on that thread). Threads above the core retire after a
 * minute idle.
 * <p>
 * A plain {@link ThreadPoolExecutor} cannot do this: with an unbounded queue it never grows past its core, and
 * with a bounded one it rejects. Here the queue declines a task while the pool may still grow, and the rejection
 * handler then queues it for good.
 */
final class WorkerPool extends ThreadPoolExecutor {

    private final AtomicInteger submitted = new AtomicInteger();

    private WorkerPool(int coreSize, int maxSize, GrowFirstQueue queue, ThreadFactory threads) {
        super(coreSize, maxSize, 60, TimeUnit.SECONDS, queue, threads, (task, pool) -> {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("The worker pool is shut down");
            }
            queue.force(task);
        });
    }

    /**
     * A pool of at least one and at most {@code maxSize} threads ({@code coreSize} is raised to 1 and capped at
     * {@code maxSize}).
     */
    static WorkerPool create(int coreSize, int maxSize, ThreadFactory threads) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("workerPoolMaxSize must be at least 1, not " + maxSize);
        }
        GrowFirstQueue queue = new GrowFirstQueue();
        WorkerPool pool = new WorkerPool(Math.max(1, Math.min(coreSize, maxSize)), maxSize, queue, threads);
        queue.pool = pool;
        return pool;
    }

    @Override
    public void execute(Runnable command) {
        submitted.incrementAndGet();
        try {
            super.execute(command);
        } catch (RejectedExecutionException e) {
            submitted.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
        submitted.decrementAndGet();
    }

    /** Tasks submitted and not yet finished (queued or running). */
    int submitted() {
        return submitted.get();
    }

    /** Declines a task while a busy pool could still grow, so the executor starts a thread instead. */
    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private transient WorkerPool pool;

        @Override
        public boolean offer(Runnable task) {
            WorkerPool p = pool;
            if (p != null && p.submitted() > p.getPoolSize() && p.getPoolSize() < p.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }
}
