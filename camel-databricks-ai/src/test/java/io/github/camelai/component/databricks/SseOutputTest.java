package io.github.camelai.component.databricks;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streamOutput=sse}: the body is an {@code InputStream} of events written as the model streams. The stand-in
 * model sends two chunks and then holds the rest of its answer until the route has read the first event; had the
 * answer been buffered anywhere, the route would see nothing until the model gave up waiting, and the test fails.
 */
class SseOutputTest extends DatabricksTestSupport {

    static final String CHUNK = "data: {\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"%s\"}%s}]}\n\n";

    HttpServer model;
    final CountDownLatch routeReadFirstEvent = new CountDownLatch(1);
    final AtomicBoolean modelFinished = new AtomicBoolean();
    final AtomicBoolean modelReleasedByTheRoute = new AtomicBoolean();
    final AtomicBoolean modelFinishedBeforeFirstEvent = new AtomicBoolean(true);
    final List<String> events = new ArrayList<>();

    @Override
    RouteBuilder routes() throws Exception {
        model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext("/serving-endpoints/my-llm/invocations", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write((CHUNK.formatted("Hel", "") + CHUNK.formatted("lo", "")).getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                modelReleasedByTheRoute.set(routeReadFirstEvent.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write((CHUNK.formatted(" world", ",\"finish_reason\":\"stop\"") + "data: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            modelFinished.set(true);
            out.close();
        });
        model.start();
        env.put("DATABRICKS_TOKEN", TOKEN);
        String host = "http://127.0.0.1:" + model.getAddress().getPort();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat")
                        .to("databricks-ai:chat?model=my-llm&streaming=true&streamOutput=sse&host=" + host)
                        .process(e -> {
                            assertEquals("text/event-stream", e.getMessage().getHeader(Exchange.CONTENT_TYPE));
                            InputStream body = assertInstanceOf(InputStream.class, e.getMessage().getBody());
                            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                            String line = reader.readLine();
                            modelFinishedBeforeFirstEvent.set(modelFinished.get());
                            routeReadFirstEvent.countDown();
                            while (line != null) {
                                if (!line.isEmpty()) {
                                    events.add(line);
                                }
                                line = reader.readLine();
                            }
                        });
            }
        };
    }

    @AfterEach
    void stopModel() {
        routeReadFirstEvent.countDown();
        model.stop(0);
    }

    @Test
    void eventsAreReadableWhileTheModelIsStillAnswering() throws Exception {
        Exchange out = send("direct:chat", "Hi");

        assertNull(out.getException());
        assertFalse(modelFinishedBeforeFirstEvent.get(), "the first event must be readable while the model answers");
        assertTrue(modelReleasedByTheRoute.get(), "the model waited for the route's first event in vain");
        assertEquals(4, events.size(), events.toString());
        assertEquals("Hel", text(events.get(0)));
        assertEquals("lo", text(events.get(1)));
        assertEquals(" world", text(events.get(2)));
        assertEquals("stop", LlmJson.MAPPER.readTree(events.get(2).substring(6)).at("/choices/0/finish_reason").asText());
        assertEquals("data: [DONE]", events.get(3));
    }

    static String text(String event) throws Exception {
        assertTrue(event.startsWith("data: {"), event);
        return LlmJson.MAPPER.readTree(event.substring(6)).at("/choices/0/delta/content").asText();
    }
}
