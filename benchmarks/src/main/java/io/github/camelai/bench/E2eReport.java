package io.github.camelai.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.support.LlmJson;

/**
 * The end-to-end section of the report: every client of {@link E2eClients} at 1,000 calls in flight against a 1 s
 * server and at 64 in flight against a 20 ms server, each in a fresh JVM, side by side in one run against one
 * {@link E2eServer} ({@link #REPEATED} clients three times, interleaved, the median kept); then the streaming time
 * to first chunk; then the chart, written as SVG.
 */
final class E2eReport {

    static final String[] CLIENTS = {"raw-hc5", "raw-hc5-hop", "vertx", "camel-http", "camel-http-tuned", "baseten", "databricks-ai",
        "baseten-tls", "baseten-h2", "openai-java", "openai-java-tuned"};
    private static final int[][] LOADS = {{1000, 1000}, {64, 20}};
    /** Run {@link #ROUNDS} times each, interleaved, the median reported: the ratios the target is about. */
    static final List<String> REPEATED = List.of("raw-hc5", "raw-hc5-hop", "baseten", "databricks-ai");
    static final int ROUNDS = 3;
    /** At most this long after the warm-up for the JIT compiler to go quiet before a window opens. */
    private static final double SETTLE = 30;
    private static final String PASSWORD = "bench-pass";

    private final StringBuilder out;
    private final double warmup;
    private final double measure;

    E2eReport(StringBuilder out, boolean quick) {
        this.out = out;
        // the JIT still compiles for 10 to 20 s after the first calls (JFR: about 150 µs of compile time per call
        // between 8 and 19 s), and in bursts long after: the warm-up, the wait for a quiet compiler and the CPU
        // reported without the compiler's threads keep it out of the comparison
        this.warmup = quick ? 15 : 20;
        this.measure = quick ? 8 : 20;
    }

