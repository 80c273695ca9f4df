package io.github.camelai.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What really commits a batch in camel-kafka 4.18, against a real broker: the reason kafka-enrichment.yaml commits
 * the way it does. Each case consumes 200 records of a 4-partition topic as batches, commits the way the case
 * says, and the group's committed offsets are read back. If a Camel upgrade changes one of these, the route and
 * docs/enrichment.md should be looked at again.
 */
class KafkaBatchCommitTest {

    private static final int RECORDS = 200;

    private static TestKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        SlowChatService.skipUnderTrace();
        kafka = new TestKafka();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void committingTheBatchHeaderCommitsOnlyThePartitionOfTheLastRecord() throws Exception {
        // the camel-kafka docs' way: the batch's CamelKafkaManualCommit header is the last record's
        Map<Integer, Long> committed = consume("last", "", """
                - script:
                    simple: "${header.CamelKafkaManualCommit.commit()}"
                """);
        Map<Integer, Long> end = kafka.endOffsets("last");
        System.out.println("batch header commit: committed " + committed + " of " + end);
        assertNotEquals(end, committed, "every partition committed");
        assertTrue(committed.size() < 4, "partitions committed: " + committed);
    }

    @Test
    void theAsyncCommitFactoryNeverSendsTheOffsetsOfABatch() throws Exception {
        Map<Integer, Long> committed = consume("async",
                "kafkaManualCommitFactory: \"#class:org.apache.camel.component.kafka.consumer.DefaultKafkaManualAsyncCommitFactory\"",
                PER_PARTITION);
        assertEquals(Map.of(), committed);
    }

    @Test
    void theDefaultSyncFactoryCommittingEachPartitionsLastRecordCommitsTheBatch() throws Exception {
        // what kafka-enrichment.yaml does
        Map<Integer, Long> committed = consume("sync", "", PER_PARTITION);
        assertEquals(kafka.endOffsets("sync"), committed);
    }

    private static final String PER_PARTITION = """
            - setProperty:
                name: lastCommitOfPartition
                simple: "${newEmpty(map)}"
            - split:
                simple: "${body}"
                steps:
                  - setBody:
                      simple: "${body.getMessage().getHeader('CamelKafkaManualCommit')}"
                  - script:
                      simple: "${exchangeProperty.lastCommitOfPartition.put(${body.partition}, ${body})}"
            - split:
                simple: "${exchangeProperty.lastCommitOfPartition.values()}"
                steps:
                  - script:
                      simple: "${body.commit()}"
            """;

    /** Runs a batching consumer whose route commits with {@code commitSteps}; returns the committed offsets. */
    private static Map<Integer, Long> consume(String topic, String extraOption, String commitSteps) throws Exception {
        kafka.createTopic(topic, 4);
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            records.put("k" + i, "v" + i);
        }
        kafka.produce(topic, records);

        String yaml = """
                - route:
                    from:
                      uri: "kafka:%s"
                      parameters:
                        brokers: "%s"
                        groupId: "commit-%s"
                        autoOffsetReset: earliest
                        batching: true
                        maxPollRecords: 500
                        pollTimeoutMs: 500
                        allowManualCommit: true
                        autoCommitEnable: false
                        %s
                      steps:
                %s
                        - to: mock:batches
                """.formatted(topic, kafka.bootstrapServers(), topic, extraOption,
                commitSteps.indent(8).stripTrailing());
        CamelContext context = new DefaultCamelContext();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("commit.yaml", yaml));
            context.start();
            MockEndpoint batches = context.getEndpoint("mock:batches", MockEndpoint.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received(batches) < RECORDS && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(RECORDS, received(batches));
            // the consumer's next loops run (an async commit would be sent there), then the offsets are read
            Thread.sleep(2_000);
            return kafka.committed("commit-" + topic, topic);
        } finally {
            context.stop();
        }
    }

    private static int received(MockEndpoint batches) {
        return batches.getExchanges().stream().mapToInt(e -> e.getMessage().getBody(List.class).size()).sum();
    }
}
