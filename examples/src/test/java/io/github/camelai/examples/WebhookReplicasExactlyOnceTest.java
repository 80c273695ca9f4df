package io.github.camelai.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelai.component.baseten.BasetenConstants;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.kafka.KafkaIdempotentRepository;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.WEBHOOK_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the webhook consumer (two Camel contexts, two HTTP ports) receive the same 1,000 signed
 * deliveries, each pair sent at the same instant, with the first run of one result in ten failing (the consumer
 * answers 500 and the test redelivers that copy, as Baseten does). With camel-sql's JdbcMessageIdRepository on a
 * real PostgreSQL (routes/webhook-replicas-jdbc.yaml) every result runs to success exactly once; with camel-kafka's
 * KafkaIdempotentRepository copies that arrive together mostly both run: the test reports how many, and how many
 * results never ran (a redelivery taken for a duplicate).
 */
class WebhookReplicasExactlyOnceTest {

    static final int DELIVERIES = 1000;
    static final int FORGED = 100;
    /** Pairs in flight at once; each pair's two copies leave together. */
    static final int LANES = 8;

    private static EmbeddedPostgres postgres;
    private static KafkaClusterTestKit kafka;

    /** Route runs that completed, per request id, over both replicas. */
    static final Map<String, AtomicInteger> SUCCEEDED = new ConcurrentHashMap<>();
    /** Ids whose first run has failed already. */
    static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    static final AtomicInteger RUNS = new AtomicInteger();

    /** One replica: its context and the URL of its own HTTP server. */
    record Replica(CamelContext context, String url, HttpClient http) {

