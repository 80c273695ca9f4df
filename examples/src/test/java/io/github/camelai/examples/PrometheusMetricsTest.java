package io.github.camelai.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/observability.md's Prometheus set-up, as written there: Camel Main with camel-micrometer-prometheus and the
 * management server; after one chat through routes/baseten-chat.yaml the GenAI meters are on /observe/metrics.
 */
class PrometheusMetricsTest {

    @Test
    void theGenAiMetersAreScrapedFromObserveMetrics() throws Exception {
        try (LocalLlmEmulator emulator = new LocalLlmEmulator().chunkDelay(0).start()) {
            int port = ExampleContexts.freePort();
            Main main = new Main();
            Map.of(
                    "baseten.model", ExampleContexts.BASETEN_MODEL,
                    "baseten.baseUrl", emulator.basetenBaseUrl(),
                    "baseten.apiKey", ExampleContexts.BASETEN_KEY,
                    "camel.main.routesIncludePattern", "classpath:routes/baseten-chat.yaml",
                    "camel.server.enabled", "false",
                    // what docs/observability.md tells users to set
                    "camel.metrics.enabled", "true",
                    "camel.management.enabled", "true",
                    "camel.management.metricsEnabled", "true",
                    "camel.management.port", Integer.toString(port))
                    .forEach(main::addOverrideProperty);
            main.start();
            try {
                String answer = main.getCamelContext().createProducerTemplate()
                        .requestBody("direct:baseten-chat", "what is apache camel?", String.class);
                assertEquals("WHAT IS APACHE CAMEL?", answer);

                HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/observe/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode());
                String text = scrape.body();
                String model = ExampleContexts.BASETEN_MODEL;
                assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{error_type=\"\","
                                         + "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"baseten\","
                                         + "gen_ai_request_model=\"" + model + "\",gen_ai_response_model=\"" + model
                                         + "\"} 1"), text);
                assertTrue(text.contains("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\","
                                         + "gen_ai_provider_name=\"baseten\",gen_ai_request_model=\"" + model + "\","
                                         + "gen_ai_response_model=\"" + model + "\",gen_ai_token_type=\"output\"} 4"),
                        text);
            } finally {
                main.stop();
            }
        }
    }
}
