package io.github.camelai.component.baseten;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import io.github.camelai.llm.error.LlmStreamException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream that closes cleanly with neither {@code [DONE]} nor a finish reason may be a truncated answer: it fails
 * with {@link LlmStreamException} for chat and completion, whatever the streamOutput.
 */
class BasetenStreamEndTest extends BasetenWireMockSupport {

    static final String CHAT_CUT = """
            data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":"The answer is"}}]}

            data: {"id":"c1","choices":[{"index":0,"delta":{"content":" forty"}}]}

            """;

    static final String COMPLETION_CUT = """
            data: {"id":"k1","object":"text_completion","choices":[{"index":0,"text":"The answer is","finish_reason":null}]}

            """;

    /** [DONE] alone proves the end. */
    static final String CHAT_DONE_ONLY = CHAT_CUT + "data: [DONE]\n\n";

    /** A finish reason alone proves it too (some servers close without [DONE]). */
    static final String CHAT_FINISH_ONLY = CHAT_CUT
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";

    static final String MESSAGE = "the stream ended before the model finished";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "chat,iterator", "chat,aggregate", "chat,sse", "completion,iterator", "completion,aggregate",
            "completion,sse" })
    void aStreamThatEndsWithoutProofFails(String operation, String output) throws Exception {
        String path = operation.equals("chat") ? "/environments/production/sync/v1/chat/completions"
                : "/environments/production/sync/v1/completions";
        stub(path, operation.equals("chat") ? CHAT_CUT : COMPLETION_CUT);
        Exchange out = run(operation, output);
        if (output.equals("sse")) {
            String events = out.getMessage().getBody(String.class);
            assertTrue(events.contains(MESSAGE), events);
            assertTrue(events.contains("\"type\":\"LlmStreamException\""), events);
            assertFalse(events.endsWith("data: [DONE]\n\n"), events);
            return;
        }
        LlmStreamException e = assertInstanceOf(LlmStreamException.class, out.getException());
        assertTrue(e.getMessage().contains(MESSAGE), e.getMessage());
        assertTrue(e.getMessage().startsWith("Stream broke after receiving " + e.getBytesReceived() + " bytes and "
                                             + e.getEventsReceived() + " event"), e.getMessage());
        assertEquals(operation.equals("chat") ? 2 : 1, e.getEventsReceived());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "done,iterator", "done,aggregate", "done,sse", "finish,iterator", "finish,aggregate", "finish,sse" })
    void doneOrAFinishReasonIsEnough(String proof, String output) throws Exception {
        stub("/environments/production/sync/v1/chat/completions", proof.equals("done") ? CHAT_DONE_ONLY : CHAT_FINISH_ONLY);
        Exchange out = run("chat", output);
        assertNull(out.getException());
        if (output.equals("aggregate")) {
            assertEquals("The answer is forty", out.getMessage().getBody());
        } else if (output.equals("sse")) {
            assertTrue(out.getMessage().getBody(String.class).endsWith("data: [DONE]\n\n"));
        }
    }

    private void stub(String path, String body) {
        wm.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(body)));
    }

    /** Sends one prompt through a route that reads the answer as a user would for that streamOutput. */
    private Exchange run(String operation, String output) throws Exception {
        String uri = "baseten:" + operation + "?model=m&streaming=true&maxRetries=0&streamOutput=" + output
                     + "&modelUrl=" + modelUrl();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + operation + output).to(uri).process(e -> {
                    Object body = e.getMessage().getBody();
                    if (body instanceof Iterator<?> it) {
                        int n = 0;
                        while (it.hasNext()) {
                            it.next();
                            n++;
                        }
                        e.getMessage().setBody(n);
                    } else if (body instanceof InputStream in) {
                        e.getMessage().setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                });
            }
        });
        return send("direct:" + operation + output, "Hi");
    }
}
