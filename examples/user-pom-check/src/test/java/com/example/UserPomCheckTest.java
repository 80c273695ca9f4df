package com.example;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.json.PackageVersion;
import io.github.camelai.examples.LocalLlmEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs this application on the classpath Maven resolved for its pom (no parent, the Camel BOM, platform-http on
 * Vert.x): a webhook delivery, async-status and a tool loop, each of which reads JSON with the components' Jackson.
 * With jackson-core older than jackson-databind they fail with {@code NoSuchMethodError}.
 */
class UserPomCheckTest {

    LocalLlmEmulator emulator;
    Main main;
    CamelContext context;

    @BeforeEach
    void start() throws Exception {
        emulator = new LocalLlmEmulator().start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        main = new Main();
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("baseten.modelUrl", emulator.basetenModelUrl());
        main.addOverrideProperty("baseten.apiKey", "emulator-key");
        main.addOverrideProperty("baseten.webhookUrl", "http://localhost:" + port + "/baseten/results");
        main.addOverrideProperty("baseten.webhookSecret", LocalLlmEmulator.DEFAULT_WEBHOOK_SECRET);
        main.addOverrideProperty("databricks.host", emulator.url());
        main.addOverrideProperty("databricks.token", "dapi-emulator-token");
        main.start();
        context = main.getCamelContext();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        emulator.close();
    }

    @Test
    void jacksonCoreIsTheVersionJacksonDatabindNeeds() {
        assertEquals(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion(),
                PackageVersion.VERSION.getMinorVersion(),
                "jackson-core " + PackageVersion.VERSION + " under jackson-databind "
                                                          + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    }

    @Test
    void aWebhookDeliveryReachesTheRouteAndAsyncStatusReadsTheAnswer() throws Exception {
        Exchange submitted = context.createProducerTemplate().request("direct:submit",
                e -> e.getMessage().setBody(Map.of("prompt", "hello")));
        assertNull(submitted.getException());
        String requestId = submitted.getMessage().getBody(String.class);

        Exchange result = context.createConsumerTemplate().receive("seda:results", 10_000);
        assertNotNull(result, "no webhook delivery reached the route");
        assertEquals(requestId, result.getMessage().getHeader("CamelBasetenAsyncRequestId"));
        assertEquals(Map.of("output", Map.of("prompt", "HELLO")), result.getMessage().getBody(Map.class));
        assertEquals(200, emulator.awaitWebhookDeliveries(1, Duration.ofSeconds(5)).get(0).status());

        Exchange status = context.createProducerTemplate().request("direct:status",
                e -> e.getMessage().setBody(requestId));
        assertNull(status.getException());
        assertEquals("SUCCEEDED", status.getMessage().getHeader("CamelBasetenAsyncStatus"));
    }

    @Test
    void aToolLoopRunsTheRouteAndAnswers() {
        Exchange out = context.createProducerTemplate().request("direct:ask",
                e -> e.getMessage().setBody("What time is it in Paris?"));
        assertNull(out.getException());
        assertEquals(1, out.getMessage().getHeader("CamelDatabricksAiToolIterations", Integer.class));
        List<LocalLlmEmulator.RecordedRequest> requests = emulator.requests();
        assertEquals(2, requests.size());
        assertTrue(requests.get(1).body().contains("Local time: 10:30"), requests.get(1).body());
    }
}
