package io.github.camelai.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;
import io.github.camelai.examples.LocalLlmEmulator.WebhookDelivery;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.BASETEN_KEY;
import static io.github.camelai.examples.ExampleContexts.WEBHOOK_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/async-webhook.yaml: async-predict against the emulator, which then posts a signed delivery to the
 * baseten:webhook consumer served by platform-http (Vert.x) on a free port.
 */
class AsyncWebhookYamlTest {

    private LocalLlmEmulator emulator;
    private CamelContext context;
    private String webhookUrl;

    private void start(String emulatorSecret) throws Exception {
        emulator = new LocalLlmEmulator(0, emulatorSecret).webhookDelay(50).webhookRetryDelay(100).start();
        int port = ExampleContexts.freePort();
        webhookUrl = "http://127.0.0.1:" + port + "/baseten/results";
        Properties p = ExampleContexts.properties(emulator);
        p.setProperty("baseten.webhookUrl", webhookUrl);
        context = ExampleContexts.withYamlRoutes(p, "async-webhook.yaml");
        ExampleContexts.addHttpServer(context, port);
        context.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void theResultArrivesOnTheWebhookRoute() throws Exception {
        start(WEBHOOK_SECRET);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", "summarize the quarter");
        input.put("max_tokens", 64);
        Exchange submitted = context.createProducerTemplate().request("direct:async-predict",
                e -> e.getMessage().setBody(input));
        assertNull(submitted.getException());
        String requestId = submitted.getMessage().getBody(String.class);
        assertTrue(requestId.matches("req-\\d{8}"), requestId);

        RecordedRequest sent = emulator.requests().get(0);
        assertEquals("POST", sent.method());
        assertEquals("/environments/production/async_predict", sent.path());
        assertEquals("Api-Key " + BASETEN_KEY, sent.headers().get("authorization"));
        JsonNode body = sent.json();
        assertEquals(new ObjectMapper().valueToTree(input), body.get("model_input"));
        assertEquals(webhookUrl, body.get("webhook_endpoint").asText());

        ConsumerTemplate consumer = context.createConsumerTemplate();
        Exchange result = consumer.receive("seda:async-results", 10_000);
        assertNotNull(result, "no webhook result");
        Message m = result.getMessage();
        assertEquals(requestId, m.getHeader("CamelBasetenAsyncRequestId"));
        assertEquals(LocalLlmEmulator.MODEL_ID, m.getHeader("CamelBasetenModelId"));
        assertEquals(LocalLlmEmulator.DEPLOYMENT_ID, m.getHeader("CamelBasetenDeploymentId"));
        Map<?, ?> data = m.getBody(Map.class);
        assertEquals(Map.of("output", Map.of("prompt", "SUMMARIZE THE QUARTER", "max_tokens", 64)), data);

        // the consumer answered the (signed) delivery with 200, so the emulator did not retry
        List<WebhookDelivery> deliveries = emulator.awaitWebhookDeliveries(1, Duration.ofSeconds(5));
        assertEquals(1, deliveries.size());
        assertEquals(200, deliveries.get(0).status());
        assertEquals(requestId, deliveries.get(0).requestId());
        assertEquals(webhookUrl, deliveries.get(0).url());
        assertEquals("v1=" + LocalLlmEmulator.sign(WEBHOOK_SECRET, deliveries.get(0).body().getBytes(StandardCharsets.UTF_8)),
                deliveries.get(0).signature());
    }

    @Test
    void aDeliverySignedWithAnotherSecretIsRefusedBeforeTheRoute() throws Exception {
        start("whsec_someone_else");
        String requestId = context.createProducerTemplate().requestBody("direct:async-predict",
                Map.of("prompt", "forged"), String.class);

        List<WebhookDelivery> deliveries = emulator.awaitWebhookDeliveries(1, Duration.ofSeconds(5));
        assertEquals(1, deliveries.size());
        assertEquals(requestId, deliveries.get(0).requestId());
        assertEquals(401, deliveries.get(0).status());
        assertNull(context.createConsumerTemplate().receive("seda:async-results", 300));
    }
}
