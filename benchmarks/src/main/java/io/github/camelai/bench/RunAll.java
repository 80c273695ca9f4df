package io.github.camelai.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.github.camelai.bench.jmh.SseDecodeBench;
import io.github.camelai.llm.support.LlmJson;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and prints one Markdown report (also written to {@code --out}).
 * <p>
 * {@code RunAll [--quick] [--only jmh,transport,stream,e2e] [--out FILE] [--svg FILE] [--clients a,b]}: without
 * {@code --only}, all but {@code e2e} (see {@link E2eReport}). The JMH benchmarks fork their own JVM; the
 * load server runs in a JVM of its own; each transport run and the streaming run get a fresh client JVM, so the
 * client's process CPU time is the client's alone.
 */
public final class RunAll {

    private static final String CLIENT_HEAP = "-Xmx1g";

    private final boolean quick;
    private final StringBuilder report = new StringBuilder();

    private RunAll(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        RunAll run = new RunAll(a.flag("quick"));
        String only = a.string("only", "jmh,transport,stream");
        run.environment("before");
        if (only.contains("jmh")) {
            run.jmh();
        }
        if (only.contains("transport") || only.contains("stream")) {
            Process server = startServer();
            try {
                String url = "http://127.0.0.1:" + readPort(server);
                if (only.contains("transport")) {
                    run.transport(url);
                }
                if (only.contains("stream")) {
                    run.stream(url);
                }
            } finally {
                server.getOutputStream().close();
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (only.contains("e2e")) {
            String svg = a.string("svg", null);
            new E2eReport(run.report, run.quick).run(svg == null ? null : Path.of(svg),
                    List.of(a.string("clients", String.join(",", E2eReport.CLIENTS)).split(",")));
        }
        run.environment("after");
        String text = run.report.toString();
        System.out.println();
        System.out.println(text);
        String out = a.string("out", null);
        if (out != null) {
            Path p = Path.of(out);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, text);
            System.out.println("(report written to " + p.toAbsolutePath() + ")");
        }
        System.exit(0);
    }

    // ---- environment --------------------------------------------------------------------------------------

    private void environment(String when) {
        if ("before".equals(when)) {
            line("# camel-llm-common benchmarks (" + (quick ? "quick" : "full") + " mode)");
            line("");
            line("- started: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
            line("- cores (`nproc`): " + Runtime.getRuntime().availableProcessors() + "; memory: " + memTotal());
            line("- java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                 + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")");
        } else {
            line("");
            line("## Machine load");
            line("");
            line("- finished: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
        line("- `uptime` " + when + ": " + uptime());
        line("- other JVMs running " + when + " (not ours): " + otherJvms());
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            if (!s.isEmpty()) {
                return s;
            }
        } catch (IOException e) {
            // fall back to /proc
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return "loadavg " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Counts other java processes on the machine by kind (Maven builds, Surefire forks, others). */
    private static String otherJvms() {
        long self = ProcessHandle.current().pid();
        Map<String, Integer> kinds = new TreeMap<>();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(p -> p.parent().map(pp -> pp.pid() != self).orElse(true))
                .forEach(p -> {
                    String args = String.join(" ", p.info().arguments().orElse(new String[0]));
                    String kind = args.contains("plexus.classworlds") ? "maven" : args.contains("surefire") ? "surefire"
                            : "other";
                    kinds.merge(kind, 1, Integer::sum);
                });
        return kinds.isEmpty() ? "none" : kinds.toString();
    }

    // ---- JMH ----------------------------------------------------------------------------------------------

    private void jmh() throws Exception {
        Options opt = new OptionsBuilder()
                .include("io\\.github\\.camelai\\.bench\\.jmh\\..*")
                .forks(1)
                .warmupIterations(quick ? 2 : 5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend(CLIENT_HEAP)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        byte[] stream = Fixtures.sseStream(Fixtures.RECORDED_STREAM_CHUNKS);
        int events = Fixtures.RECORDED_STREAM_CHUNKS + 2;
        line("");
        line("## 1. SSE decoding (JMH)");
        line("");
        line("Recorded stream: " + String.format(Locale.ROOT, "%,d", stream.length) + " bytes, "
             + String.format(Locale.ROOT, "%,d", events) + " events, fed in " + SseDecodeBench.PIECE / 1024
             + " KiB pieces; one operation = the whole stream. JMH: 1 fork, " + (quick ? "2×1 s warm-up, 3×1 s" : "5×1 s warm-up, 5×2 s")
             + " measurement.");
        line("");
        line("| benchmark | streams/s (± 99.9% CI) | MB/s | events/s |");
        line("|---|---|---|---|");
        List<RunResult> json = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (!name.contains("SseDecodeBench")) {
                json.add(r);
                continue;
            }
            double score = r.getPrimaryResult().getScore();
            line("| `" + shortName(name) + "` | " + fmt(score, 2) + " ± " + fmt(r.getPrimaryResult().getScoreError(), 2)
                 + " | " + fmt(score * stream.length / 1e6, 0) + " | " + fmt(score * events, 0) + " |");
        }
        line("");
        line("## 2. Chat-completion JSON (JMH)");
        line("");
        line("Answer: " + Fixtures.chatCompletionJson().length + " bytes; request: "
             + LlmJson.write(Fixtures.chatRequest()).length + " bytes.");
        line("");
        line("| benchmark | µs/op (± 99.9% CI) |");
        line("|---|---|");
        for (RunResult r : json) {
            line("| `" + shortName(r.getParams().getBenchmark()) + "` | " + fmt(r.getPrimaryResult().getScore(), 3)
                 + " ± " + fmt(r.getPrimaryResult().getScoreError(), 3) + " |");
        }
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    // ---- transport ------------------------------------------------------------------------------------------

    private void transport(String url) throws Exception {
        double warmup = quick ? 5 : 10;
        double measure = quick ? 10 : 30;
        int[][] scenarios = {{64, 20}, {1000, 1000}};
        List<TransportLoad.Result> results = new ArrayList<>();
        for (int[] s : scenarios) {
            for (String client : new String[] {"hc5", "jdk"}) {
                System.err.printf(Locale.ROOT, "transport: %s, %d in flight, %d ms latency...%n", client, s[0], s[1]);
                String json = child(TransportLoad.class, List.of("--client", client, "--url", url,
                        "--concurrency", "" + s[0], "--latency-ms", "" + s[1], "--warmup-s", "" + warmup,
                        "--measure-s", "" + measure));
                results.add(LlmJson.MAPPER.readValue(json, TransportLoad.Result.class));
            }
        }
        line("");
        line("## 3. Chat calls under load (closed loop, loopback, server in its own JVM)");
        line("");
        line("Each run: a fresh client JVM (" + CLIENT_HEAP + "), " + fmt(warmup, 0) + " s warm-up, then " + fmt(measure, 0)
             + " s measured. Per call: request serialized, ~1 KB answer parsed into `ChatCompletion`. "
             + "`hc5` = `HttpClient5Transport` + `LlmHttpClient` (2 I/O threads, pool = in-flight count); "
             + "`jdk` = `java.net.http.HttpClient.sendAsync`, HTTP/1.1, 2-thread executor. CPU = the client JVM's "
             + "process CPU time (incl. GC and JIT) in the window / answered calls. Threads: live threads before the "
             + "client was built → during the window (peak).");
        line("");
        line("| client | in flight | server latency | calls/s | ideal | client CPU µs/call | client CPU (cores) "
             + "| threads | p50 ms | p99 ms | max ms | errors |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (TransportLoad.Result r : results) {
            line("| " + r.client() + " | " + r.concurrency() + " | " + r.latencyMs() + " ms | " + fmt(r.callsPerSecond(), 0)
                 + " | " + fmt(r.concurrency() * 1000.0 / r.latencyMs(), 0) + " | " + fmt(r.cpuMicrosPerCall(), 0) + " | "
                 + fmt(r.cpuCores(), 2) + " | " + r.threadsBefore() + " → " + r.threadsDuring() + " (" + r.peakThreads()
                 + ") | " + fmt(r.p50Ms(), 1) + " | " + fmt(r.p99Ms(), 1) + " | " + fmt(r.maxMs(), 1) + " | "
                 + r.errors() + (r.firstError() == null ? "" : " (" + r.firstError().replace('|', '/') + ")") + " |");
        }
    }

    // ---- streaming ------------------------------------------------------------------------------------------

    private void stream(String url) throws Exception {
        int streams = quick ? 50 : 200;
        double slowSeconds = quick ? 6 : 20;
        System.err.println("stream: time to first chunk, slow reader...");
        String json = child(StreamBench.class, List.of("--url", url, "--ttfc-streams", "" + streams,
                "--ttfc-chunks", "20", "--ttfc-gap-ms", "2", "--slow-chunks", "100000", "--slow-s", "" + slowSeconds,
                "--slow-gaps-us", "250,0"));
        StreamBench.Result r = LlmJson.MAPPER.readValue(json, StreamBench.Result.class);
        StreamBench.Ttfc t = r.ttfc();
        line("");
        line("## 4. Streaming (HttpClient5Transport + LlmHttpClient, fresh client JVM, " + CLIENT_HEAP + ")");
        line("");
        line("Time to first chunk, " + t.streams() + " streams one after another on a kept-alive connection (after "
             + Math.max(1, t.streams() / 5) + " warm-up streams), server sends its first event at once, then "
             + (t.eventsPerStream() - 1) + " more 2 ms apart; measured from `stream(...)` to the first event parsed "
             + "as `ChatCompletionChunk` on the reading thread: p50 " + fmt(t.p50Ms(), 2) + " ms, p99 " + fmt(t.p99Ms(), 2)
             + " ms, max " + fmt(t.maxMs(), 2) + " ms (whole stream: mean " + fmt(t.meanStreamMs(), 1) + " ms).");
        StreamBench.SlowReader any = r.slowReaders().get(0);
        line("");
        line("Slow reader: the server writes a " + fmt(any.streamBytes() / 1e6, 1) + " MB stream (100,000 chunks of ~280 "
             + "bytes), paced (a pause of `gap` µs after each event) or flat out (gap 0); the reader takes one event "
             + "per ~1 ms (~1,000 events/s), for " + fmt(slowSeconds, 0) + " s, then cancels the stream. Every second: "
             + "heap in use after `System.gc()` minus the heap in use before the stream (Δ), and the bytes the server "
             + "has written. Modes: `stalled` = `SseEventIterator`, reader takes the first event then nothing; "
             + "`flow-controlled` = `SseEventIterator`; `unbounded` = a subscriber that decodes and releases every byte "
             + "at once into an unbounded queue (no flow control, for comparison). Max unreleased = the most bytes the "
             + "transport had handed to the iterator and not yet had back (what its " + 256 + " KiB window, plus "
             + "HttpCore's initial 64 KiB, should bound). Last sample of each run, and the largest heap Δ seen:");
        line("");
        line("| server gap | reader | t (s) | events read | server wrote (bytes) | written − read (bytes) "
             + "| max unreleased (bytes) | heap Δ last / max (MB) |");
        line("|---|---|---|---|---|---|---|---|");
        for (StreamBench.SlowReader s : r.slowReaders()) {
            if (s.samples().isEmpty()) {
                continue;
            }
            StreamBench.Sample x = s.samples().get(s.samples().size() - 1);
            double max = s.samples().stream().mapToDouble(StreamBench.Sample::heapDeltaMb).max().orElse(0);
            line("| " + (s.gapMicros() == 0 ? "0 (flat out)" : s.gapMicros() + " µs") + " | " + shortMode(s.mode()) + " | "
                 + fmt(x.t(), 1) + " | " + fmt(x.eventsRead(), 0) + " | " + fmt(x.serverBytesWritten(), 0) + " | "
                 + fmt(x.serverBytesWritten() - x.bytesRead(), 0) + " | "
                 + (StreamBench.UNBOUNDED.equals(s.mode()) ? "-" : fmt(x.maxUnreleasedBytes(), 0)) + " | "
                 + fmt(x.heapDeltaMb(), 2) + " / " + fmt(max, 2) + " |");
        }
        line("");
        line("<details><summary>Every sample</summary>");
        for (StreamBench.SlowReader s : r.slowReaders()) {
            line("");
            line("Server gap " + s.gapMicros() + " µs, " + s.mode() + " (heap before the stream " + fmt(s.baselineHeapMb(), 1)
                 + " MB):");
            line("");
            line("| t (s) | events read | bytes read | server wrote | written − read | max unreleased | heap Δ (MB) |");
            line("|---|---|---|---|---|---|---|");
            for (StreamBench.Sample x : s.samples()) {
                line("| " + fmt(x.t(), 1) + " | " + fmt(x.eventsRead(), 0) + " | " + fmt(x.bytesRead(), 0) + " | "
                     + fmt(x.serverBytesWritten(), 0) + " | " + fmt(x.serverBytesWritten() - x.bytesRead(), 0) + " | "
                     + fmt(x.maxUnreleasedBytes(), 0) + " | " + fmt(x.heapDeltaMb(), 2) + " |");
            }
        }
        line("");
        line("</details>");
    }

    private static String shortMode(String mode) {
        return StreamBench.STALLED.equals(mode) ? "stalled" : StreamBench.FLOW_CONTROLLED.equals(mode) ? "flow-controlled"
                : "unbounded";
    }

    // ---- processes ------------------------------------------------------------------------------------------

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process startServer() throws IOException {
        List<String> cmd = List.of(java(), "-Xmx1g", "-Dsun.net.httpserver.maxIdleConnections=2000",
                "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
                LoadServer.class.getName(), "--max-seconds", "1800");
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int readPort(Process server) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String l = in.readLine();
        if (l == null || !l.startsWith("LISTENING ")) {
            throw new IllegalStateException("Load server did not start: " + l);
        }
        return Integer.parseInt(l.substring("LISTENING ".length()).trim());
    }

    /** Runs {@code main} in a fresh JVM and returns the JSON after its {@code RESULT } line. */
    static String child(Class<?> main, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), CLIENT_HEAP, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (l.startsWith("RESULT ")) {
                    result = l.substring("RESULT ".length());
                } else {
                    System.err.println("  " + l);
                }
            }
        }
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (result == null) {
            throw new IllegalStateException(main.getSimpleName() + " " + args + " printed no result (exit " + p.exitValue() + ")");
        }
        return result;
    }

    // ---- output ---------------------------------------------------------------------------------------------

    private void line(String s) {
        report.append(s).append('\n');
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
