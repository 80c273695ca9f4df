package io.github.camelai.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.testing.LimitedChatService;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code benchmarks/run.sh --enrichment}: the Kafka-to-LLM flow at the services' limits, side by side in one run.
 * <ol>
 * <li>The README's route before round three (one record at a time) against the batched route of
 * {@code examples/.../kafka-enrichment.yaml}, at 1 s per call: answers/s, peak calls in flight, threads, heap. Each
 * route runs in a JVM of its own ({@link EnrichmentFlow}); the broker and the stand-in service run here.</li>
 * <li>The batched route against a service that allows 55 calls a second, with {@code enrichment.requestsPerMinute=3000}.</li>
 * <li>The quota cases of issue 17, each with and without the new options, calls sent at once through
 * {@code databricks-ai:chat}: 429s, failures, time, share of the quota used.</li>
 * </ol>
 * {@code EnrichmentBench [--questions 2000] [--out FILE] [--svg FILE]}
 */
public final class EnrichmentBench {

    private static final String QUESTION = "Summarise the delivery status of order %d for the customer in one sentence, "
                                           + "keeping the tone friendly and mentioning the expected date if one is known.";

    private final StringBuilder out = new StringBuilder();
    private final List<String[]> quotaRows = new ArrayList<>();
    private final SvgChart flowChart = new SvgChart("Answers/s at 1 s per call (higher is better)", List.of("answers/s"), true);
    private final SvgChart quotaChart = new SvgChart("Calls answered 429 (% of calls, lower is better)",
            List.of("without the new options", "with them"), false);

    public static void main(String[] argv) throws Exception {
        // the broker logs hundreds of lines at INFO
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args args = new Args(argv);
        new EnrichmentBench().run(args.integer("questions", 2000), Path.of(args.string("out",
                "benchmarks/target/enrichment-results.md")), Path.of(args.string("svg", "docs/benchmarks-enrichment.svg")));
        System.exit(0);
    }

    void run(int questions, Path outFile, Path svg) throws Exception {
        line("## Enrichment at the services' limits (`benchmarks/run.sh --enrichment`, " + java.time.LocalDateTime.now()
                .withNano(0) + ")");
        line("");
        KafkaClusterTestKit kafka = broker();
        try {
            flows(kafka.bootstrapServers(), questions);
            quotaCases();
        } finally {
            kafka.close();
        }
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        Files.writeString(outFile, out);
        if (svg.toAbsolutePath().getParent() != null) {
            Files.createDirectories(svg.toAbsolutePath().getParent());
        }
        Files.writeString(svg, SvgChart.document("benchmarks/run.sh --enrichment, " + java.time.LocalDate.now()
                                                 + ", shared 2-core machine, one run", 720, List.of(flowChart, quotaChart)));
        System.out.println(out);
    }

    // ---- 1 and 2: the flows ----

