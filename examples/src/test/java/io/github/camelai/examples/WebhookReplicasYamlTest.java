package io.github.camelai.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.WEBHOOK_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/webhook-replicas.yaml on two Camel contexts, each serving the webhook on its own HTTP port as two replicas
 * behind a load balancer would, sharing camel-kafka's KafkaIdempotentRepository on a real Kafka broker started
 * in-process: a delivery and its copy, reaching one replica each, run the route once.
 */
class WebhookReplicasYamlTest {

    private static KafkaClusterTestKit kafka;
    private static Replica a;
    private static Replica b;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One replica: a context with the YAML routes and its own HTTP server. */
    record Replica(CamelContext context, String url) {

        static Replica start(String id) throws Exception {
            int port = ExampleContexts.freePort();
            Properties p = new Properties();
            p.setProperty("kafka.brokers", kafka.bootstrapServers());
            p.setProperty("replica.id", id);
            p.setProperty("baseten.webhookSecret", WEBHOOK_SECRET);
            CamelContext context = ExampleContexts.withYamlRoutes(p, "webhook-replicas.yaml");
            ExampleContexts.addHttpServer(context, port);
            context.start();
            return new Replica(context, "http://127.0.0.1:" + port + "/baseten/results");
        }

        /** Results the route has handed on; the route runs before the delivery is answered. */
        int results() {
            return context.getEndpoint("seda:async-results", SedaEndpoint.class).getQueue().size();
        }

        IdempotentRepository repository() {
            return context.getRegistry().lookupByNameAndType("webhookDeliveries", IdempotentRepository.class);
        }

        HttpResponse<String> deliver(byte[] body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-BASETEN-SIGNATURE", "v1=" + LocalLlmEmulator.sign(WEBHOOK_SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("baseten-webhook-deliveries", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        a = Replica.start("a");
        b = Replica.start("b");
    }

    @AfterAll
    static void stop() throws Exception {
        for (Replica r : new Replica[] { a, b }) {
            if (r != null) {
                r.context().stop();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static byte[] delivery(String requestId) {
        return ("{\"request_id\":\"" + requestId + "\",\"model_id\":\"abcd1234\",\"deployment_id\":\"dep1\","
                + "\"type\":\"async_request_completed\",\"time\":\"" + Instant.now() + "\","
                + "\"data\":{\"output\":\"done\"},\"errors\":[]}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits until a replica's repository has read an id another replica took. The repository is shared through a
     * Kafka topic, so a replica learns of an id as soon as it has read the record; the wait is that propagation.
     */
    static void awaitKnown(Replica r, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!r.repository().contains(id)) {
            assertTrue(System.nanoTime() < deadline, "replica never learned of " + id);
            Thread.sleep(20);
        }
    }

    @Test
    void aCopyReachingTheOtherReplicaIsNotProcessedAgain() throws Exception {
        int beforeA = a.results();
        int beforeB = b.results();
        byte[] body = delivery("req-replicas-1");

        HttpResponse<String> first = a.deliver(body);
        assertEquals(200, first.statusCode());
        assertEquals("Delivery processed", first.body());
        assertEquals(beforeA + 1, a.results());

        awaitKnown(b, "req-replicas-1");
        HttpResponse<String> copy = b.deliver(body);
        assertEquals(200, copy.statusCode(), "a copy is answered 200 so Baseten stops delivering it");
        assertEquals("Duplicate delivery ignored", copy.body());
        assertEquals(beforeB, b.results(), "the second replica did not run the route");

        // and the other way round
        byte[] other = delivery("req-replicas-2");
        assertEquals("Delivery processed", b.deliver(other).body());
        awaitKnown(a, "req-replicas-2");
        assertEquals("Duplicate delivery ignored", a.deliver(other).body());
        assertEquals(beforeA + 1, a.results());
        assertEquals(beforeB + 1, b.results());
    }
}
