package io.github.camelai.component.databricks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.http.RawHttpServer;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingTest extends DatabricksTestSupport {

    static final String CHAT = "/serving-endpoints/my-llm/invocations";
    static final String RESPONSES = "/serving-endpoints/responses";

    static final String CHAT_SSE = """
            data: {"id":"s1","object":"chat.completion.chunk","model":"llama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}

            data: {"id":"s1","object":"chat.completion.chunk","model":"llama","choices":[{"index":0,"delta":{"content":"lo"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}

            data: {"id":"s1","object":"chat.completion.chunk","model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}

            data: [DONE]

            """;

    static final String RESPONSES_SSE = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_s","status":"in_progress"}}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"message","id":"msg_1","role":"assistant","content":[]}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hel"}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"lo"}

            event: response.output_text.done
            data: {"type":"response.output_text.done","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hello"}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":5,"output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":""}}

            event: response.function_call_arguments.delta
            data: {"type":"response.function_call_arguments.delta","sequence_number":6,"item_id":"fc_1","output_index":1,"delta":"{\\"city\\":"}

            event: response.function_call_arguments.delta
            data: {"type":"response.function_call_arguments.delta","sequence_number":7,"item_id":"fc_1","output_index":1,"delta":"\\"Oslo\\"}"}

            event: response.output_item.done
            data: {"type":"response.output_item.done","sequence_number":8,"output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}","status":"completed"}}

            event: response.completed
            data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_s","object":"response","status":"completed","model":"gpt-5","output":[{"type":"message","id":"msg_1","role":"assistant","content":[{"type":"output_text","text":"Hello"}]},{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}],"usage":{"input_tokens":9,"output_tokens":6,"total_tokens":15,"output_tokens_details":{"reasoning_tokens":2}}}}

            """;

    @Override
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to(uri("chat", "model=my-llm&streaming=true"))
                        .split(body()).streaming().to("mock:chunks");
                from("direct:responses").to(uri("responses", "model=databricks-gpt-5&streaming=true"))
                        .split(body()).streaming().to("mock:events");
                from("direct:completion").to(uri("completion", "model=my-llm&streaming=true"))
                        .split(body()).streaming().to("mock:completions");
            }
        };
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    @Test
    void chatIteratorGivesOneExchangePerChunkWithUsageOnTheLast() throws Exception {
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(sse(CHAT_SSE)));
        MockEndpoint chunks = context.getEndpoint("mock:chunks", MockEndpoint.class);
        chunks.expectedMessageCount(3);

        Exchange out = send("direct:chat", "Hi");

        assertNull(out.getException());
        chunks.assertIsSatisfied(5000);
        List<Exchange> got = chunks.getReceivedExchanges();
        ChatCompletionChunk first = assertInstanceOf(ChatCompletionChunk.class, got.get(0).getMessage().getBody());
        ChatCompletionChunk second = got.get(1).getMessage().getBody(ChatCompletionChunk.class);
        ChatCompletionChunk last = got.get(2).getMessage().getBody(ChatCompletionChunk.class);
        assertEquals("Hel", first.text());
        assertEquals("lo", second.text());
        assertNull(first.getUsage());
        assertNull(second.getUsage());
        assertEquals("stop", last.finishReason());
        assertEquals(8, last.getUsage().getTotalTokens());
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"messages":[{"role":"user","content":"Hi"}],"stream":true}""")));
    }

    @Test
    void chatAggregateGivesTheSameBodyAndHeadersAsANonStreamedCall() {
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(sse(CHAT_SSE)));

        Exchange out = send(uri("chat", "model=my-llm&streaming=true&streamOutput=aggregate"), "Hi");

        assertNull(out.getException());
        assertEquals("Hello", out.getMessage().getBody());
        assertEquals("s1", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_ID));
        assertEquals("stop", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        assertEquals(8, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        assertInstanceOf(Long.class, out.getMessage().getHeader(DatabricksAiConstants.TIME_TO_FIRST_TOKEN));
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","content":"Hi"}],"stream":true}""")));
    }

    @Test
    void streamedToolCallDeltasAreMergedByIndex() {
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(sse("""
                data: {"id":"t1","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}

                data: {"id":"t1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}}]}

                data: {"id":"t1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]}}]}

                data: {"id":"t1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                """)));

        Exchange out = send(uri("chat", "model=my-llm&streaming=true&streamOutput=aggregate&tools=resource:classpath:tools.json"),
                "Weather?");

        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS, List.class);
        assertEquals(1, calls.size());
        assertEquals("call_1", calls.get(0).getId());
        assertEquals("get_weather", calls.get(0).getFunction().getName());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).getFunction().getArguments());
        assertEquals("tool_calls", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
    }

    @Test
    void streamedToolCallArgumentsAsAJsonObjectGiveTheSameJsonText() throws Exception {
        String stream = """
                data: {"id":"t2","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}}]}

                data: {"id":"t2","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                data: [DONE]

                """;
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(sse(stream)));

        Exchange out = send(uri("chat", "model=my-llm&streaming=true&streamOutput=aggregate"), "Weather?");

        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS, List.class);
        assertEquals(1, calls.size());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).getFunction().getArguments());

        MockEndpoint chunks = context.getEndpoint("mock:chunks", MockEndpoint.class);
        chunks.expectedMessageCount(2);
        assertNull(send("direct:chat", "Weather?").getException());
        chunks.assertIsSatisfied(5000);
        ChatCompletionChunk first = chunks.getReceivedExchanges().get(0).getMessage().getBody(ChatCompletionChunk.class);
        assertEquals("{\"city\":\"Paris\"}",
                first.getChoices().get(0).getDelta().getToolCalls().get(0).getFunction().getArguments());
    }

    @Test
    void streamedTypedContentPartsGiveTextAndReasoning() {
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(sse("""
                data: {"id":"r1","choices":[{"index":0,"delta":{"role":"assistant","content":[{"type":"reasoning","summary":[{"type":"summary_text","text":"Think."}]}]}}]}

                data: {"id":"r1","choices":[{"index":0,"delta":{"content":[{"type":"text","text":"Hel"}]}}]}

                data: {"id":"r1","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":9,"total_tokens":12,"reasoning_tokens":6}}

                """)));

        Exchange out = send(uri("chat", "model=my-llm&streaming=true&streamOutput=aggregate"), "Hi");

        assertNull(out.getException());
        assertEquals("Hello", out.getMessage().getBody());
        assertEquals("Think.", out.getMessage().getHeader(DatabricksAiConstants.REASONING));
        assertEquals(6, out.getMessage().getHeader(DatabricksAiConstants.REASONING_TOKENS));
    }

    @Test
    void completionStreamsInBothModes() throws Exception {
        String stream = """
                data: {"id":"c1","object":"text_completion","choices":[{"index":0,"text":" blue"}]}

                data: {"id":"c1","object":"text_completion","choices":[{"index":0,"text":" sky","finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}

                data: [DONE]

                """;
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(sse(stream)));
        MockEndpoint completions = context.getEndpoint("mock:completions", MockEndpoint.class);
        completions.expectedMessageCount(2);

        send("direct:completion", "The");
        Exchange aggregate = send(uri("completion", "model=my-llm&streaming=true&streamOutput=aggregate"), "The");

        completions.assertIsSatisfied(5000);
        assertEquals(" blue", completions.getReceivedExchanges().get(0).getMessage().getBody(Completion.class).text());
        assertEquals(5, completions.getReceivedExchanges().get(1).getMessage().getBody(Completion.class).getUsage().getTotalTokens());
        assertEquals(" blue sky", aggregate.getMessage().getBody());
        assertEquals(5, aggregate.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        wm.verify(2, postRequestedFor(urlEqualTo(CHAT)).withRequestBody(equalToJson("""
                {"prompt":"The","stream":true}""")));
    }

    @Test
    void responsesIteratorGivesTypedEvents() throws Exception {
        wm.stubFor(post(urlEqualTo(RESPONSES)).willReturn(sse(RESPONSES_SSE + "data: [DONE]\n\n")));
        MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
        events.expectedMessageCount(7);

        Exchange out = send("direct:responses", "Hi");

        assertNull(out.getException());
        events.assertIsSatisfied(5000);
        List<ResponsesStreamEvent> got = events.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(ResponsesStreamEvent.class)).toList();
        assertEquals(List.of("response.output_text.delta", "response.output_text.delta", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.output_item.done", "response.completed"),
                got.stream().map(ResponsesStreamEvent::getType).toList());
        assertEquals("Hel", got.get(0).text());
        assertEquals("lo", got.get(1).text());
        assertEquals("get_weather", got.get(2).getToolCall().getFunction().getName());
        assertEquals("{\"city\":", got.get(3).argumentsDelta());
        assertEquals("\"Oslo\"}", got.get(4).argumentsDelta());
        assertEquals("{\"city\":\"Oslo\"}", got.get(5).getToolCall().getFunction().getArguments());
        assertEquals("call_1", got.get(5).getToolCall().getId());
        ResponsesStreamEvent completed = got.get(6);
        assertTrue(completed.isCompleted());
        assertEquals("completed", completed.getFinishReason());
        assertEquals("resp_s", completed.getResponse().get("id"));
        assertEquals(15, completed.getUsage().getTotalTokens());
        assertNull(got.get(0).getUsage());
        wm.verify(1, postRequestedFor(urlEqualTo(RESPONSES)).withRequestBody(equalToJson("""
                {"model":"databricks-gpt-5","input":"Hi","stream":true}""")));
    }

    @Test
    void responsesAggregateWithoutDoneGivesTextToolCallsAndUsage() {
        wm.stubFor(post(urlEqualTo(RESPONSES)).willReturn(sse(RESPONSES_SSE)));

        Exchange out = send(uri("responses", "model=databricks-gpt-5&streaming=true&streamOutput=aggregate"), "Hi");

        assertNull(out.getException());
        assertEquals("Hello", out.getMessage().getBody());
        assertEquals("resp_s", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_ID));
        assertEquals(15, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        assertEquals(2, out.getMessage().getHeader(DatabricksAiConstants.REASONING_TOKENS));
        assertInstanceOf(Long.class, out.getMessage().getHeader(DatabricksAiConstants.TIME_TO_FIRST_TOKEN));
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS, List.class);
        assertEquals("call_1", calls.get(0).getId());
        assertEquals("{\"city\":\"Oslo\"}", calls.get(0).getFunction().getArguments());
    }

    @Test
    void responsesErrorEventFailsTheExchangeInBothModes() throws Exception {
        wm.stubFor(post(urlEqualTo(RESPONSES)).willReturn(sse("""
                event: response.output_text.delta
                data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"m","output_index":0,"delta":"Hel"}

                event: error
                data: {"type":"error","code":"server_error","message":"The model is overloaded","param":null,"sequence_number":2}

                """)));

        Exchange aggregate = send(uri("responses", "model=databricks-gpt-5&streaming=true&streamOutput=aggregate"), "Hi");
        Exchange iterator = send("direct:responses", "Hi");

        DatabricksResponseException e = assertInstanceOf(DatabricksResponseException.class, aggregate.getException());
        assertEquals("server_error", e.getCode());
        assertEquals(2L, e.getSequenceNumber());
        assertEquals("Databricks Responses API reported an error server_error: The model is overloaded (stream event 2)",
                e.getMessage());
        DatabricksResponseException fromSplit = findCause(iterator.getException(), DatabricksResponseException.class);
        assertEquals("server_error", fromSplit.getCode());
    }

    @Test
    void aStreamCutMidwayFailsWithHowMuchArrivedInBothModes() throws Exception {
        String partial = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                         + "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\n\n";
        try (RawHttpServer server = cuttingServer(partial)) {
            String base = "databricks-ai:chat?host=" + server.url("") + "&token=" + TOKEN
                          + "&model=my-llm&streaming=true&maxRetries=0";

            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:cut").to(base).split(body()).streaming().to("mock:cut");
                }
            });
            MockEndpoint cutChunks = context.getEndpoint("mock:cut", MockEndpoint.class);

            Exchange aggregate = send(base + "&streamOutput=aggregate", "Hi");
            Exchange iterator = send("direct:cut", "Hi");

            int bytes = partial.getBytes(StandardCharsets.UTF_8).length;
            String expected = "Stream broke after receiving " + bytes + " bytes and 2 events: ";
            LlmStreamException e = assertInstanceOf(LlmStreamException.class, aggregate.getException());
            assertEquals(bytes, e.getBytesReceived());
            assertEquals(2, e.getEventsReceived());
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());

            LlmStreamException cut = findCause(iterator.getException(), LlmStreamException.class);
            assertTrue(cut.getMessage().startsWith(expected), cut.getMessage());
            assertTrue(cutChunks.getReceivedCounter() <= 2);
        }
    }

    @Test
    void aResponsesStreamCutMidwayFailsWithHowMuchArrived() throws Exception {
        String partial = "event: response.output_text.delta\n"
                         + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"m\",\"delta\":\"Hel\"}\n\n";
        try (RawHttpServer server = cuttingServer(partial)) {
            String base = "databricks-ai:responses?host=" + server.url("") + "&token=" + TOKEN
                          + "&model=databricks-gpt-5&streaming=true&maxRetries=0";

            Exchange aggregate = send(base + "&streamOutput=aggregate", "Hi");

            int bytes = partial.getBytes(StandardCharsets.UTF_8).length;
            LlmStreamException e = assertInstanceOf(LlmStreamException.class, aggregate.getException());
            assertEquals(bytes, e.getBytesReceived());
            assertEquals(1, e.getEventsReceived());
            assertTrue(e.getMessage().startsWith("Stream broke after receiving " + bytes + " bytes and 1 event: "),
                    e.getMessage());
        }
    }

    static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in " + t, t);
    }

    /** Answers every request with 200 and a chunked SSE body that stops after {@code partial}: the socket closes. */
    private static RawHttpServer cuttingServer(String partial) throws IOException {
        return new RawHttpServer((request, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            RawHttpServer.writeChunk(out, partial);
            // a close in the same read as the head would fail the call before it opened: let the head go first
            Thread.sleep(200);
        });
    }

    @Test
    void eventParserSkipsBookkeepingAndReadsTheEventNameWhenTheDataHasNoType() {
        assertNull(io.github.camelai.component.databricks.responses.ResponsesStreamEvents.event(new io.github.camelai.llm.sse.SseEvent("response.created", "{\"response\":{}}", null)));
        ResponsesStreamEvent delta = io.github.camelai.component.databricks.responses.ResponsesStreamEvents.event(
                new io.github.camelai.llm.sse.SseEvent("response.output_text.delta", "{\"delta\":\"x\"}", null));
        assertNotNull(delta);
        assertEquals("x", delta.text());
    }
}