    private void flows(String brokers, int questions) throws Exception {
        line("### The flow, 4-partition topic, " + questions + " questions");
        line("");
        line("| route | service | answers | dead letters | seconds | answers/s | peak calls in flight | 429s | peak threads | peak heap MB |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        Path oneAtATime = Path.of("benchmarks/src/main/resources/enrichment/one-at-a-time.yaml");
        Path batched = Path.of("examples/src/main/resources/routes/kafka-enrichment.yaml");
        try (LimitedChatService slow = LimitedChatService.builder().latency(Duration.ofSeconds(1)).start()) {
            flow(brokers, "-a", oneAtATime, slow, "1 s per call", questions, 30, List.of());
            flow(brokers, "-b", batched, slow, "1 s per call", questions, 180, List.of());
        }
        try (LimitedChatService quota = LimitedChatService.builder().latency(Duration.ofMillis(300)).requestsPerSecond(55)
                .start()) {
            flow(brokers, "-c", batched, quota, "300 ms, 55 calls/s (3,300/min)", questions, 240,
                    List.of("enrichment.requestsPerMinute=3000"));
        }
        line("");
        line("The one-at-a-time route runs for at most 30 s (at its rate 2,000 questions would take most of an hour): "
             + "its answers/s is over that window. Seconds: from the route's start to its last answer record.");
        line("");
    }

    private void flow(String brokers, String suffix, Path route, LimitedChatService service, String serviceLabel,
                      int questions, int maxSeconds, List<String> props) throws Exception {
        topics(brokers, suffix);
        produce(brokers, "questions" + suffix, questions);
        service.resetCounters();
        List<String> args = new ArrayList<>(List.of("--route", route.toString(), "--brokers", brokers, "--host",
                service.baseUrl(), "--questions", "" + questions, "--suffix", suffix, "--max-seconds", "" + maxSeconds));
        for (String p : props) {
            args.add("--prop");
            args.add(p);
        }
        System.err.printf("enrichment: %s against %s...%n", route.getFileName(), serviceLabel);
        EnrichmentFlow.Result r = LlmJson.MAPPER.readValue(RunAll.child(EnrichmentFlow.class, args), EnrichmentFlow.Result.class);
        double rate = r.answers() / r.seconds();
        String name = route.getFileName().toString() + (props.isEmpty() ? "" : " (" + String.join(", ", props) + ")");
        line("| " + name + " | " + serviceLabel + " | " + r.answers() + " | " + r.deadLetters() + " | " + RunAll.fmt(r.seconds(), 1)
             + " | " + RunAll.fmt(rate, 1) + " | " + service.peakInFlight() + " | " + service.refused() + " | "
             + r.peakThreads() + " | " + RunAll.fmt(r.peakHeapMb(), 0) + " |");
        if (props.isEmpty()) {
            flowChart.row(route.getFileName().toString(), rate);
        }
    }

    // ---- 3: the quota cases ----

    private void quotaCases() throws Exception {
        line("### Quotas and adaptive concurrency: calls sent at once through `databricks-ai:chat`");
        line("");
        line("| case | options | calls | answered | failed | answered 429 | 429s % of calls | seconds | quota used |");
        line("|---|---|---|---|---|---|---|---|---|");
        quotaCase("400 calls, service allows 55 calls/s", 400, LimitedChatService.builder().latency(Duration.ofMillis(100))
                .requestsPerSecond(55), "", "&requestsPerMinute=3000", Use.REQUESTS);
        quotaCase("300 calls, service allows 5,500 tokens/s", 300, LimitedChatService.builder().latency(Duration.ofMillis(100))
                .tokensPerSecond(5500), "", "&tokensPerMinute=313000", Use.TOKENS);
        quotaCase("800 calls, service serves 16 at a time, 100 ms each", 800, LimitedChatService.builder()
                .latency(Duration.ofMillis(100)).maxConcurrent(16), "&maxConcurrentRequests=128",
                "&maxConcurrentRequests=128&adaptiveConcurrency=true", Use.CONCURRENCY);
        line("");
        line("Quota used: calls answered per second against the 55 allowed; tokens charged per second against the "
             + "5,500 allowed; for the concurrency case the ideal time (calls / 16 × 100 ms) over the time taken. Every "
             + "other option is the components' default (`maxRetries=3`, back-off from 1 s).");
        line("");
    }

    private enum Use { REQUESTS, TOKENS, CONCURRENCY }

    private void quotaCase(String label, int calls, LimitedChatService.Builder service, String before, String after, Use use)
            throws Exception {
        double[] shares = new double[2];
        String[] options = {before, after};
        for (int i = 0; i < 2; i++) {
            try (LimitedChatService s = service.start()) {
                System.err.printf("enrichment: %s, options '%s'...%n", label, options[i]);
                Outcome o = burst(s, calls, options[i]);
                double used = switch (use) {
                    case REQUESTS -> s.answered() / o.seconds / 55.0;
                    case TOKENS -> s.tokensCharged() / o.seconds / 5500.0;
                    case CONCURRENCY -> calls / 16.0 * 0.1 / o.seconds;
                };
                shares[i] = 100.0 * s.refused() / calls;
                line("| " + label + " | " + (options[i].isEmpty() ? "(defaults)" : "`" + options[i].substring(1) + "`") + " | "
                     + calls + " | " + o.ok + " | " + o.failed + " | " + s.refused() + " | " + RunAll.fmt(shares[i], 1) + " | "
                     + RunAll.fmt(o.seconds, 1) + " | " + RunAll.fmt(100 * used, 0) + "% |");
            }
        }
        quotaChart.row(label.replace(", service", ":"), shares);
    }

    private record Outcome(int ok, int failed, double seconds) {
    }

    private static Outcome burst(LimitedChatService service, int calls, String options) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            Endpoint endpoint = camel.getEndpoint("databricks-ai:chat?host=" + service.baseUrl()
                                                  + "&model=bench-model&token=bench-token" + options);
            AsyncProducer producer = endpoint.createAsyncProducer();
            producer.start();
            CountDownLatch done = new CountDownLatch(calls);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                Exchange exchange = endpoint.createExchange();
                exchange.getMessage().setBody(String.format(QUESTION, i));
                producer.process(exchange, doneSync -> {
                    (exchange.getException() == null ? ok : failed).incrementAndGet();
                    done.countDown();
                });
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("calls still in flight after 10 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            producer.stop();
            return new Outcome(ok.get(), failed.get(), seconds);
        } finally {
            camel.stop();
        }
    }

    // ---- Kafka ----

    private static KafkaClusterTestKit broker() throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

    private static void topics(String brokers, String suffix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            admin.createTopics(List.of(new NewTopic("questions" + suffix, 4, (short) 1),
                    new NewTopic("answers" + suffix, 4, (short) 1), new NewTopic("questions.dlt" + suffix, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            // a topic just made may have partitions without a leader yet: producing then meets NOT_LEADER retries
            long deadline = System.currentTimeMillis() + 30_000;
            while (!admin.describeTopics(List.of("questions" + suffix, "answers" + suffix)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).values().stream().flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        }
    }

    private static void produce(String brokers, String topic, int questions) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                // the in-process broker has answered an idempotent producer's retry into a fresh topic with
                // OutOfOrderSequenceException forever; the questions need no idempotence (each is written once)
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"))) {
            for (int i = 0; i < questions; i++) {
                producer.send(new ProducerRecord<>(topic, "q" + i, String.format(QUESTION, i)));
            }
            producer.flush();
        }
    }

    private void line(String s) {
        System.err.println(s);
        out.append(s).append('\n');
    }
}
