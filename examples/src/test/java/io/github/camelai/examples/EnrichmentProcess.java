package io.github.camelai.examples;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.CamelContext;

/**
 * routes/kafka-enrichment.yaml alone in its own JVM, for the kill test: reads the route's properties from the
 * file named by the first argument, starts the route, prints {@value #STARTED} and runs until it is killed.
 */
public final class EnrichmentProcess {

    static final String STARTED = "enrichment route started";

    private EnrichmentProcess() {
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            properties.load(in);
        }
        CamelContext context = ExampleContexts.withYamlRoutes(properties, "kafka-enrichment.yaml");
        context.start();
        System.out.println(STARTED);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
