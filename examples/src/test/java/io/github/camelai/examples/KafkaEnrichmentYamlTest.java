package io.github.camelai.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.DATABRICKS_ENDPOINT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/kafka-enrichment.yaml against a real Kafka broker started in-process (Kafka's own test kit) and the
 * emulator: questions produced to {@code questions} come back enriched on {@code answers}.
 */
class KafkaEnrichmentYamlTest {

    private static KafkaClusterTestKit kafka;
    private static LocalLlmEmulator emulator;
    private static CamelContext context;

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
            // topics made up front: consumers then find them at once instead of retrying metadata
            admin.createTopics(List.of(new NewTopic("questions", 1, (short) 1), new NewTopic("answers", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        emulator = new LocalLlmEmulator().chunkDelay(0).start();
        Properties p = ExampleContexts.properties(emulator);
        p.setProperty("kafka.brokers", kafka.bootstrapServers());
        p.setProperty("kafka.pollTimeoutMs", "500");
        context = ExampleContexts.withYamlRoutes(p, "kafka-enrichment.yaml");
        context.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void questionsComeBackAnsweredWithTokenHeaders() {
        List<String> questions = List.of("What is Kafka?", "Why stream events?", "Who reads the answers topic?");
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            for (int i = 0; i < questions.size(); i++) {
                producer.send(new ProducerRecord<>("questions", "q" + i, questions.get(i)));
            }
            producer.flush();
        }

        Map<String, ConsumerRecord<String, String>> answers = new HashMap<>();
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            // no group: assigned the one partition and read from the start
            consumer.assign(List.of(new TopicPartition("answers", 0)));
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.currentTimeMillis() + 30_000;
            while (answers.size() < questions.size() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> answers.put(r.key(), r));
            }
        }
        assertEquals(questions.size(), answers.size(), "answers received: " + answers.keySet());

        for (int i = 0; i < questions.size(); i++) {
            String question = questions.get(i);
            ConsumerRecord<String, String> answer = answers.get("q" + i);
            assertNotNull(answer, "no answer for key q" + i);
            assertEquals(LocalLlmEmulator.answerFor(question), answer.value());
            int prompt = LocalLlmEmulator.countTokens(question);
            int completion = LocalLlmEmulator.countTokens(LocalLlmEmulator.answerFor(question));
            assertEquals(question, header(answer, "llm-question"));
            assertEquals(DATABRICKS_ENDPOINT, header(answer, "llm-model"));
            assertEquals(Integer.toString(prompt), header(answer, "llm-prompt-tokens"));
            assertEquals(Integer.toString(completion), header(answer, "llm-completion-tokens"));
            assertEquals(Integer.toString(prompt + completion), header(answer, "llm-total-tokens"));
            // Camel's own headers are not leaked into the Kafka record
            List<String> names = new ArrayList<>();
            answer.headers().forEach(h -> names.add(h.key()));
            assertTrue(names.stream().noneMatch(n -> n.startsWith("Camel")), names.toString());
        }

        // one Databricks call per question, each carrying the question as the user message
        assertEquals(questions.size(), emulator.requests().size());
        List<String> asked = emulator.requests().stream()
                .map(r -> r.json().at("/messages/0/content").asText()).sorted().toList();
        assertEquals(questions.stream().sorted().toList(), asked);
        emulator.requests().forEach(r -> assertEquals(
                "/serving-endpoints/" + DATABRICKS_ENDPOINT + "/invocations", r.path()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
