package io.github.camelai.llm.vertx;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain route, {@code platform-http} to a chat with {@code streamOutput=sse} and nothing else, with a real HTTP
 * client: the stand-in model dribbles its answer over {@link #ANSWER_MILLIS}, and the first event must reach the
 * client long before the answer ends. Without this module, Vert.x platform-http holds the events until 16 KiB or
 * the end of the answer, and the first event arrives with the last.
 */
class SseWithoutRelayTest {

    static final int EVENTS = 10;
    static final int ANSWER_MILLIS = 5000;

    WireMockServer model;
    CamelContext context;
    int port;

    @BeforeEach
    void start() throws Exception {
        model = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        model.start();
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            sse.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                       + "{\"content\":\"word").append(i).append(" \"}}]}\n\n");
        }
        sse.append("data: [DONE]\n\n");
        model.stubFor(post(urlPathMatching(".*/(invocations|chat/completions)")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(sse.toString())
                .withChunkedDribbleDelay(EVENTS, ANSWER_MILLIS)));

        context = new DefaultCamelContext();
        port = PlatformHttpServer.addTo(context);
        String databricks = "databricks-ai:chat?model=chat-model&host=http://127.0.0.1:" + model.port()
                            + "&token=dapi-test&streaming=true&streamOutput=sse";
        String baseten = "baseten:chat?model=m&baseUrl=http://127.0.0.1:" + model.port() + "/v1&apiKey=k"
                         + "&streaming=true&streamOutput=sse";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/databricks").to(databricks);
                from("platform-http:/baseten").to(baseten);
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        model.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = { "databricks", "baseten" })
    void theFirstEventArrivesWhileTheModelIsStillAnswering(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/" + path)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("Say ten words")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(null));

        List<String> events = new ArrayList<>();
        long firstEventMillis = -1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    if (firstEventMillis < 0) {
                        firstEventMillis = (System.nanoTime() - sent) / 1_000_000;
                    }
                    events.add(line);
                }
            }
        }
        long allMillis = (System.nanoTime() - sent) / 1_000_000;

        assertEquals(EVENTS + 1, events.size(), events.toString());
        assertTrue(events.get(0).contains("word0"), events.get(0));
        assertEquals("data: [DONE]", events.get(EVENTS));
        assertTrue(allMillis >= ANSWER_MILLIS - 1000, "the stand-in dribbles for " + ANSWER_MILLIS + " ms: " + allMillis);
        // generous: the first event is due after about a tenth of the answer
        assertTrue(firstEventMillis < allMillis - 2000, "first event after " + firstEventMillis + " ms, the last after "
                                                        + allMillis + " ms: the events were held back");
    }
}
