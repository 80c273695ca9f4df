package io.github.camelai.examples;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.DATABRICKS_ENDPOINT;
import static io.github.camelai.examples.ExampleContexts.DATABRICKS_TOKEN;
import static io.github.camelai.examples.TestKafka.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/kafka-enrichment.yaml, loaded from the real file, against a real Kafka broker started in-process and a
 * chat service with a real latency: every question gets its answer or its dead letter, keyed as the question, and
 * the offsets are committed once the batch is done.
 */
class KafkaEnrichmentYamlTest {

    private static TestKafka kafka;
    private CamelContext context;
    private SlowChatService service;

    @BeforeAll
    static void startKafka() throws Exception {
        SlowChatService.skipUnderTrace();
        kafka = new TestKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void answersAreKeyedAsTheQuestionsAndRefusedQuestionsGoToTheDeadLetterTopic() throws Exception {
        Flow flow = flow("keyed", 200);
        Map<String, String> questions = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            questions.put("q" + i, (i % 25 == 7 ? SlowChatService.REFUSED_PREFIX : "") + "What is question number " + i + "?");
        }
        // refused by the component before any call
        questions.put("empty", "");
        kafka.produce(flow.questions, questions);
        start(flow, Map.of("kafka.maxPollRecords", "100"));

        long refused = questions.values().stream()
                .filter(q -> q.isEmpty() || q.startsWith(SlowChatService.REFUSED_PREFIX)).count();
        List<ConsumerRecord<String, String>> answers = kafka.awaitRecords(flow.answers,
                r -> r.size() >= questions.size() - refused, Duration.ofSeconds(60));
        List<ConsumerRecord<String, String>> deadLetters = kafka.awaitRecords(flow.deadLetters,
                r -> r.size() >= refused, Duration.ofSeconds(30));

        assertEquals(questions.size() - refused, answers.size());
        for (ConsumerRecord<String, String> answer : answers) {
            String question = questions.get(answer.key());
            assertNotNull(question, "an answer keyed " + answer.key() + " that no question has");
            assertEquals(SlowChatService.answerFor(question), answer.value());
            assertEquals(question, header(answer, "llm-question"));
            assertEquals(DATABRICKS_ENDPOINT, header(answer, "llm-model"));
            int prompt = SlowChatService.promptTokens(question);
            assertEquals(Integer.toString(prompt), header(answer, "llm-prompt-tokens"));
            assertEquals(Integer.toString(SlowChatService.COMPLETION_TOKENS), header(answer, "llm-completion-tokens"));
            assertEquals(Integer.toString(prompt + SlowChatService.COMPLETION_TOKENS), header(answer, "llm-total-tokens"));
            List<String> names = new ArrayList<>();
            answer.headers().forEach(h -> names.add(h.key()));
            assertTrue(names.stream().noneMatch(n -> n.startsWith("Camel") || n.startsWith("kafka.")), names.toString());
        }

        assertEquals(refused, deadLetters.size());
        for (ConsumerRecord<String, String> dead : deadLetters) {
            String question = questions.get(dead.key());
            assertNotNull(question, "a dead letter keyed " + dead.key() + " that no question has");
            assertEquals(question, dead.value());
            String error = header(dead, "llm-error");
            assertFalse(error.contains(DATABRICKS_TOKEN), error);
            if (question.isEmpty()) {
                assertEquals("IllegalArgumentException", header(dead, "llm-error-type"));
                assertTrue(error.contains("empty"), error);
                continue;
            }
            assertTrue(question.startsWith(SlowChatService.REFUSED_PREFIX), question);
            assertEquals("LlmBadRequestException", header(dead, "llm-error-type"));
            assertTrue(error.contains("400") && error.contains("The question was refused"), error);
        }

        // one call per question but the empty one: a 400 is not retried, and nothing was answered twice
        assertEquals(questions.size() - 1, service.calls());
        service.callsPerQuestion().forEach((q, calls) -> assertEquals(1, calls.get(), q));

        // every partition committed up to its end, not only the partition of each batch's last record
        assertEquals(kafka.endOffsets(flow.questions), awaitCommitted(flow, kafka.endOffsets(flow.questions)));
    }

    @Test
    void offsetsAreCommittedOnlyOnceTheWholeBatchIsAnswered() throws Exception {
        Flow flow = flow("commit", 2_500);
        Map<String, String> questions = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            questions.put("k" + i, "Is " + i + " a slow question?");
        }
        kafka.produce(flow.questions, questions);
        start(flow, Map.of());

        // while any answer of the batch is missing, nothing may be committed: the offsets are read first, so a
        // commit seen there means every answer was written before the count is read
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int samplesWithAnswersMissing = 0;
        long answered = 0;
        while (answered < questions.size() && System.nanoTime() < deadline) {
            Map<Integer, Long> committed = kafka.committed(flow.group, flow.questions);
            answered = kafka.count(flow.answers);
            if (!committed.isEmpty()) {
                assertEquals(questions.size(), answered, "committed " + committed + " with answers missing");
            }
            if (answered < questions.size() && service.peakInFlight() > 0) {
                samplesWithAnswersMissing++;
            }
            Thread.sleep(50);
        }
        assertTrue(samplesWithAnswersMissing > 0, "never looked while the batch's calls were in flight");
        assertTrue(service.peakInFlight() >= questions.size() / 2, "calls in flight together: " + service.peakInFlight());

