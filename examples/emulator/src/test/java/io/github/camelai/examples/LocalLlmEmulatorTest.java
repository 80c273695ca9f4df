package io.github.camelai.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator itself, over plain HTTP: what the examples rely on it to answer. */
class LocalLlmEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalLlmEmulator emulator;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        emulator = new LocalLlmEmulator(0, "whsec_test").chunkDelay(0).webhookDelay(10).webhookRetryDelay(50).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

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
    void basetenChatAnswersTheLastUserMessageInUpperCaseWithUsage() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"m1\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                                                              + "{\"role\":\"user\",\"content\":\"hello there world\"}]}",
                "Api-Key k");
        assertEquals(200, r.statusCode());
        JsonNode out = JSON.readTree(r.body());
        assertEquals("chat.completion", out.get("object").asText());
        assertEquals("m1", out.get("model").asText());
        assertEquals("HELLO THERE WORLD", out.at("/choices/0/message/content").asText());
        assertEquals("stop", out.at("/choices/0/finish_reason").asText());
        assertEquals(5, out.at("/usage/prompt_tokens").asInt());
        assertEquals(3, out.at("/usage/completion_tokens").asInt());
        assertEquals(8, out.at("/usage/total_tokens").asInt());
        assertEquals("Api-Key k", emulator.requests().get(0).headers().get("authorization"));
    }

    @Test
    void missingAuthorizationIs401InEachServicesShape() throws Exception {
        HttpResponse<String> baseten = post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null);
        assertEquals(401, baseten.statusCode());
        assertTrue(JSON.readTree(baseten.body()).at("/error/message").asText().contains("Missing API key"));
        HttpResponse<String> databricks = post("/serving-endpoints/e/invocations",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null);
        assertEquals(401, databricks.statusCode());
        assertEquals("UNAUTHENTICATED", JSON.readTree(databricks.body()).get("error_code").asText());
    }

    @Test
    void basetenStreamEndsWithUsageChunkThenDone() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"one two\"}]}", "Api-Key k");
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(null));
        List<String> data = data(r.body());
        assertEquals("data: [DONE]", data.get(data.size() - 1));
        // role, "ONE", " TWO", finish, usage-only, [DONE]
        assertEquals(6, data.size());
        assertEquals("assistant", json(data.get(0)).at("/choices/0/delta/role").asText());
        assertEquals("ONE", json(data.get(1)).at("/choices/0/delta/content").asText());
        assertEquals(" TWO", json(data.get(2)).at("/choices/0/delta/content").asText());
        assertEquals("stop", json(data.get(3)).at("/choices/0/finish_reason").asText());
        assertEquals(0, json(data.get(4)).get("choices").size());
        assertEquals(4, json(data.get(4)).at("/usage/total_tokens").asInt());
    }

    @Test
    void databricksInvocationsChoosesTheOperationByBodyShape() throws Exception {
        HttpResponse<String> chat = post("/serving-endpoints/my-llm/invocations",
                "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a b\"}]}", "Bearer t");
        List<String> data = data(chat.body());
        assertEquals("data: [DONE]", data.get(data.size() - 1));
        JsonNode last = json(data.get(data.size() - 2));
        assertEquals("stop", last.at("/choices/0/finish_reason").asText());
        assertEquals(4, last.at("/usage/total_tokens").asInt());
        assertEquals("my-llm", last.get("model").asText());

        JsonNode completion = JSON.readTree(post("/serving-endpoints/c/invocations",
                "{\"prompt\":[\"x y\",\"z\"]}", "Bearer t").body());
        assertEquals("text_completion", completion.get("object").asText());
        assertEquals("X Y", completion.at("/choices/0/text").asText());
        assertEquals("Z", completion.at("/choices/1/text").asText());

        JsonNode embedding = JSON.readTree(post("/serving-endpoints/emb/invocations",
                "{\"input\":[\"x\",\"y\"]}", "Bearer t").body());
        assertEquals(2, embedding.get("data").size());
        assertEquals(8, embedding.at("/data/1/embedding").size());
        assertEquals(LocalLlmEmulator.embeddingOf("y")[3], embedding.at("/data/1/embedding/3").floatValue());
    }

    @Test
    void asyncPredictDeliversASignedWebhookAndRetriesOnce() throws Exception {
        BlockingQueue<String[]> received = new ArrayBlockingQueue<>(4);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] calls = { 0 };
        receiver.createContext("/hook", ex -> {
            try (InputStream in = ex.getRequestBody(); OutputStream out = ex.getResponseBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.add(new String[] { body, ex.getRequestHeaders().getFirst("X-BASETEN-SIGNATURE") });
                ex.sendResponseHeaders(calls[0]++ == 0 ? 503 : 200, -1);
            }
        });
        receiver.start();
        try {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> r = post("/environments/production/async_predict",
                    "{\"model_input\":{\"prompt\":\"ship it\"},\"webhook_endpoint\":\"" + hook + "\"}", "Api-Key k");
            assertEquals(201, r.statusCode());
            String requestId = JSON.readTree(r.body()).get("request_id").asText();

            String[] first = received.poll(5, TimeUnit.SECONDS);
            String[] second = received.poll(5, TimeUnit.SECONDS);
            assertNotNull(first);
            assertNotNull(second);
            assertEquals(first[0], second[0]);
            assertEquals("v1=" + LocalLlmEmulator.sign("whsec_test", first[0].getBytes(StandardCharsets.UTF_8)),
                    first[1]);
            JsonNode delivery = JSON.readTree(first[0]);
            assertEquals(requestId, delivery.get("request_id").asText());
            assertEquals("async_request_completed", delivery.get("type").asText());
            assertEquals("SHIP IT", delivery.at("/data/output/prompt").asText());
            assertEquals(LocalLlmEmulator.MODEL_ID, delivery.get("model_id").asText());
            assertNotNull(delivery.get("time").asText());

            long deadline = System.currentTimeMillis() + 5000;
            while (emulator.webhookDeliveries().size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(503, 200),
                    emulator.webhookDeliveries().stream().map(LocalLlmEmulator.WebhookDelivery::status).toList());

            HttpResponse<String> status = client.send(HttpRequest.newBuilder(
                    URI.create(emulator.url() + "/async_request/" + requestId)).header("Authorization", "Api-Key k").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("SUCCEEDED", JSON.readTree(status.body()).get("status").asText());
            assertEquals("SUCCEEDED", JSON.readTree(status.body()).get("webhook_status").asText());
        } finally {
            receiver.stop(0);
        }
    }

    private static List<String> data(String sse) {
        List<String> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line);
            }
        }
        return out;
    }

    private static JsonNode json(String dataLine) throws IOException {
        return JSON.readTree(dataLine.substring("data: ".length()));
    }
}
