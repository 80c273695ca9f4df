package io.github.camelai.examples;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code routes/sse-chat.yaml} with a real HTTP client: the answer reaches the client event by event. The stand-in
 * model sends two chunks, then holds the rest of its answer until the client has read the first event; had anything
 * on the way (the component, stream caching, the HTTP server) buffered the answer, the client would see nothing until
 * the model gave up waiting, and the test fails.
 */
class SseChatYamlTest {

    static final String CHUNK = "data: {\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"%s\"}%s}]}\n\n";
    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer model;
    CamelContext context;
    int port;
    final CountDownLatch clientReadFirstEvent = new CountDownLatch(1);
    final AtomicBoolean modelFinished = new AtomicBoolean();
    final AtomicBoolean modelReleasedByTheClient = new AtomicBoolean();
    final List<String> requests = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext("/serving-endpoints/" + ExampleContexts.DATABRICKS_ENDPOINT + "/invocations", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write((CHUNK.formatted("Hel", "") + CHUNK.formatted("lo", "")).getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                modelReleasedByTheClient.set(clientReadFirstEvent.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write((CHUNK.formatted(" world", ",\"finish_reason\":\"stop\"") + "data: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            modelFinished.set(true);
            out.close();
        });
        model.start();
        Properties p = new Properties();
        p.setProperty("databricks.host", "http://127.0.0.1:" + model.getAddress().getPort());
        p.setProperty("databricks.token", ExampleContexts.DATABRICKS_TOKEN);
        p.setProperty("databricks.chatEndpoint", ExampleContexts.DATABRICKS_ENDPOINT);
        port = ExampleContexts.freePort();
        context = ExampleContexts.withYamlRoutes(p, "sse-chat.yaml");
        ExampleContexts.addHttpServer(context, port);
        context.start();
    }

    @AfterEach
    void stop() {
        clientReadFirstEvent.countDown();
        if (context != null) {
            context.stop();
        }
        model.stop(0);
    }

    @Test
    void eventsReachTheClientWhileTheModelIsStillAnswering() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/chat?q=Say%20hello")).header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(null));
        assertFalse(response.headers().firstValue("q").isPresent(), "request headers must not come back");
        List<String> events = new ArrayList<>();
        boolean finishedBeforeFirstEvent;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            finishedBeforeFirstEvent = modelFinished.get();
            clientReadFirstEvent.countDown();
            while (line != null) {
                if (!line.isEmpty()) {
                    events.add(line);
                }
                line = reader.readLine();
            }
        }

        assertFalse(finishedBeforeFirstEvent, "the first event must reach the client while the model is answering");
        assertTrue(modelReleasedByTheClient.get(), "the model waited for the client's first event in vain");
        assertEquals(List.of("Hel", "lo", " world"), events.subList(0, 3).stream().map(SseChatYamlTest::text).toList());
        assertEquals("data: [DONE]", events.get(3));
        assertEquals(4, events.size(), events.toString());
        JsonNode sent = JSON.readTree(requests.get(0));
        assertTrue(sent.get("stream").asBoolean());
        assertEquals("Say hello", sent.at("/messages/0/content").asText());
    }

    @Test
    void thePageReadsTheStreamWithEventSource() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("new EventSource('/chat?q='"), page.body());
    }

    static String text(String event) {
        assertTrue(event.startsWith("data: {"), event);
        try {
            return JSON.readTree(event.substring(6)).at("/choices/0/delta/content").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
