package io.github.camelai.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.CamelContext;

/**
 * One client of the end-to-end benchmark under load, in a JVM of its own: a closed loop of {@code concurrency}
 * calls, each answered call starting the next one (on the thread that got the answer, as a route continuing
 * would); a blocking client gets a thread per call in flight. After a warm-up, a measurement window counts answered
 * calls, this JVM's process CPU time and that of each of its threads (so that the JIT compiler's can be told
 * apart: it keeps compiling long after the warm-up, in bursts of up to half a second of CPU per 10 s window, as
 * much as the whole difference between two clients), the heap it allocated (what its collectors freed plus the
 * growth of the heap in use), its peak live threads and latencies; at the end of the window, with the calls still in
 * flight, the heap in use after a GC.
 * <p>
 * {@code E2eLoad --client C --port P [--tls-port P --keystore F --password PW] --concurrency N --latency-ms L
 * [--warmup-s 5] [--settle-s 0] [--measure-s 10]}; prints {@code RESULT <json>}.
 */
public final class E2eLoad {

    /**
     * What one run measured. {@code ownThreads}: the most live threads in the window minus those alive before the
     * client was built (for the components: after the CamelContext started, before their endpoint did).
     * {@code cpuNoJitMicrosPerCall}: the process CPU time less the JIT compiler threads'; {@code jitMs}: the
     * compile time the JVM reports for the window; {@code cpuMicrosPerCallByThread}: CPU per call by kind of thread
     * (native name without its number: {@code httpclient-disp}, {@code Camel (camel-1)} for Camel's threads,
     * {@code GC Thread}, ...), the compiler's left out.
     */
    public record Result(String client, int concurrency, int latencyMs, double seconds, long calls, long errors,
                         String firstError, double callsPerSecond, double cpuMicrosPerCall, int threadsBefore,
                         int peakThreads, int ownThreads, double allocKbPerCall, double heapDeltaMb, double p50Ms,
                         double p99Ms, String threadKinds, long warmupErrors, double cpuNoJitMicrosPerCall,
                         long jitMs, Map<String, Double> cpuMicrosPerCallByThread) {
    }

    private E2eLoad() {
    }

    public static Result run(String client, E2eClients.Target target, int concurrency, int latencyMs, double warmupSeconds,
                             double measureSeconds) throws Exception {
        return run(client, target, concurrency, latencyMs, warmupSeconds, 0, measureSeconds);
    }

    /**
     * {@code settleSeconds}: after the warm-up, wait up to that long for the JIT compiler to go quiet (under 1% of a
     * core for 2 s) before the window opens.
     */
    public static Result run(String client, E2eClients.Target target, int concurrency, int latencyMs, double warmupSeconds,
                             double settleSeconds, double measureSeconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CamelContext camel = E2eClients.camel();
        ThreadCpu cpu = new ThreadCpu();
        double heapBefore = heapAfterGcMb();
        int threadsBefore = threads.getThreadCount();
        try (cpu; E2eClients.Caller caller = E2eClients.create(client, target, concurrency, latencyMs, camel)) {
            double rate = concurrency * 1000.0 / Math.max(1, latencyMs);
            Loop loop = new Loop(caller, concurrency, (int) Math.min(4_000_000, rate * measureSeconds * 2 + 1000));
            loop.start();
            Thread.sleep((long) (warmupSeconds * 1000));
            // on a busy machine, opening many (TLS) connections at once can take longer than the warm-up
            long started = System.nanoTime();
            while (loop.ok.sum() + loop.errors.sum() < 2L * concurrency && System.nanoTime() - started < 60_000_000_000L) {
                Thread.sleep(100);
            }
            // the JIT compiles on long after the first calls; its CPU is reported apart (cpuNoJit), but a window
            // opened while it is busy still measures a machine shared with it
            if (settleSeconds > 0) {
                jitQuiet(2_000, (long) (settleSeconds * 1000));
            }
            long heap0 = heapUsed();
            long freed0 = FREED.sum();
            long cpu0 = TransportLoad.processCpuNanos();
            cpu.mark();
            long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long calls0 = loop.ok.sum();
            long errors0 = loop.errors.sum();
            threads.resetPeakThreadCount();
            long t0 = System.nanoTime();
            int from = loop.latency.count();
            Thread.sleep((long) (measureSeconds * 1000));
            int to = loop.latency.count();
            long t1 = System.nanoTime();
            long calls1 = loop.ok.sum();
            long errors1 = loop.errors.sum();
            long cpu1 = TransportLoad.processCpuNanos();
            Map<String, Long> byThread = cpu.sinceMark();
            long jit1 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long compiler = 0;
            Map<String, Double> perCall = new java.util.TreeMap<>();
            for (Map.Entry<String, Long> e : byThread.entrySet()) {
                if (ThreadCpu.compiler(e.getKey())) {
                    compiler += e.getValue();
                } else if (e.getValue() > 0 && calls1 > calls0) {
                    perCall.put(e.getKey(), Math.round(e.getValue() / 100.0 / (calls1 - calls0)) / 10.0);
                }
            }
            long bytes = FREED.sum() - freed0 + heapUsed() - heap0;
            int peak = threads.getPeakThreadCount();
            double heap = heapAfterGcMb() - heapBefore;
            loop.stopped = true;
            long calls = calls1 - calls0;
            double seconds = (t1 - t0) / 1e9;
            long[] lat = loop.latency.between(from, to);
            Arrays.sort(lat);
            Throwable first = loop.firstError.get();
            Result r = new Result(client, concurrency, latencyMs, seconds, calls, errors1 - errors0,
                    first == null ? null : first.toString(), calls / seconds, calls == 0 ? 0 : (cpu1 - cpu0) / 1000.0 / calls,
                    threadsBefore, peak, peak - threadsBefore, calls == 0 ? 0 : bytes / 1024.0 / calls, heap,
                    TransportLoad.pct(lat, 50), TransportLoad.pct(lat, 99), threadKinds(), errors0,
                    calls == 0 ? 0 : (cpu1 - cpu0 - compiler) / 1000.0 / calls, jit1 - jit0, perCall);
            loop.awaitIdle(latencyMs * 3L + 5000);
            return r;
        } finally {
            camel.close();
        }
    }

