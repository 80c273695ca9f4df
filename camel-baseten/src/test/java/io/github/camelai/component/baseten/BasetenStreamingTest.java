package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.github.camelai.llm.error.LlmRateLimitException;
import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.http.RawHttpServer;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streams shaped like Baseten's: cumulative usage on every chunk, a usage-only closing chunk, split tool calls. */
class BasetenStreamingTest extends BasetenWireMockSupport {

    static String chunk(String deltaJson, String finish, String usage) {
        return "data: {\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"served\","
               + "\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":"
               + (finish == null ? "null" : "\"" + finish + "\"") + "}]"
               + (usage == null ? "" : ",\"usage\":" + usage) + "}\n\n";
    }

    static String usage(int prompt, int completion) {
        return "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
               + (prompt + completion) + "}";
    }

    /** Text in three chunks, usage (cumulative) on each, then a usage-only chunk, then [DONE]. */
    static final String TEXT_STREAM = chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null, usage(4, 1))
                                      + chunk("{\"content\":\"lo \"}", null, usage(4, 2))
                                      + chunk("{\"content\":\"world\"}", "stop", usage(4, 3))
                                      + "data: {\"id\":\"s1\",\"object\":\"chat.completion.chunk\",\"model\":\"served\","
                                      + "\"choices\":[],\"usage\":" + usage(4, 3) + "}\n\n"
                                      + "data: [DONE]\n\n";

    /** TensorRT-LLM style: two deltas for tool-call index 0 in one event, each with its own id. */
    static final String TOOL_STREAM = chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                                            + "{\"index\":0,\"id\":\"call_A\",\"type\":\"function\",\"function\":"
                                            + "{\"name\":\"get_weather\",\"arguments\":\"\"}},"
                                            + "{\"index\":0,\"id\":\"call_B\",\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
            null, usage(10, 3))
                                      + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_C\",\"function\":"
                                              + "{\"arguments\":\"\\\"Paris\\\"}\"}}]}", "tool_calls", usage(10, 8))
                                      + "data: [DONE]\n\n";

    private int routes;

    /** Runs the endpoint in a route that reads the streamed iterator to the end while the exchange is live. */
    Exchange sendAndDrain(String uri, Object body) {
        String from = "direct:drain" + (routes++);
        try {
            context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from(from).to(uri).process(e -> {
                        Iterator<?> it = e.getMessage().getBody(Iterator.class);
                        List<Object> items = new ArrayList<>();
                        it.forEachRemaining(items::add);
                        e.getMessage().setBody(items);
                    });
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return send(from, body);
    }

    private void stubStream(String path, String body) {
        wm.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withChunkedDribbleDelay(4, 100).withBody(body)));
    }

    @SuppressWarnings("unchecked")
    private static List<ChatCompletionChunk> drain(Exchange out) {
        assertNull(out.getException());
        return out.getMessage().getBody(List.class);
    }

    @Test
    void iteratorReportsUsageOnceOnTheLastChunk() {
        stubStream("/v1/chat/completions", TEXT_STREAM);
        Exchange out = sendAndDrain("baseten:chat?model=m&streaming=true&baseUrl=" + baseUrl(), "Hi");
        List<ChatCompletionChunk> chunks = drain(out);
        assertEquals(3, chunks.size());
        assertEquals("Hello world", chunks.stream().map(ChatCompletionChunk::text).reduce("", String::concat));
        assertNull(chunks.get(0).getUsage());
        assertNull(chunks.get(1).getUsage());
        assertEquals(3, chunks.get(2).getUsage().getCompletionTokens());
        assertEquals(7, chunks.get(2).getUsage().getTotalTokens());
        assertEquals("stop", chunks.get(2).finishReason());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withRequestBody(equalToJson("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                                             + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    }

    @Test
    void aggregateGivesTheSameBodyAndHeadersAsNonStreamed() {
        stubStream("/v1/chat/completions", TEXT_STREAM);
        Exchange out = send("baseten:chat?model=m&streaming=true&streamOutput=aggregate&baseUrl=" + baseUrl(), "Hi");
        assertNull(out.getException());
        assertEquals("Hello world", out.getMessage().getBody());
        assertEquals("s1", out.getMessage().getHeader(BasetenConstants.RESPONSE_ID));
        assertEquals("stop", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        assertEquals(4, out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertEquals(3, out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
        assertEquals(7, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        assertNotNull(out.getMessage().getHeader(BasetenConstants.TIME_TO_FIRST_TOKEN));
    }

    @Test
    void splitToolCallDeltasAreMergedInAggregate() {
        stubStream("/environments/production/sync/v1/chat/completions", TOOL_STREAM);
        Exchange out = send("baseten:chat?streaming=true&streamOutput=aggregate&tools=RAW([{\"type\":\"function\","
                            + "\"function\":{\"name\":\"get_weather\"}}])&modelUrl=" + modelUrl(), "Weather?");
        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(BasetenConstants.TOOL_CALLS, List.class);
        assertEquals(1, calls.size());
        assertEquals("call_A", calls.get(0).getId());
        assertEquals("get_weather", calls.get(0).getFunction().getName());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).getFunction().getArguments());
        assertEquals("tool_calls", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        assertEquals(8, out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
    }

    @Test
    void splitToolCallDeltasAreMergedPerChunkInIterator() {
        stubStream("/environments/production/sync/v1/chat/completions", TOOL_STREAM);
        Exchange out = sendAndDrain("baseten:chat?streaming=true&modelUrl=" + modelUrl(), "Weather?");
        List<ChatCompletionChunk> chunks = drain(out);
        assertEquals(2, chunks.size());
        List<ToolCall> first = chunks.get(0).getChoices().get(0).getDelta().getToolCalls();
        assertEquals(1, first.size());
        assertEquals("call_A", first.get(0).getId());
        assertEquals("{\"city\":", first.get(0).getFunction().getArguments());
        assertNull(chunks.get(0).getUsage());
        assertEquals(18, chunks.get(1).getUsage().getTotalTokens());
    }

    @Test
    void rateLimitBeforeTheStreamFailsTheExchange() {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Too many tokens per minute\",\"type\":\"rate_limit\"}}")));
        Exchange out = send("baseten:chat?model=m&streaming=true&maxRetries=0&baseUrl=" + baseUrl(), "Hi");
        LlmRateLimitException e = assertInstanceOf(LlmRateLimitException.class, out.getException());
        assertEquals(429, e.getStatusCode());
        assertEquals("Too many tokens per minute", e.getServiceMessage());
    }

    @Test
    void streamCutOffMidwayFailsSayingHowMuchArrived() throws Exception {
        // a server that starts a chunked SSE answer, sends one event and closes the connection mid-body
        try (RawHttpServer server = new RawHttpServer((request, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            RawHttpServer.writeChunk(out, chunk("{\"content\":\"Hel\"}", null, null));
            // a close in the same read as the head would fail the call before it opened: let the head go first
            Thread.sleep(200);
        })) {
            Exchange out = send("baseten:chat?model=m&streaming=true&streamOutput=aggregate&maxRetries=0&baseUrl="
                                + server.url("/v1"), "Hi");
            LlmStreamException e = assertInstanceOf(LlmStreamException.class, out.getException());
            assertTrue(e.getMessage().startsWith("Stream broke after receiving " + e.getBytesReceived()
                                                 + " bytes and 1 event"), e.getMessage());
            assertTrue(e.getBytesReceived() > 0);
        }
    }

    @Test
    void streamedCompletionOnModelApisIsAOneMessageChat() {
        stubStream("/v1/chat/completions", TEXT_STREAM);
        Exchange out = send("baseten:completion?model=m&streaming=true&streamOutput=aggregate&baseUrl=" + baseUrl(),
                "Say hello");
        assertEquals("Hello world", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                                             + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")));
    }

    /** A dedicated sync/v1/completions stream: cumulative usage on every chunk, then a usage-only chunk. */
    static String completionChunk(String text, String finish, String usage) {
        return "data: {\"id\":\"cmpl-s\",\"object\":\"text_completion\",\"model\":\"llama\",\"choices\":"
               + "[{\"index\":0,\"text\":\"" + text + "\",\"finish_reason\":"
               + (finish == null ? "null" : "\"" + finish + "\"") + "}]"
               + (usage == null ? "" : ",\"usage\":" + usage) + "}\n\n";
    }

    static final String COMPLETION_STREAM = completionChunk(" a", null, usage(3, 1))
                                            + completionChunk(" founder", null, usage(3, 2))
                                            + completionChunk(".", "length", usage(3, 3))
                                            + "data: {\"id\":\"cmpl-s\",\"object\":\"text_completion\",\"model\":"
                                            + "\"llama\",\"choices\":[],\"usage\":" + usage(3, 3) + "}\n\n"
                                            + "data: [DONE]\n\n";

    private static final String COMPLETION_REQUEST
            = "{\"model\":\"llama\",\"prompt\":\"Paul Graham is\",\"stream\":true,"
              + "\"stream_options\":{\"include_usage\":true}}";

    @Test
    void dedicatedCompletionIteratorReportsUsageOnceAndAsksForIt() {
        stubStream("/environments/production/sync/v1/completions", COMPLETION_STREAM);
        Exchange out = sendAndDrain("baseten:completion?model=llama&streaming=true&modelUrl=" + modelUrl(),
                "Paul Graham is");
        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<io.github.camelai.llm.model.Completion> chunks = out.getMessage().getBody(List.class);
        assertEquals(3, chunks.size());
        assertEquals(" a founder.", chunks.stream().map(io.github.camelai.llm.model.Completion::text)
                .reduce("", String::concat));
        assertNull(chunks.get(0).getUsage());
        assertNull(chunks.get(1).getUsage());
        assertEquals(6, chunks.get(2).getUsage().getTotalTokens());
        assertEquals("length", chunks.get(2).finishReason());
        // vLLM-style engines only report usage in a stream when asked, as chat does
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/completions"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withRequestBody(equalToJson(COMPLETION_REQUEST)));
    }

    @Test
    void dedicatedCompletionAggregateGivesTextAndUsageOnce() {
        stubStream("/environments/production/sync/v1/completions", COMPLETION_STREAM);
        Exchange out = send("baseten:completion?model=llama&streaming=true&streamOutput=aggregate&modelUrl="
                            + modelUrl(), "Paul Graham is");
        assertNull(out.getException());
        assertEquals(" a founder.", out.getMessage().getBody());
        assertEquals("cmpl-s", out.getMessage().getHeader(BasetenConstants.RESPONSE_ID));
        assertEquals("length", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        assertEquals(3, out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertEquals(3, out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
        assertEquals(6, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        assertNotNull(out.getMessage().getHeader(BasetenConstants.TIME_TO_FIRST_TOKEN));
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/completions"))
                .withRequestBody(equalToJson(COMPLETION_REQUEST)));
    }

    @Test
    void iteratorThatIsNotReadIsClosedWithTheExchange() {
        stubStream("/v1/chat/completions", TEXT_STREAM);
        Exchange out = send("baseten:chat?model=m&streaming=true&baseUrl=" + baseUrl(), "Hi");
        @SuppressWarnings("unchecked")
        Iterator<ChatCompletionChunk> it = out.getMessage().getBody(Iterator.class);
        // the template completed the exchange: the iterator was closed and yields nothing more
        assertThrows(java.util.NoSuchElementException.class, () -> {
            while (true) {
                it.next();
            }
        });
    }
}
