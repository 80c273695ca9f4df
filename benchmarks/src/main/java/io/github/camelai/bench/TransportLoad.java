package io.github.camelai.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.support.LlmJson;

/**
 * Chat calls under load, closed loop: {@code concurrency} callers each send the next call as soon as the previous
 * one is answered. Each call serializes a {@link ChatCompletionRequest} and parses the answer into a
 * {@link ChatCompletion}, the work a component does per call. After a warm-up, a measurement window counts
 * answered calls, the process CPU time this JVM used (so run the server in another process), latencies and
 * threads.
 * <ul>
 * <li>{@code hc5}: {@link HttpClient5Transport} + {@link LlmHttpClient} (what the components use), with the
 * component defaults (2 I/O threads), the pool raised to {@code concurrency} connections, no retries, no
 * concurrency cap.</li>
 * <li>{@code jdk}: {@code java.net.http.HttpClient#sendAsync}, HTTP/1.1, a fixed executor of {@code jdk-threads}
 * threads (2 by default) for its completions.</li>
 * </ul>
 */
public final class TransportLoad {

    /** What one run measured. Latencies in ms; CPU in µs of this JVM's process CPU time per answered call. */
    public record Result(String client, int concurrency, int latencyMs, double seconds, long calls, long errors,
                         String firstError, double callsPerSecond, double cpuMicrosPerCall, double cpuCores,
                         int threadsBefore, int threadsDuring, int peakThreads, double p50Ms, double p99Ms,
                         double maxMs) {
    }

    interface ChatCaller extends AutoCloseable {
        CompletableFuture<ChatCompletion> call();

        @Override
        void close();
    }

    private TransportLoad() {
    }

    public static Result run(String client, String baseUrl, int concurrency, int latencyMs, double warmupSeconds,
                             double measureSeconds, int jdkThreads) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        String url = baseUrl + "/v1/chat/completions?latency_ms=" + latencyMs;
        ChatCompletionRequest request = Fixtures.chatRequest();
        try (ChatCaller caller = "hc5".equals(client) ? hc5(url, request, concurrency)
                : "jdk".equals(client) ? jdk(url, request, jdkThreads)
                : unknown(client)) {
            double expected = concurrency / Math.max(0.001, latencyMs / 1000.0) * measureSeconds * 2;
            Loop loop = new Loop(caller, concurrency, (int) Math.min(8_000_000, Math.max(1_000_000, expected)));
            loop.start();
            Thread.sleep((long) (warmupSeconds * 1000));
            long cpu0 = processCpuNanos();
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
            long cpu1 = processCpuNanos();
            int threadsDuring = threads.getThreadCount();
            int peak = threads.getPeakThreadCount();
            loop.stop(Duration.ofMillis(latencyMs * 3L + 10_000));

            double seconds = (t1 - t0) / 1e9;
            long calls = calls1 - calls0;
            long[] lat = loop.latency.between(from, to);
            Arrays.sort(lat);
            Throwable first = loop.firstError.get();
            return new Result(client, concurrency, latencyMs, seconds, calls, errors1 - errors0,
                    first == null ? null : first.toString(), calls / seconds,
                    calls == 0 ? 0 : (cpu1 - cpu0) / 1000.0 / calls, (cpu1 - cpu0) / 1e9 / seconds,
                    threadsBefore, threadsDuring, peak, pct(lat, 50), pct(lat, 99),
                    lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
        }
    }

    private static ChatCaller unknown(String client) {
        throw new IllegalArgumentException("--client must be hc5 or jdk, not " + client);
    }

    static ChatCaller hc5(String url, ChatCompletionRequest request, int concurrency) {
        TransportSettings d = TransportSettings.defaults();
        HttpClient5Transport transport = new HttpClient5Transport(new TransportSettings(d.ioThreads(),
                Math.max(d.maxConnections(), concurrency), false, null, null, 0, d.streamWindowBytes()));
        LlmHttpClient client = new LlmHttpClient("bench", transport, AuthProvider.fixed("Bearer bench-key"),
                new RetryPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(1), false),
                new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60)),
                new ConcurrencyLimiter(0), transport.timer());
        return new ChatCaller() {
            @Override
            public CompletableFuture<ChatCompletion> call() {
                byte[] body = LlmJson.write(request);
                return client.send(LlmHttpRequest.postJson(url, body))
                        .thenApply(r -> LlmJson.read(r.body(), ChatCompletion.class, "chat completion"));
            }

            @Override
            public void close() {
                transport.close();
            }
        };
    }

    static ChatCaller jdk(String url, ChatCompletionRequest request, int executorThreads) {
        ExecutorService executor = Executors.newFixedThreadPool(executorThreads, r -> {
            Thread t = new Thread(r, "jdk-http-exec");
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(url);
        return new ChatCaller() {
            @Override
            public CompletableFuture<ChatCompletion> call() {
                byte[] body = LlmJson.write(request);
                HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer bench-key")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                return client.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).thenApply(resp -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + resp.statusCode());
                    }
                    return LlmJson.read(resp.body(), ChatCompletion.class, "chat completion");
                });
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double pct(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }

    /** The closed loop: {@code concurrency} callers, each chaining its next call on the previous answer. */
    private static final class Loop {
        final ChatCaller caller;
        final int concurrency;
        final LongAdder ok = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicReference<Throwable> firstError = new AtomicReference<>();
        final LatencyRing latency;
        final ScheduledExecutorService backoff = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-backoff");
            t.setDaemon(true);
            return t;
        });
        volatile boolean stopped;

        Loop(ChatCaller caller, int concurrency, int capacity) {
            this.caller = caller;
            this.concurrency = concurrency;
            this.latency = new LatencyRing(capacity);
        }

        void start() {
            for (int i = 0; i < concurrency; i++) {
                fire();
            }
        }

        void fire() {
            if (stopped) {
                return;
            }
            inFlight.incrementAndGet();
            long start = System.nanoTime();
            CompletableFuture<ChatCompletion> f;
            try {
                f = caller.call();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((answer, error) -> {
                long took = System.nanoTime() - start;
                inFlight.decrementAndGet();
                if (error != null || answer == null || answer.firstMessage() == null) {
                    errors.increment();
                    firstError.compareAndSet(null, error != null ? error : new IllegalStateException("empty answer"));
                    // back off a little so a refused connection does not become a hot loop
                    backoff.schedule(this::fire, 10, TimeUnit.MILLISECONDS);
                    return;
                }
                ok.increment();
                latency.record(took);
                fire();
            });
        }

        void stop(Duration maxWait) throws InterruptedException {
            stopped = true;
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            backoff.shutdownNow();
        }
    }

    /**
     * {@code TransportLoad --client hc5|jdk --url http://127.0.0.1:PORT --concurrency 64 --latency-ms 20
     * [--warmup-s 5] [--measure-s 10] [--jdk-threads 2]}; prints {@code RESULT <json>}.
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Result r = run(a.required("client"), a.required("url"), a.integer("concurrency", 64),
                a.integer("latency-ms", 20), a.decimal("warmup-s", 5), a.decimal("measure-s", 10),
                a.integer("jdk-threads", 2));
        System.out.println("RESULT " + LlmJson.MAPPER.writeValueAsString(r));
        System.out.flush();
        System.exit(0);
    }
}
