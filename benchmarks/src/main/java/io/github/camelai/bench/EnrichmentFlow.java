package io.github.camelai.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One enrichment route in a JVM of its own, so its threads and heap are its own: loads a YAML route, runs it until
 * every question has an answer or a dead letter (or {@code --max-seconds} pass), and prints {@code RESULT} with the
 * counts, the time the route took from its start to its last record, and the peak threads and heap it used.
 * <p>
 * {@code EnrichmentFlow --route FILE --brokers B --host URL --questions N --suffix S --max-seconds T [--prop k=v ...]}
 */
public final class EnrichmentFlow {

    public record Result(String route, long answers, long deadLetters, long distinctKeys, double seconds, int peakThreads,
                         double peakHeapMb) {
    }

    private EnrichmentFlow() {
    }

    public static void main(String[] argv) throws Exception {
        // a log line per answer would measure the console, not the flow
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Args args = new Args(argv);
        String route = args.string("route", null);
        String brokers = args.string("brokers", null);
        String suffix = args.string("suffix", "");
        int questions = args.integer("questions", 2000);
        double maxSeconds = args.decimal("max-seconds", 120);

        Properties p = new Properties();
        p.setProperty("kafka.brokers", brokers);
        p.setProperty("kafka.questionsTopic", "questions" + suffix);
        p.setProperty("kafka.answersTopic", "answers" + suffix);
        p.setProperty("kafka.deadLetterTopic", "questions.dlt" + suffix);
        p.setProperty("kafka.pollTimeoutMs", "200");
        p.setProperty("databricks.host", args.string("host", null));
        p.setProperty("databricks.token", "bench-token");
        p.setProperty("databricks.chatEndpoint", "bench-model");
        for (int i = 0; i < argv.length - 1; i++) {
            if ("--prop".equals(argv[i])) {
                String[] kv = argv[i + 1].split("=", 2);
                p.setProperty(kv[0], kv[1]);
            }
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 50, TimeUnit.MILLISECONDS);

        Set<String> keys = new HashSet<>();
        long answers = 0;
        long dead = 0;
        long lastRecord = 0;
        try (KafkaConsumer<String, String> results = consumer(brokers)) {
            results.subscribe(List.of("answers" + suffix, "questions.dlt" + suffix));
            results.poll(Duration.ofMillis(100));
            threads.resetPeakThreadCount();
            CamelContext camel = new DefaultCamelContext();
            camel.getPropertiesComponent().setInitialProperties(p);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("enrichment.yaml",
                    Files.readString(Path.of(route))));
            long start = System.currentTimeMillis();
            camel.start();
            long deadline = start + (long) (maxSeconds * 1000);
            while (keys.size() < questions && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : results.poll(Duration.ofMillis(100))) {
                    if (r.topic().startsWith("answers")) {
                        answers++;
                    } else {
                        dead++;
                    }
                    keys.add(r.key());
                    lastRecord = Math.max(lastRecord, r.timestamp());
                }
            }
            long end = keys.size() < questions ? System.currentTimeMillis() : lastRecord;
            int peakThreads = threads.getPeakThreadCount();
            camel.stop();
            sampler.shutdownNow();
            Result result = new Result(Path.of(route).getFileName().toString(), answers, dead, keys.size(),
                    (end - start) / 1000.0, peakThreads, peakHeap.get() / 1048576.0);
            System.out.println("RESULT " + io.github.camelai.llm.support.LlmJson.MAPPER.writeValueAsString(result));
        }
        System.exit(0);
    }

    private static KafkaConsumer<String, String> consumer(String brokers) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }
}
