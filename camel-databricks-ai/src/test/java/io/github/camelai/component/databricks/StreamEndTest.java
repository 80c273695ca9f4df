package io.github.camelai.component.databricks;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import io.github.camelai.llm.error.LlmStreamException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream that closes cleanly without proving the model finished ({@code [DONE]} or a finish reason for chat and
 * completions, {@code response.completed} for Responses) fails with {@link LlmStreamException}, whatever the
 * streamOutput, instead of passing a truncated answer as a whole one.
 */
class StreamEndTest extends DatabricksTestSupport {

    static final String CHAT_CUT = """
            data: {"id":"s1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}

            data: {"id":"s1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo"}}]}

            """;

    static final String COMPLETION_CUT = """
            data: {"id":"k1","object":"text_completion","choices":[{"index":0,"text":"Hel","finish_reason":null}]}

            """;

    static final String RESPONSES_CUT = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"r","status":"in_progress"}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"m","output_index":0,"content_index":0,"delta":"Hel"}

            """;

    static final String RESPONSES_COMPLETED = """
            event: response.completed
            data: {"type":"response.completed","sequence_number":2,"response":{"id":"r","object":"response","status":"completed","output":[{"type":"message","id":"m","role":"assistant","content":[{"type":"output_text","text":"Hel"}]}]}}

            """;

    static final String MESSAGE = "the stream ended before the model finished";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "chat,iterator", "chat,aggregate", "chat,sse", "completion,iterator", "completion,aggregate",
            "completion,sse", "responses,iterator", "responses,aggregate", "responses,sse",
            "responses-done,iterator", "responses-done,aggregate", "responses-done,sse" })
    void aStreamThatEndsWithoutProofFails(String operation, String output) throws Exception {
        String body = switch (operation) {
            case "chat" -> CHAT_CUT;
            case "completion" -> COMPLETION_CUT;
            case "responses" -> RESPONSES_CUT;
            // [DONE] is no proof for the Responses API: only response.completed is
            default -> RESPONSES_CUT + "data: [DONE]\n\n";
        };
        String op = operation.startsWith("responses") ? "responses" : operation;
        wm.stubFor(post(urlEqualTo(op.equals("responses") ? StreamingTest.RESPONSES : StreamingTest.CHAT))
                .willReturn(StreamingTest.sse(body)));
        Exchange out = run(op, output);
        if (output.equals("sse")) {
            String events = out.getMessage().getBody(String.class);
            assertTrue(events.contains(MESSAGE), events);
            assertTrue(events.contains("\"type\":\"LlmStreamException\""), events);
            assertFalse(events.endsWith("data: [DONE]\n\n"), events);
            return;
        }
        LlmStreamException e = assertInstanceOf(LlmStreamException.class, out.getException());
        assertTrue(e.getMessage().contains(MESSAGE), e.getMessage());
        assertTrue(e.getBytesReceived() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "iterator", "aggregate", "sse" })
    void responsesCompletedIsEnough(String output) throws Exception {
        wm.stubFor(post(urlEqualTo(StreamingTest.RESPONSES)).willReturn(StreamingTest.sse(RESPONSES_CUT + RESPONSES_COMPLETED)));
        Exchange out = run("responses", output);
        assertNull(out.getException());
        if (output.equals("aggregate")) {
            assertEquals("Hel", out.getMessage().getBody());
        }
    }

    /** Sends one prompt through a route that reads the answer as a user would for that streamOutput. */
    private Exchange run(String operation, String output) throws Exception {
        String model = operation.equals("responses") ? "databricks-gpt-5" : "my-llm";
        String from = "direct:" + operation + output;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(uri(operation, "model=" + model + "&streaming=true&maxRetries=0&streamOutput=" + output))
                        .process(e -> {
                            Object body = e.getMessage().getBody();
                            if (body instanceof Iterator<?> it) {
                                it.forEachRemaining(x -> {
                                });
                            } else if (body instanceof InputStream in) {
                                e.getMessage().setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            }
                        });
            }
        });
        return send(from, "Hi");
    }
}