    /** Bytes the collectors freed so far: allocated = freed + growth of the heap in use. */
    private static final LongAdder FREED = new LongAdder();

    static {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                        long before = info.getMemoryUsageBeforeGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                        long after = info.getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                        FREED.add(before - after);
                    }
                }, null, null);
            }
        }
    }

    /**
     * Waits until the JIT compiler has been quiet (under 1% of a core) for {@code windowMs}, at most {@code maxMs};
     * returns the milliseconds it compiled in the last window.
     */
    static long jitQuiet(long windowMs, long maxMs) throws InterruptedException {
        var jit = ManagementFactory.getCompilationMXBean();
        long deadline = System.nanoTime() + maxMs * 1_000_000;
        long last;
        do {
            long before = jit.getTotalCompilationTime();
            Thread.sleep(windowMs);
            last = jit.getTotalCompilationTime() - before;
        } while (last * 100 > windowMs && System.nanoTime() < deadline);
        return last;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Live threads by name, numbers dropped: {@code BasetenComponentWorker×2, httpclient-dispatch×2, ...}. */
    static String threadKinds() {
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().replaceAll("^Camel \\(camel-\\d+\\) thread #\\d+ - ", "").replaceAll("[-#]?\\d+$", "");
            kinds.merge(name, 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder();
        kinds.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(v > 1 ? "×" + v : ""));
        return s.toString();
    }

    static double heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
    }

    /** The closed loop. */
    private static final class Loop {
        final E2eClients.Caller caller;
        final int concurrency;
        final LongAdder ok = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicReference<Throwable> firstError = new AtomicReference<>();
        final LatencyRing latency;
        final List<Thread> callers = new ArrayList<>();
        volatile boolean stopped;

        Loop(E2eClients.Caller caller, int concurrency, int capacity) {
            this.caller = caller;
            this.concurrency = concurrency;
            this.latency = new LatencyRing(capacity);
        }

        void start() {
            for (int i = 0; i < concurrency; i++) {
                if (caller.blocking()) {
                    Thread t = new Thread(() -> {
                        while (!stopped) {
                            fire(false);
                        }
                    }, "caller-" + i);
                    t.setDaemon(true);
                    callers.add(t);
                    t.start();
                } else {
                    fire(true);
                }
            }
        }

        void fire(boolean chain) {
            if (stopped) {
                return;
            }
            inFlight.incrementAndGet();
            long start = System.nanoTime();
            try {
                caller.call(error -> completed(start, error, chain));
            } catch (RuntimeException e) {
                completed(start, e, chain);
            }
        }

        private void completed(long start, Throwable error, boolean chain) {
            long took = System.nanoTime() - start;
            inFlight.decrementAndGet();
            if (error != null) {
                errors.increment();
                firstError.compareAndSet(null, error);
                // a refused connection must not become a hot loop
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            } else {
                ok.increment();
                latency.record(took);
            }
            if (chain) {
                fire(true);
            }
        }

        void awaitIdle(long maxMillis) throws InterruptedException {
            stopped = true;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
    }

    static E2eClients.Target target(Args a) {
        return new E2eClients.Target(a.integer("port", 0), a.integer("tls-port", -1), a.string("keystore", null),
                a.string("password", null));
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Object r;
        if (a.string("ttfc", null) != null) {
            r = E2eStream.run(a.required("client"), target(a), a.integer("ttfc", 200), a.integer("warmup", 50));
        } else {
            r = run(a.required("client"), target(a), a.integer("concurrency", 64), a.integer("latency-ms", 20),
                    a.decimal("warmup-s", 5), a.decimal("settle-s", 0), a.decimal("measure-s", 10));
        }
        System.out.println("RESULT " + LlmJson.MAPPER.writeValueAsString(r));
        System.out.flush();
        System.exit(0);
    }
}
