package io.github.camelai.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.concurrency.AdaptiveLimit;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.testing.LimitedChatService;

/**
 * Adaptive concurrency at full size: N calls sent at once, with a cap of {@code --max} (fixed, then adaptive),
 * against a stand-in that serves {@code --served} calls at a time ({@code --latency-ms} each) and refuses more with
 * 429; then the same calls split between two replicas (two clients with their own limit, pool and I/O threads).
 * Retries as the endpoint defaults are: 3, from 1 s. Prints a Markdown table.
 */
public final class AdaptiveBench {

    private static final byte[] BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private AdaptiveBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int calls = args.integer("calls", 800);
        int served = args.integer("served", 16);
        int latencyMs = args.integer("latency-ms", 100);
        int max = args.integer("max", 128);
        System.out.printf(Locale.ROOT, "%d calls at once, maxConcurrentRequests=%d; the service serves %d at a time, "
                                       + "%d ms each, 429 beyond; ideal %.1f s%n%n", calls, max, served, latencyMs,
                calls / (double) served * latencyMs / 1000);
        System.out.println("| case | time (s) | answered | failed | answers of 429 | 429 per call | limit at the end |");
        System.out.println("|---|---|---|---|---|---|---|");
        run("fixed cap", calls, served, latencyMs, 1, () -> new ConcurrencyLimiter(max));
        run("adaptiveConcurrency=true", calls, served, latencyMs, 1, () -> new ConcurrencyLimiter(new AdaptiveLimit(max)));
        run("adaptive, two replicas", calls, served, latencyMs, 2, () -> new ConcurrencyLimiter(new AdaptiveLimit(max)));
    }

    private static void run(String name, int calls, int served, int latencyMs, int replicas,
                            java.util.function.Supplier<ConcurrencyLimiter> limiters) throws Exception {
        try (LimitedChatService service = LimitedChatService.builder().maxConcurrent(served)
                .latency(Duration.ofMillis(latencyMs)).start()) {
            List<HttpClient5Transport> transports = new ArrayList<>();
            List<LlmHttpClient> clients = new ArrayList<>();
            List<ConcurrencyLimiter> used = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults());
                ConcurrencyLimiter limiter = limiters.get();
                transports.add(transport);
                used.add(limiter);
                clients.add(new LlmHttpClient("bench", transport, AuthProvider.fixed("Bearer k"),
                        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), false), Timeouts.DEFAULT,
                        limiter, transport.timer()));
            }
            long start = System.nanoTime();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                sent.add(clients.get(i % replicas).send(LlmHttpRequest.postJson(service.baseUrl() + "/v1/chat/completions",
                        BODY)));
            }
            int failed = 0;
            for (CompletableFuture<?> f : sent) {
                try {
                    f.get(5, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            StringBuilder limits = new StringBuilder();
            for (ConcurrencyLimiter l : used) {
                limits.append(limits.length() > 0 ? " + " : "").append(l.limit());
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f | %d | %d | %d | %.2f | %s |%n", name, seconds, service.answered(),
                    failed, service.refused(), service.refused() / (double) calls, limits);
            for (HttpClient5Transport t : transports) {
                t.close();
            }
        }
    }
}