    void run(Path svg, List<String> clients) throws Exception {
        Path keystore = keystore();
        Process server = new ProcessBuilder(RunAll.java(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                E2eServer.class.getName(), "--keystore", keystore.toString(), "--password", PASSWORD, "--max-seconds", "1800")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, E2eLoad.Result> results = new LinkedHashMap<>();
        Map<String, List<E2eLoad.Result>> rounds = new LinkedHashMap<>();
        List<E2eStream.Result> ttfc = new ArrayList<>();
        try {
            String[] ports = listening(server);
            List<String> target = List.of("--port", ports[0], "--tls-port", ports[1], "--keystore", keystore.toString(),
                    "--password", PASSWORD);
            for (int[] load : LOADS) {
                for (int round = 1; round <= ROUNDS; round++) {
                    for (String client : clients) {
                        if (round > 1 && !REPEATED.contains(client)) {
                            continue;
                        }
                        System.err.printf("e2e: %s, %d in flight, %d ms, round %d...%n", client, load[0], load[1], round);
                        List<String> args = new ArrayList<>(List.of("--client", client, "--concurrency", "" + load[0],
                                "--latency-ms", "" + load[1], "--warmup-s", "" + warmup, "--settle-s", "" + SETTLE,
                                "--measure-s", "" + measure));
                        args.addAll(target);
                        rounds.computeIfAbsent(key(client, load[0]), k -> new ArrayList<>()).add(
                                LlmJson.MAPPER.readValue(RunAll.child(E2eLoad.class, args), E2eLoad.Result.class));
                    }
                }
            }
            rounds.forEach((k, runs) -> results.put(k, median(runs)));
            for (String client : new String[] {"raw-hc5", "baseten"}) {
                System.err.printf("e2e: time to first chunk, %s...%n", client);
                List<String> args = new ArrayList<>(List.of("--client", client, "--ttfc", "200", "--warmup", "50"));
                args.addAll(target);
                ttfc.add(LlmJson.MAPPER.readValue(RunAll.child(E2eLoad.class, args), E2eStream.Result.class));
            }
        } finally {
            server.getOutputStream().close();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        table(results, rounds, clients);
        ttfc(ttfc);
        if (svg != null) {
            chart(svg, results, clients);
        }
    }

    /** The run with the median CPU per call excluding the JIT. */
    static E2eLoad.Result median(List<E2eLoad.Result> runs) {
        List<E2eLoad.Result> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(E2eLoad.Result::cpuNoJitMicrosPerCall));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static String key(String client, int concurrency) {
        return client + "@" + concurrency;
    }

    private void table(Map<String, E2eLoad.Result> results, Map<String, List<E2eLoad.Result>> rounds, List<String> clients) {
        line("");
        line("## 5. End to end: the components' producers against other clients (one run, one server)");
        line("");
        line("Each row: a fresh client JVM (-Xmx1g), " + RunAll.fmt(warmup, 0) + " s warm-up, then up to "
             + RunAll.fmt(SETTLE, 0) + " s more until the JIT compiler is quiet (under 1% of a core for 2 s), then "
             + RunAll.fmt(measure, 0) + " s measured; a closed loop of N calls in flight against `E2eServer` (Vert.x, "
             + "2 event loops, its own JVM). " + String.join(", ", REPEATED) + " ran " + ROUNDS + " times each, "
             + "interleaved, and their row is the median run (by CPU excluding the JIT; all rounds in the last column); "
             + "the others ran once. CPU = the client JVM's process CPU time per answered call; JIT = the part of it "
             + "spent by the JIT compiler's threads (which keep compiling in bursts long after the warm-up); excl. JIT = "
             + "the rest (the client's threads, GC, the JVM's own); × raw = CPU excluding the JIT over raw HttpClient 5's "
             + "at the same load. Own threads = the most live threads in the window minus those alive before the client "
             + "was built. Alloc = heap allocated per call (what the collectors freed in the window plus the growth of "
             + "the heap in use). Heap Δ = heap in use after a GC at the end of the window (calls still in flight) minus "
             + "before the client was built.");
        line("");
        line("| client | in flight, server latency | calls/s | of ideal | CPU µs/call | of which JIT | excl. JIT | × raw | "
             + "own threads | alloc KB/call | heap Δ MB | p50 / p99 ms | errors | excl. JIT, all rounds |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> errors = new ArrayList<>();
        for (int[] load : LOADS) {
            E2eLoad.Result raw = results.get(key("raw-hc5", load[0]));
            for (String client : clients) {
                E2eLoad.Result r = results.get(key(client, load[0]));
                double ideal = r.concurrency() * 1000.0 / r.latencyMs();
                StringBuilder all = new StringBuilder();
                for (E2eLoad.Result x : rounds.get(key(client, load[0]))) {
                    all.append(all.length() == 0 ? "" : ", ").append(RunAll.fmt(x.cpuNoJitMicrosPerCall(), 0));
                }
                line("| " + client + " | " + r.concurrency() + " @ " + (r.latencyMs() >= 1000 ? r.latencyMs() / 1000 + " s"
                        : r.latencyMs() + " ms") + " | " + RunAll.fmt(r.callsPerSecond(), 0) + " | "
                     + RunAll.fmt(100 * r.callsPerSecond() / ideal, 1) + "% | " + RunAll.fmt(r.cpuMicrosPerCall(), 0)
                     + " | " + RunAll.fmt(r.cpuMicrosPerCall() - r.cpuNoJitMicrosPerCall(), 0) + " | "
                     + RunAll.fmt(r.cpuNoJitMicrosPerCall(), 0) + " | "
                     + (raw == null ? "-" : RunAll.fmt(r.cpuNoJitMicrosPerCall() / raw.cpuNoJitMicrosPerCall(), 2)) + " | "
                     + r.ownThreads() + " | " + RunAll.fmt(r.allocKbPerCall(), 1) + " | " + RunAll.fmt(r.heapDeltaMb(), 1)
                     + " | " + RunAll.fmt(r.p50Ms(), 1) + " / " + RunAll.fmt(r.p99Ms(), 1) + " | " + r.errors()
                     + (r.warmupErrors() > 0 ? " (" + r.warmupErrors() + " in warm-up)" : "") + " | " + all + " |");
                if (r.firstError() != null) {
                    errors.add(client + " at " + r.concurrency() + " in flight: " + r.firstError());
                }
            }
        }
        line("");
        line("Where the CPU goes (µs per call, median runs, by kind of thread; I/O = HttpClient's dispatch threads, "
             + "workers = where the answer is read and the exchange continues: the components' worker pool, the raw "
             + "client's hop pool; GC = the collector's threads; rest = the JVM's other threads and the harness's):");
        line("");
        line("| client | in flight | I/O | workers | GC | rest |");
        line("|---|---|---|---|---|---|");
        for (int[] load : LOADS) {
            for (String client : REPEATED) {
                E2eLoad.Result r = results.get(key(client, load[0]));
                if (r != null) {
                    double[] parts = parts(r.cpuMicrosPerCallByThread());
                    line("| " + client + " | " + load[0] + " | " + RunAll.fmt(parts[0], 1) + " | " + RunAll.fmt(parts[1], 1)
                         + " | " + RunAll.fmt(parts[2], 1) + " | " + RunAll.fmt(parts[3], 1) + " |");
                }
            }
        }
        for (String e : errors) {
            line("");
            line("First error, " + e.replace('|', '/'));
        }
        line("");
        line("Threads of the components at 1,000 in flight, at the end of the window: ");
        for (String client : clients) {
            E2eLoad.Result r = results.get(key(client, 1000));
            if (client.startsWith("baseten") || client.startsWith("databricks")) {
                line("- " + client + ": " + r.threadKinds());
            }
        }
        line("");
        line("Clients: `raw-hc5` = HttpClient 5 async, 2 I/O threads, pool = calls in flight, the answer read and the "
             + "next call started on the I/O thread; `raw-hc5-hop` = the same, but the answer is handed to a 2-thread pool "
             + "to be read and to start the next call, as any Camel async producer must (a route may not continue on an "
             + "I/O thread): the cost of that hop alone; `vertx` = Vert.x "
             + "HttpClient, 2 event loops, pool = calls in flight; `camel-http` = camel-http's producer with its default "
             + "pool (20 connections per host), a thread per call in flight; `camel-http-tuned` = the same with "
             + "`maxTotalConnections` and `connectionsPerRoute` = calls in flight; `baseten`, `databricks-ai` = "
             + "`baseten:chat` / `databricks-ai:chat` with only `maxConcurrentRequests` = calls in flight, everything "
             + "else default, the producer's `process(exchange, callback)` called as Camel's `SendProcessor` calls it; "
             + "`baseten-tls` / `baseten-h2` = `baseten:chat` over TLS with `http2=false` / `http2=true` (server: up to "
             + "100 concurrent streams per HTTP/2 connection); `openai-java` = the official OpenAI Java SDK 4.105.0's "
             + "async client (OkHttp) as its builder makes it, retries off; `openai-java-tuned` = the same with its OkHttp "
             + "dispatcher (`maxRequests`, `maxRequestsPerHost`) and connection pool raised to the calls in flight.");
    }

    /** I/O, workers, GC, rest. */
    static double[] parts(Map<String, Double> byThread) {
        double[] p = new double[4];
        if (byThread == null) {
            return p;
        }
        byThread.forEach((kind, us) -> {
            int i = kind.startsWith("httpclient-disp") ? 0
                    : kind.startsWith("Camel (") || kind.startsWith("hop-worker") ? 1
                    : kind.startsWith("GC Thread") || kind.startsWith("G1 ") ? 2 : 3;
            p[i] += us;
        });
        return p;
    }

    private void ttfc(List<E2eStream.Result> ttfc) {
        if (ttfc.size() < 2) {
            return;
        }
        E2eStream.Result raw = ttfc.get(0);
        E2eStream.Result c = ttfc.get(1);
        line("");
        line("**Streaming, time to first chunk** (" + raw.streams() + " streams one after another, after 50 warm-up "
             + "streams; the server sends the first event at once, then " + (E2eServer.STREAM_CHUNKS + 1) + " more "
             + E2eServer.STREAM_GAP_MS + " ms apart; from the call to the first chunk parsed by its reader):");
        line("");
        line("| client | p50 ms | p90 ms | p99 ms | mean ms |");
        line("|---|---|---|---|---|");
        for (E2eStream.Result r : ttfc) {
            line("| " + (r == c ? "baseten (`streaming=true`, iterator read where the exchange continues)"
                    : "raw-hc5 (SSE decoded on the I/O thread)") + " | " + RunAll.fmt(r.p50Ms(), 2) + " | "
                 + RunAll.fmt(r.p90Ms(), 2) + " | " + RunAll.fmt(r.p99Ms(), 2) + " | " + RunAll.fmt(r.meanMs(), 2) + " |");
        }
        line("");
        line("Overhead of the component at p50: " + RunAll.fmt(c.p50Ms() - raw.p50Ms(), 2) + " ms.");
    }

    private void chart(Path svg, Map<String, E2eLoad.Result> results, List<String> clients) throws IOException {
        SvgChart cpu = new SvgChart("Client CPU per call excl. the JIT compiler (µs, lower is better)", List.of("1,000 in flight @ 1 s",
                "64 in flight @ 20 ms"), false);
        SvgChart threads = new SvgChart("Own threads at 1,000 in flight (log scale)", List.of("1,000 in flight @ 1 s"), true);
        SvgChart rate = new SvgChart("Calls/s as % of ideal", List.of("1,000 in flight @ 1 s", "64 in flight @ 20 ms"),
                false);
        for (String client : clients) {
            E2eLoad.Result a = results.get(key(client, 1000));
            E2eLoad.Result b = results.get(key(client, 64));
            cpu.row(client, a.cpuNoJitMicrosPerCall(), b.cpuNoJitMicrosPerCall());
            threads.row(client, Math.max(1, a.ownThreads()));
            rate.row(client, 100 * a.callsPerSecond() / (a.concurrency() * 1000.0 / a.latencyMs()),
                    100 * b.callsPerSecond() / (b.concurrency() * 1000.0 / b.latencyMs()));
        }
        String caption = "benchmarks/run.sh --e2e, " + java.time.LocalDate.now() + ", shared 2-core machine, one run";
        if (svg.getParent() != null) {
            Files.createDirectories(svg.getParent());
        }
        Files.writeString(svg, SvgChart.document(caption, 720, List.of(cpu, rate, threads)));
        line("");
        line("Chart: `" + svg + "` (written by `SvgChart`).");
    }

    private static Path keystore() throws Exception {
        Path dir = Path.of("benchmarks", "target");
        Files.createDirectories(dir);
        Path ks = dir.resolve("e2e-tls.p12").toAbsolutePath();
        Files.deleteIfExists(ks);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return ks;
    }

    private static String[] listening(Process server) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String l = in.readLine();
        if (l == null || !l.startsWith("LISTENING ")) {
            throw new IllegalStateException("E2e server did not start: " + l);
        }
        return l.substring("LISTENING ".length()).trim().split(" ");
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
