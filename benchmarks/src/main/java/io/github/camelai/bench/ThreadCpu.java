package io.github.camelai.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, native ones included (the JIT compiler's, the GC's), read from
 * {@code /proc/self/task} (Linux only; elsewhere it reads nothing). A sampler thread reads it every
 * {@link #PERIOD_MS} ms from start, so that a thread that ends in a window still counts what it had used by its last
 * reading; it runs through the warm-up, so that its own code is compiled before a window opens.
 */
final class ThreadCpu implements AutoCloseable {

    static final long PERIOD_MS = 1000;
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

    /** tid -> {kind, ticks at the window's start, ticks at the last reading} */
    private final Map<String, Object[]> seen = new HashMap<>();
    private final Thread sampler;

    ThreadCpu() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                read();
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "thread-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Opens a window: what each thread used so far is not counted. */
    synchronized void mark() {
        read();
        seen.values().forEach(v -> v[1] = v[2]);
    }

    /** CPU nanoseconds since {@link #mark()}, by kind of thread (the name without its number). */
    synchronized Map<String, Long> sinceMark() {
        read();
        Map<String, Long> out = new TreeMap<>();
        seen.values().forEach(v -> out.merge((String) v[0], ((Long) v[2] - (Long) v[1]) * NANOS_PER_TICK, Long::sum));
        return out;
    }

    /** Whether a kind from {@link #sinceMark()} is a JIT compiler thread. */
    static boolean compiler(String kind) {
        return kind.startsWith("C1 CompilerThre") || kind.startsWith("C2 CompilerThre");
    }

    private synchronized void read() {
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                String kind = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[ #-]*\\d+$", "");
                // after "(name) ": state, then 10 more fields before utime and stime
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                Object[] v = seen.computeIfAbsent(task.getName(), k -> new Object[] {kind, 0L, 0L});
                v[2] = ticks;
            } catch (IOException | RuntimeException e) {
                // the thread ended while being read: its last reading stands
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