        HttpResponse<String> deliver(byte[] body, String secret) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-BASETEN-SIGNATURE", "v1=" + LocalLlmEmulator.sign(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @BeforeAll
    static void startServices() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE BASETEN_WEBHOOK_DELIVERIES (processorName VARCHAR(255) NOT NULL, messageId VARCHAR(100)"
                      + " NOT NULL, createdAt TIMESTAMP NOT NULL, PRIMARY KEY (processorName, messageId))");
        }
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("webhook-exactly-once", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void reset() {
        SUCCEEDED.clear();
        FAILED_ONCE.clear();
        RUNS.set(0);
    }

    /** The route's processing: the first run of every tenth result fails. */
    static RouteBuilder processing() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:process-result").process(e -> {
                    RUNS.incrementAndGet();
                    String id = e.getMessage().getHeader(BasetenConstants.ASYNC_REQUEST_ID, String.class);
                    if (Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 10 == 0 && FAILED_ONCE.add(id)) {
                        throw new IllegalStateException("the result store is unavailable");
                    }
                    SUCCEEDED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                });
            }
        };
    }

    static Replica jdbcReplica() throws Exception {
        Properties p = new Properties();
        p.setProperty("webhook.db.url", postgres.getJdbcUrl("postgres", "postgres"));
        p.setProperty("webhook.db.user", "postgres");
        p.setProperty("webhook.db.password", "postgres");
        p.setProperty("baseten.webhookSecret", WEBHOOK_SECRET);
        CamelContext context = ExampleContexts.withYamlRoutes(p, "webhook-replicas-jdbc.yaml");
        return start(context);
    }

    static Replica kafkaReplica(String id) throws Exception {
        CamelContext context = new DefaultCamelContext();
        KafkaIdempotentRepository repository = new KafkaIdempotentRepository("webhook-exactly-once",
                kafka.bootstrapServers(), "webhook-exactly-once-" + id);
        repository.setMaxCacheSize(100_000);
        context.getRegistry().bind("webhookDeliveries", repository);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("baseten:webhook?path=/baseten/results&webhookSecret=" + WEBHOOK_SECRET
                     + "&idempotentRepository=#webhookDeliveries").to("direct:process-result");
            }
        });
        return start(context);
    }

    private static Replica start(CamelContext context) throws Exception {
        int port = ExampleContexts.freePort();
        context.addRoutes(processing());
        ExampleContexts.addHttpServer(context, port);
        context.start();
        return new Replica(context, "http://127.0.0.1:" + port + "/baseten/results",
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    static byte[] delivery(String requestId) {
        return ("{\"request_id\":\"" + requestId + "\",\"model_id\":\"abcd1234\",\"deployment_id\":\"dep1\","
                + "\"type\":\"async_request_completed\",\"time\":\"" + Instant.now() + "\","
                + "\"data\":{\"output\":\"done\"},\"errors\":[]}").getBytes(StandardCharsets.UTF_8);
    }

    /** What the two replicas answered, and how many redeliveries the 500s took. */
    record Run(Map<String, AtomicInteger> answers, int redeliveries, int forgedRefused) {
    }

    /**
     * Sends every delivery to both replicas at once (a barrier per lane releases both copies together), then
     * redelivers each copy answered 500 to the replica that answered it, until it is answered 200.
     */
    static Run deliverToBoth(Replica a, Replica b, String prefix) throws Exception {
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger redeliveries = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(2 * LANES);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                CyclicBarrier together = new CyclicBarrier(2);
                for (Replica r : new Replica[] { a, b }) {
                    int first = lane;
                    running.add(senders.submit(() -> {
                        for (int i = first; i < DELIVERIES; i += LANES) {
                            String id = prefix + "-" + i;
                            byte[] body = delivery(id);
                            together.await(5, TimeUnit.MINUTES);
                            HttpResponse<String> answer = r.deliver(body, WEBHOOK_SECRET);
                            answers.computeIfAbsent(answer.statusCode() + " " + answer.body(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            // Baseten delivers a copy again after a 5xx, about 2 s later (here at once)
                            for (int attempt = 0; answer.statusCode() == 500 && attempt < 3; attempt++) {
                                redeliveries.incrementAndGet();
                                answer = r.deliver(delivery(id), WEBHOOK_SECRET);
                            }
                            assertEquals(200, answer.statusCode(), id + ": " + answer.body());
                        }
                        return null;
                    }));
                }
            }
            // about 20 s on an idle 2-core machine; the bound is for a CI machine shared with other builds
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
            for (Future<?> f : running) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            // forged deliveries (signed with another secret) are refused by both replicas and never run the route
            int refused = 0;
            for (int i = 0; i < FORGED; i++) {
                Replica r = i % 2 == 0 ? a : b;
                HttpResponse<String> answer = r.deliver(delivery(prefix + "-forged-" + i), "whsec_not_the_secret");
                refused += answer.statusCode() == 401 ? 1 : 0;
            }
            return new Run(answers, redeliveries.get(), refused);
        } finally {
            senders.shutdownNow();
        }
    }

    static int ranTwice() {
        return (int) SUCCEEDED.values().stream().filter(n -> n.get() > 1).count();
    }

    @Test
    void jdbcRepositoryRunsEachResultExactlyOnce() throws Exception {
        Replica a = jdbcReplica();
        Replica b = jdbcReplica();
        try {
            long start = System.nanoTime();
            Run run = deliverToBoth(a, b, "jdbc");
            System.out.println("JdbcMessageIdRepository run took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
            System.out.println("JdbcMessageIdRepository, 2 replicas, " + DELIVERIES + " deliveries sent to both at once: "
                               + "answers " + run.answers() + ", redeliveries " + run.redeliveries() + ", route runs "
                               + RUNS.get() + ", results that ran to success twice " + ranTwice());
            assertEquals(DELIVERIES, SUCCEEDED.size(), "every result reached the route");
            assertEquals(0, ranTwice(), "no result ran to success twice");
            assertEquals(DELIVERIES / 10, FAILED_ONCE.size());
            // each failed run cost a redelivery of its copy; the other copy of a pair is a duplicate, answered 200
            assertEquals(DELIVERIES + DELIVERIES / 10, RUNS.get(), "one run per result, plus one per failed first run");
            assertEquals(FORGED, run.forgedRefused());
            assertTrue(SUCCEEDED.keySet().stream().noneMatch(id -> id.contains("forged")));
            // the copy that loses the insert race is a duplicate (200), not a repository failure (500): the 500s are
            // the failed runs, plus the rare loser that looked while the winner's failed run was removing the id
            assertTrue(run.redeliveries() <= DELIVERIES / 10 + DELIVERIES / 20, "500s beyond the failed runs: " + run);
        } finally {
            a.context().stop();
            b.context().stop();
        }
    }

    @Test
    void kafkaRepositoryLetsCopiesArrivingTogetherBothRun() throws Exception {
        Replica a = kafkaReplica("a");
        Replica b = kafkaReplica("b");
        try {
            long start = System.nanoTime();
            Run run = deliverToBoth(a, b, "kafka");
            System.out.println("KafkaIdempotentRepository run took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
            System.out.println("KafkaIdempotentRepository, 2 replicas, " + DELIVERIES + " deliveries sent to both at once: "
                               + "answers " + run.answers() + ", redeliveries " + run.redeliveries() + ", route runs "
                               + RUNS.get() + ", results that ran to success twice " + ranTwice()
                               + ", results that never ran to success " + (DELIVERIES - SUCCEEDED.size()));
            // a measurement, not a promise: copies arriving together mostly both run; and a redelivery after a failed
            // run can be taken for a duplicate while the replica reads its own add record back from the topic after
            // its remove (a result lost: seen 0 or 1 time in 1,000)
            assertTrue(SUCCEEDED.values().stream().allMatch(n -> n.get() <= 2), "at most once per replica");
            assertTrue(SUCCEEDED.size() >= DELIVERIES - DELIVERIES / 20, "lost: " + (DELIVERIES - SUCCEEDED.size()));
            assertEquals(FORGED, run.forgedRefused());
        } finally {
            a.context().stop();
            b.context().stop();
        }
    }
}
