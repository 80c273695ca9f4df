package io.github.camelai.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.DATABRICKS_ENDPOINT;
import static io.github.camelai.examples.ExampleContexts.DATABRICKS_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At-least-once, proven the hard way: routes/kafka-enrichment.yaml runs in a second JVM, is killed
 * ({@code kill -9}: no shutdown, no last commit) twice in the middle of the run and started again, and in the end
 * every question has its answer or its dead letter. The questions answered twice (the batch in progress at each
 * kill) are counted and must stay within one batch per kill.
 */
class KafkaEnrichmentKillTest {

    private static final int QUESTIONS = 400;
    private static final int MAX_POLL_RECORDS = 100;
    /** The route is killed once this many questions have their answer or dead letter, then once more. */
    private static final int[] KILL_AFTER = {120, 260};

    @Test
    void everyQuestionIsAnsweredOrDeadLetteredAcrossKills() throws Exception {
        SlowChatService.skipUnderTrace();
        Path dir = Files.createDirectories(Path.of("target", "kill-test"));
        try (TestKafka kafka = new TestKafka(); SlowChatService service = new SlowChatService(300)) {
            kafka.createTopic("kill.questions", 4);
            kafka.createTopic("kill.answers", 4);
            kafka.createTopic("kill.questions.dlt", 1);
            Map<String, String> questions = new LinkedHashMap<>();
            for (int i = 0; i < QUESTIONS; i++) {
                questions.put("q" + i, (i % 40 == 3 ? SlowChatService.REFUSED_PREFIX : "") + "Question " + i + "?");
            }
            kafka.produce("kill.questions", questions);

            Path config = dir.resolve("enrichment.properties");
            Properties p = new Properties();
            p.setProperty("kafka.brokers", kafka.bootstrapServers());
            p.setProperty("kafka.groupId", "enrichment-kill");
            p.setProperty("kafka.questionsTopic", "kill.questions");
            p.setProperty("kafka.answersTopic", "kill.answers");
            p.setProperty("kafka.deadLetterTopic", "kill.questions.dlt");
            p.setProperty("kafka.maxPollRecords", Integer.toString(MAX_POLL_RECORDS));
            p.setProperty("kafka.pollTimeoutMs", "500");
            // the restarted route gets the killed one's partitions after this, not after the default 45 s
            p.setProperty("kafka.sessionTimeoutMs", "10000");
            p.setProperty("databricks.host", service.url());
            p.setProperty("databricks.token", DATABRICKS_TOKEN);
            p.setProperty("databricks.chatEndpoint", DATABRICKS_ENDPOINT);
            try (OutputStream out = Files.newOutputStream(config)) {
                p.store(out, "kill test");
            }

            List<String> killedAt = new ArrayList<>();
            for (int run = 0; run < KILL_AFTER.length; run++) {
                Process route = startRoute(config, dir.resolve("run" + run + ".log"));
                int threshold = KILL_AFTER[run];
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                long done = 0;
                while (done < threshold && System.nanoTime() < deadline && route.isAlive()) {
                    Thread.sleep(50);
                    done = kafka.count("kill.answers") + kafka.count("kill.questions.dlt");
                }
                assertTrue(route.isAlive(), "the route's JVM ended by itself; see " + dir.resolve("run" + run + ".log"));
                route.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                killedAt.add(done + " records out, committed " + kafka.committed("enrichment-kill", "kill.questions"));
            }

            Process last = startRoute(config, dir.resolve("run" + KILL_AFTER.length + ".log"));
            try {
                List<ConsumerRecord<String, String>> out = awaitEveryKey(kafka, questions.keySet());
                Set<String> keys = new HashSet<>();
                out.forEach(r -> keys.add(r.key()));
                assertEquals(questions.keySet(), keys, "questions without an answer or a dead letter");

                Map<String, Integer> records = new HashMap<>();
                out.forEach(r -> records.merge(r.key(), 1, Integer::sum));
                long duplicated = records.values().stream().filter(n -> n > 1).count();
                int extraRecords = out.size() - QUESTIONS;
                int extraCalls = service.calls() - QUESTIONS;
                System.out.printf("kill test: %d questions, batches of %d on 4 partitions, killed %d times (%s);"
                                  + " %d records for %d questions (%d questions written twice), %d calls made again%n",
                        QUESTIONS, MAX_POLL_RECORDS, KILL_AFTER.length, killedAt, out.size(), QUESTIONS, duplicated,
                        extraCalls);
                // at most the batch in progress is replayed at each kill
                assertTrue(extraRecords <= KILL_AFTER.length * MAX_POLL_RECORDS, "records written twice: " + extraRecords);
                assertTrue(extraCalls <= KILL_AFTER.length * MAX_POLL_RECORDS, "calls made again: " + extraCalls);
                // a killed batch is never committed, so each kill replays something (or the test killed nothing)
                assertTrue(extraCalls > 0, "no call was made twice: the kills landed outside every batch");
            } finally {
                last.destroy();
                last.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<ConsumerRecord<String, String>> awaitEveryKey(TestKafka kafka, Set<String> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<ConsumerRecord<String, String>> out = all(kafka);
        while (System.nanoTime() < deadline && !out.stream().map(ConsumerRecord::key).toList().containsAll(expected)) {
            Thread.sleep(200);
            out = all(kafka);
        }
        // let the route's last batch commit, then read everything once more
        Thread.sleep(1_000);
        return all(kafka);
    }

    private static List<ConsumerRecord<String, String>> all(TestKafka kafka) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>(kafka.readAll("kill.answers"));
        out.addAll(kafka.readAll("kill.questions.dlt"));
        return out;
    }

    /** The route in a JVM of its own, started from this test's class path; returns once the route runs. */
    private static Process startRoute(Path config, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EnrichmentProcess.class.getName(), config.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(EnrichmentProcess.STARTED)) {
                return process;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("the route's JVM did not start; its output:\n" + Files.readString(log));
    }
}
