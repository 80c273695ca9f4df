package io.github.camelai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelai.bench.FaultServer.Fault;
import io.github.camelai.llm.error.LlmBadRequestException;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmServerException;
import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.error.LlmTimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The fault-injection soak: many exchanges through both components in Camel routes with a dead-letter channel,
 * against a {@link FaultServer} that injects a fault chosen by each message. It checks that every exchange ends
 * exactly once in the right place (its own answer, or the dead-letter channel with the expected exception), that
 * each fault class cost the expected number of wire attempts, that nothing is left in flight, and that once the
 * context stops no component thread and no connection is left.
 * <p>
 * {@code Soak [--exchanges N] [--concurrency C]}: prints a Markdown report, exits 1 when a check failed.
 */
public final class Soak {

    /** The component and way of calling an exchange goes through. */
    public enum Lane {
        BASETEN("direct:baseten", false),
        BASETEN_STREAM("direct:baseten-stream", true),
        DATABRICKS("direct:databricks", false),
        DATABRICKS_STREAM("direct:databricks-stream", true);

        final String from;
        final boolean stream;

        Lane(String from, boolean stream) {
            this.from = from;
            this.stream = stream;
        }
    }

    /** What must happen to an exchange of one fault class, and how many attempts the server sees for it. */
    record Expected(Class<? extends Throwable> failure, int attempts, int maxAttempts) {
        Expected(Class<? extends Throwable> failure, int attempts) {
            this(failure, attempts, attempts);
        }

        boolean answered() {
            return failure == null;
        }

        String describe() {
            return attempts == maxAttempts ? String.valueOf(attempts) : attempts + " to " + maxAttempts;
        }
    }

    /** The retry settings of the soak's endpoints: small, so that thousands of faults take minutes, not hours. */
    static final int MAX_RETRIES = 2;
    // well above a loaded machine's latency for a normal answer (a false timeout fails the soak), well below what
    // makes the slow fault classes dominate the run time
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(2000);
    static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMillis(2000);
    static final String OPTIONS = "maxRetries=" + MAX_RETRIES + "&retryInitialDelay=5&retryMaxDelay=20&connectTimeout=2000"
                                  + "&requestTimeout=" + REQUEST_TIMEOUT.toMillis() + "&streamIdleTimeout="
                                  + STREAM_IDLE_TIMEOUT.toMillis();

    /** The faults each lane gets, and what each must end in. */
    static Map<Fault, Expected> expectations(boolean stream) {
        Map<Fault, Expected> e = new EnumMap<>(Fault.class);
        e.put(Fault.OK, new Expected(null, 1));
        e.put(Fault.RATE_LIMITED_ONCE, new Expected(null, 2));
        e.put(Fault.BAD_GATEWAY_ONCE, new Expected(null, 2));
        e.put(Fault.UNAVAILABLE_ONCE, new Expected(null, 2));
        e.put(Fault.GATEWAY_TIMEOUT_ONCE, new Expected(null, 2));
        e.put(Fault.UNAVAILABLE_ALWAYS, new Expected(LlmServerException.class, MAX_RETRIES + 1));
        e.put(Fault.BAD_REQUEST, new Expected(LlmBadRequestException.class, 1));
        // the request may have reached the model: never repeated
        // on a new connection the request may have been processed: never repeated. On a connection reused from the
        // pool, a close before any answer byte is what a server closing an idle connection looks like, and is
        // retried (docs/reliability.md): one attempt more each time the pool hands out a kept-alive connection
        e.put(Fault.CLOSE_WITHOUT_ANSWER, new Expected(LlmException.class, 1, MAX_RETRIES + 1));
        e.put(Fault.SLOWER_THAN_TIMEOUT, new Expected(LlmTimeoutException.class, 1));
        if (stream) {
            e.put(Fault.STREAM_SILENT, new Expected(LlmStreamException.class, 1));
            e.put(Fault.STREAM_CUT, new Expected(LlmStreamException.class, 1));
            e.put(Fault.STREAM_ENDS_EARLY, new Expected(LlmStreamException.class, 1));
            e.put(Fault.STREAM_WHOLE_JSON, new Expected(null, 1));
            e.put(Fault.STREAM_HTML, new Expected(LlmException.class, 1));
        } else {
            e.put(Fault.TRUNCATED_JSON, new Expected(LlmException.class, 1));
        }
        return e;
    }

