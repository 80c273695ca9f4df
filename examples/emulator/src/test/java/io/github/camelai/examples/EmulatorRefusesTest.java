package io.github.camelai.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator refuses what the services refuse, so a route's mistake shows in its tests: unknown paths, a wrong
 * credential, a Baseten URL without its {@code /v1}. Runs through {@link LlmEmulatorExtension}, which it tests too.
 */
class EmulatorRefusesTest {

    @RegisterExtension
    static LlmEmulatorExtension emulator = LlmEmulatorExtension.create().withCredential("the-key");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> post(String path, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConfiguredCredentialIsAcceptedAsApiKeyOrBearer() throws Exception {
        assertEquals(200, post("/v1/chat/completions", CHAT, "Api-Key the-key").statusCode());
        assertEquals(200, post("/serving-endpoints/e/invocations", CHAT, "Bearer the-key").statusCode());
        assertEquals(200, post("/environments/production/sync/v1/chat/completions", CHAT, "Bearer the-key").statusCode());
    }

    @Test
    void anyOtherCredentialIs401InTheServicesShapeWithoutEchoingIt() throws Exception {
        HttpResponse<String> baseten = post("/v1/chat/completions", CHAT, "Api-Key wrong-key");
        assertEquals(401, baseten.statusCode());
        assertTrue(JSON.readTree(baseten.body()).at("/error/message").asText().startsWith("Invalid API key"), baseten.body());
        assertFalse(baseten.body().contains("wrong-key"), baseten.body());

        HttpResponse<String> databricks = post("/serving-endpoints/e/invocations", CHAT, "Bearer wrong-key");
        assertEquals(401, databricks.statusCode());
        assertEquals("UNAUTHENTICATED", JSON.readTree(databricks.body()).get("error_code").asText());
        assertEquals(401, post("/v1/chat/completions", CHAT, "the-key").statusCode(), "no scheme");
    }

    @Test
    void oauthNeedsTheConfiguredSecretAndItsTokensAreAccepted() throws Exception {
        String wrong = "Basic " + Base64.getEncoder().encodeToString("id:nope".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post("/oidc/v1/token", "", wrong).statusCode());

        String right = "Basic " + Base64.getEncoder().encodeToString("id:the-key".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = post("/oidc/v1/token", "", right);
        assertEquals(200, token.statusCode());
        String issued = JSON.readTree(token.body()).get("access_token").asText();
        assertEquals(200, post("/serving-endpoints/e/invocations", CHAT, "Bearer " + issued).statusCode());
    }

    @Test
    void aBasetenBaseUrlWithoutV1Is404WithTheFix() throws Exception {
        HttpResponse<String> r = post("/chat/completions", CHAT, "Api-Key the-key");
        assertEquals(404, r.statusCode());
        String message = JSON.readTree(r.body()).at("/error/message").asText();
        assertTrue(message.contains("a baseUrl ends with /v1 (this call would be /v1/chat/completions)"), message);

        HttpResponse<String> dedicated = post("/environments/production/sync/chat/completions", CHAT, "Api-Key the-key");
        assertEquals(404, dedicated.statusCode());
        assertTrue(JSON.readTree(dedicated.body()).at("/error/message").asText()
                .contains("this call would be /environments/production/sync/v1/chat/completions"), dedicated.body());

        HttpResponse<String> noSync = post("/deployment/abc/chat/completions", CHAT, "Api-Key the-key");
        assertEquals(404, noSync.statusCode());
        assertTrue(JSON.readTree(noSync.body()).at("/error/message").asText()
                .contains("this call would be /deployment/abc/sync/v1/chat/completions"), noSync.body());
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertEquals(404, post("/v2/chat/completions", CHAT, "Api-Key the-key").statusCode());
        assertEquals(404, post("/predict", "{\"x\":1}", "Api-Key the-key").statusCode(), "predict needs a target");
        assertEquals(404, post("/staging/predict", "{\"x\":1}", "Api-Key the-key").statusCode());
        assertEquals(404, post("/serving-endpoints/e/infer", CHAT, "Bearer the-key").statusCode());
        assertEquals(200, post("/environments/production/predict", "{\"x\":\"a\"}", "Api-Key the-key").statusCode());
        assertEquals(200, post("/deployment/abc123/predict", "{\"x\":\"a\"}", "Api-Key the-key").statusCode());
    }

    @Test
    void theExtensionRecordsThisTestsRequestsAndPointsTheComponentsAtTheEmulator() throws Exception {
        assertTrue(emulator.requests().isEmpty(), "forgotten before each test: " + emulator.requests());
        post("/v1/chat/completions", CHAT, "Api-Key the-key");
        JsonNode sent = emulator.lastRequest().json();
        assertEquals("hi", sent.at("/messages/0/content").asText());
        assertEquals(emulator.url(), emulator.properties().get("camel.component.databricks-ai.host"));
        assertEquals(emulator.url() + "/v1", emulator.properties().get("camel.component.baseten.baseUrl"));
        assertEquals("the-key", emulator.properties().get("camel.component.baseten.apiKey"));
        assertEquals("the-key", emulator.properties().get("camel.component.databricks-ai.token"));
        assertEquals(LocalLlmEmulator.DEFAULT_WEBHOOK_SECRET, emulator.webhookSecret());
    }
}