        List<ConsumerRecord<String, String>> answers = kafka.awaitRecords(flow.answers,
                r -> r.size() >= questions.size(), Duration.ofSeconds(30));
        assertEquals(questions.size(), answers.size());
        assertEquals(kafka.endOffsets(flow.questions), awaitCommitted(flow, kafka.endOffsets(flow.questions)));
    }

    @Test
    void hundredsOfCallsAreInFlightWithFewThreads() throws Exception {
        // reduced size of the 2,000-question benchmark (docs/benchmarks.md); the example's defaults apply
        // 2 s per call: a loaded CI machine starts calls more slowly than it would on its own
        int count = 1_000;
        Flow flow = flow("inflight", 2_000);
        Map<String, String> questions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            questions.put("n" + i, "Question " + i);
        }
        kafka.produce(flow.questions, questions);
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long start = System.nanoTime();
        start(flow, Map.of());

        List<ConsumerRecord<String, String>> answers = kafka.awaitRecords(flow.answers,
                r -> r.size() >= count, Duration.ofSeconds(120));
        double seconds = (System.nanoTime() - start) / 1e9;
        int peakThreads = ManagementFactory.getThreadMXBean().getPeakThreadCount();
        System.out.printf("enrichment: %d answers in %.1f s (%.0f/s), peak %d calls in flight, %d threads before,"
                          + " peak %d%n", answers.size(), seconds, answers.size() / seconds, service.peakInFlight(),
                threadsBefore, peakThreads);

        assertEquals(count, answers.size());
        assertTrue(service.peakInFlight() >= 100, "peak calls in flight: " + service.peakInFlight());
        assertTrue(service.peakInFlight() <= 256, "maxConcurrentRequests caps the calls: " + service.peakInFlight());
        // one call at a time would take 2,000 s; at 256 in flight, about 8 s
        assertTrue(seconds < 90, "took " + seconds + " s");
    }

    @Test
    void aBatchWhoseAnswersCannotBeWrittenIsReadAgainNotSkipped() throws Exception {
        Flow flow = flow("unwritable", 100);
        // answers over the Kafka producer's max.request.size (1 MiB): every write fails at once, not retried
        service.padAnswers(1_050_000);
        Map<String, String> questions = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            questions.put("u" + i, "Can question " + i + " be written?");
        }
        kafka.produce(flow.questions, questions);
        start(flow, Map.of("kafka.maxPollRecords", "40"));

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.calls() <= questions.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // a failed batch is asked again; had the consumer gone on, each question would have been asked once
        assertTrue(service.calls() > questions.size(), "calls: " + service.calls());
        assertEquals(Map.of(), kafka.committed(flow.group, flow.questions), "committed while no answer was written");
        assertEquals(0, kafka.count(flow.answers));

        service.padAnswers(0);
        List<ConsumerRecord<String, String>> answers = kafka.awaitRecords(flow.answers,
                r -> r.stream().map(ConsumerRecord::key).distinct().count() >= questions.size(), Duration.ofSeconds(60));
        assertEquals(questions.keySet(), answers.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                "questions never answered: a failed batch was skipped");
        assertEquals(kafka.endOffsets(flow.questions), awaitCommitted(flow, kafka.endOffsets(flow.questions)));
    }

    private Map<Integer, Long> awaitCommitted(Flow flow, Map<Integer, Long> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<Integer, Long> committed = kafka.committed(flow.group, flow.questions);
        while (!committed.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            committed = kafka.committed(flow.group, flow.questions);
        }
        return committed;
    }

    private Flow flow(String name, long latencyMillis) throws Exception {
        service = new SlowChatService(latencyMillis);
        Flow flow = new Flow(name);
        kafka.createTopic(flow.questions, 4);
        kafka.createTopic(flow.answers, 4);
        kafka.createTopic(flow.deadLetters, 1);
        return flow;
    }

    private void start(Flow flow, Map<String, String> extra) throws Exception {
        Properties p = flow.properties(kafka, service);
        extra.forEach(p::setProperty);
        context = ExampleContexts.withYamlRoutes(p, "kafka-enrichment.yaml");
        context.start();
    }

    /** One test's topics and consumer group, so the tests do not see each other's records. */
    record Flow(String group, String questions, String answers, String deadLetters) {
        Flow(String name) {
            this("enrichment-" + name, name + ".questions", name + ".answers", name + ".questions.dlt");
        }

        Properties properties(TestKafka kafka, SlowChatService service) {
            Properties p = new Properties();
            p.setProperty("kafka.brokers", kafka.bootstrapServers());
            p.setProperty("kafka.groupId", group);
            p.setProperty("kafka.questionsTopic", questions);
            p.setProperty("kafka.answersTopic", answers);
            p.setProperty("kafka.deadLetterTopic", deadLetters);
            p.setProperty("kafka.pollTimeoutMs", "500");
            p.setProperty("databricks.host", service.url());
            p.setProperty("databricks.token", DATABRICKS_TOKEN);
            p.setProperty("databricks.chatEndpoint", DATABRICKS_ENDPOINT);
            return p;
        }
    }
}