    /** The outcome of a soak. {@link #violations()} is empty when every check passed. */
    public record Result(int exchanges, int concurrency, long millis, long wireRequests, Map<String, Row> rows,
                         List<String> violations, int inflightAtEnd, int threadsWhileRunning, List<String> threadsLeft,
                         int connectionsLeft) {

        public String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%d exchanges, %d concurrent, %.1f s (%.0f exchanges/s), %d requests on the wire%n%n",
                    exchanges, concurrency, millis / 1000.0, exchanges * 1000.0 / Math.max(1, millis), wireRequests));
            sb.append("| lane | fault | exchanges | answered | dead-letter (exception) | attempts each |\n");
            sb.append("|---|---|---:|---:|---|---:|\n");
            rows.values().forEach(r -> sb.append(r.markdown()).append('\n'));
            sb.append(String.format("%nIn flight at the end: %d. Component threads while running: %d; left after stop: %s."
                                    + " Connections left open after stop: %d.%n", inflightAtEnd, threadsWhileRunning,
                    threadsLeft.isEmpty() ? "none" : threadsLeft, connectionsLeft));
            sb.append(violations.isEmpty() ? "All checks passed.\n"
                    : "FAILED checks (" + violations.size() + "):\n- " + String.join("\n- ", violations.subList(0,
                            Math.min(30, violations.size()))) + "\n");
            return sb.toString();
        }
    }

    /** One lane and fault class: how its exchanges ended. */
    public static final class Row {
        final Lane lane;
        final Fault fault;
        final Expected expected;
        final AtomicInteger exchanges = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger dead = new AtomicInteger();
        final Set<String> exceptions = ConcurrentHashMap.newKeySet();
        final Set<Integer> attempts = ConcurrentHashMap.newKeySet();

        Row(Lane lane, Fault fault, Expected expected) {
            this.lane = lane;
            this.fault = fault;
            this.expected = expected;
        }

        String markdown() {
            return "| " + lane.name().toLowerCase().replace('_', ' ') + " | " + fault.marker() + " | " + exchanges + " | "
                   + answered + " | " + dead + (exceptions.isEmpty() ? "" : " (" + String.join(", ", new TreeSet<>(exceptions)) + ")")
                   + " | " + new TreeSet<>(attempts) + " |";
        }
    }

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Result r = run(a.integer("exchanges", 12_000), a.integer("concurrency", 64));
        System.out.println(r.markdown());
        System.exit(r.violations().isEmpty() ? 0 : 1);
    }

    /** Runs {@code exchanges} exchanges spread evenly over every lane and fault class, {@code concurrency} at a time. */
    public static Result run(int exchanges, int concurrency) throws Exception {
        Set<String> threadsBefore = componentThreads();
        List<String> violations = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        List<Row> plan = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            expectations(lane.stream).forEach((fault, expected) -> {
                Row row = new Row(lane, fault, expected);
                rows.put(lane + "/" + fault, row);
                plan.add(row);
            });
        }
        Map<String, String> answers = new ConcurrentHashMap<>();
        Map<String, Throwable> dead = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> endings = new ConcurrentHashMap<>();
        long start;
        long millis;
        int inflight;
        long wire;
        int connectionsLeft;
        int threadsWhileRunning;
        try (FaultServer server = FaultServer.start(REQUEST_TIMEOUT.multipliedBy(3))) {
            CamelContext context = new DefaultCamelContext();
            context.addRoutes(routes(server.baseUrl(), answers, dead, endings));
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            warmUp(template, concurrency);
            long warmRequests = server.requests();
            ExecutorService drivers = Executors.newFixedThreadPool(concurrency);
            start = System.nanoTime();
            List<String> ids = new ArrayList<>(exchanges);
            for (int i = 0; i < exchanges; i++) {
                Row row = plan.get(i % plan.size());
                String id = row.lane.name().charAt(0) + (row.lane.stream ? "s" : "") + "-" + i;
                ids.add(id);
                row.exchanges.incrementAndGet();
                drivers.execute(() -> template.sendBodyAndHeader(row.lane.from, FaultServer.prompt(row.fault, id),
                        "SoakId", id));
            }
            drivers.shutdown();
            if (!drivers.awaitTermination(30, TimeUnit.MINUTES)) {
                violations.add("the exchanges did not all end within 30 minutes");
            }
            millis = (System.nanoTime() - start) / 1_000_000L;
            inflight = context.getInflightRepository().size();
            wire = server.requests() - warmRequests;
            for (int i = 0; i < ids.size(); i++) {
                check(plan.get(i % plan.size()), ids.get(i), answers, dead, endings, server, violations);
            }
            if (inflight != 0) {
                violations.add(inflight + " exchanges still in flight after every exchange ended");
            }
            Set<String> running = componentThreads();
            running.removeAll(threadsBefore);
            threadsWhileRunning = running.size();
            template.close();
            context.close();
            connectionsLeft = server.awaitNoOpenConnections(Duration.ofSeconds(10));
            if (connectionsLeft != 0) {
                violations.add(connectionsLeft + " connections still open after the context stopped");
            }
        }
        List<String> threadsLeft = awaitThreadsGone(threadsBefore, Duration.ofSeconds(10));
        if (!threadsLeft.isEmpty()) {
            violations.add("component threads left after the context stopped: " + threadsLeft);
        }
        return new Result(exchanges, concurrency, millis, wire, rows, violations, inflight, threadsWhileRunning, threadsLeft,
                connectionsLeft);
    }

    /** Class loading, JIT and the first connections, before anything is measured or checked. */
    private static void warmUp(ProducerTemplate template, int concurrency) throws InterruptedException {
        ExecutorService drivers = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < concurrency * 4; i++) {
            Lane lane = Lane.values()[i % Lane.values().length];
            String id = "warm-" + i;
            drivers.execute(() -> template.sendBodyAndHeader(lane.from, FaultServer.prompt(Fault.OK, id), "SoakId", id));
        }
        drivers.shutdown();
        drivers.awaitTermination(5, TimeUnit.MINUTES);
    }

    private static void check(Row row, String id, Map<String, String> answers, Map<String, Throwable> dead,
                              Map<String, AtomicInteger> endings, FaultServer server, List<String> violations) {
        AtomicInteger ended = endings.get(id);
        int times = ended == null ? 0 : ended.get();
        if (times != 1) {
            violations.add(id + " (" + row.fault.marker() + ") ended " + times + " times");
        }
        int attempts = server.attempts(id);
        row.attempts.add(attempts);
        if (attempts < row.expected.attempts() || attempts > row.expected.maxAttempts()) {
            violations.add(id + " (" + row.fault.marker() + ") took " + attempts + " attempts, expected "
                           + row.expected.describe());
        }
        String answer = answers.get(id);
        Throwable failure = dead.get(id);
        if (answer != null) {
            row.answered.incrementAndGet();
        }
        if (failure != null) {
            row.dead.incrementAndGet();
            row.exceptions.add(failure.getClass().getSimpleName());
        }
        if (row.expected.answered()) {
            if (!("answer " + id).equals(answer) || failure != null) {
                violations.add(id + " (" + row.fault.marker() + ") should be answered 'answer " + id + "' but got "
                               + answer + (failure == null ? "" : " / " + failure));
            }
        } else if (answer != null || failure == null || failure.getClass() != row.expected.failure()) {
            violations.add(id + " (" + row.fault.marker() + ") should end in the dead-letter channel with "
                           + row.expected.failure().getSimpleName() + " but got " + answer + " / " + failure);
        }
    }

    private static RouteBuilder routes(String base, Map<String, String> answers, Map<String, Throwable> dead,
                                       Map<String, AtomicInteger> endings) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("direct:dead").useOriginalMessage());
                String baseten = "baseten:chat?baseUrl=" + base + "/v1&apiKey=soak-key&model=m&" + OPTIONS;
                String databricks = "databricks-ai:chat?host=" + base + "&token=soak-token&model=ep&" + OPTIONS;
                String stream = "&streaming=true&streamOutput=aggregate";
                from(Lane.BASETEN.from).to(baseten).to("direct:answer");
                from(Lane.BASETEN_STREAM.from).to(baseten + stream).to("direct:answer");
                from(Lane.DATABRICKS.from).to(databricks).to("direct:answer");
                from(Lane.DATABRICKS_STREAM.from).to(databricks + stream).to("direct:answer");
                from("direct:answer").process(e -> {
                    String id = e.getMessage().getHeader("SoakId", String.class);
                    answers.put(id, e.getMessage().getBody(String.class));
                    endings.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                });
                from("direct:dead").process(e -> {
                    String id = e.getMessage().getHeader("SoakId", String.class);
                    dead.put(id, e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
                    endings.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                });
            }
        };
    }

    /** The threads the components start: the transport's I/O reactor and timer, and the continuation pool. */
    static Set<String> componentThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (t.isAlive() && (n.startsWith("httpclient-") || n.startsWith("camel-llm") || n.contains("Baseten")
                                || n.contains("Databricks") || n.contains("baseten") || n.contains("databricks"))) {
                names.add(n + "#" + t.getId());
            }
        }
        return names;
    }

    private static List<String> awaitThreadsGone(Set<String> before, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> now = componentThreads();
            now.removeAll(before);
            if (now.isEmpty() || System.nanoTime() > end) {
                return new ArrayList<>(now);
            }
            // threads end on their own schedule after shutdown; there is no event to wait for
            Thread.sleep(50);
        }
    }
}
