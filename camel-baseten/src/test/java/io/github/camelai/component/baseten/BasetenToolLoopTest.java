package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.tool.LlmToolConstants;
import io.github.camelai.llm.tool.ToolIterationsExceededException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat with llm-tool routes as tools: the whole conversation on the wire, round by round. */
class BasetenToolLoopTest extends BasetenWireMockSupport {

    static final String PATH = "/v1/chat/completions";
    static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"getWeather","description":"Current weather in a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"}},
                           "required":["city"]}}}""";

    final List<Map<String, Object>> toolHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void tools() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:getWeather?description=Current weather in a city&parameter.city=string"
                     + "&parameter.city.description=City name&parameter.city.required=true&tags=weather")
                        .process(e -> {
                            toolHeaders.add(new LinkedHashMap<>(e.getMessage().getHeaders()));
                            Map<?, ?> args = e.getMessage().getBody(Map.class);
                            if ("Atlantis".equals(args.get("city"))) {
                                throw new IllegalArgumentException("no weather station in Atlantis");
                            }
                            Map<String, Object> out = new LinkedHashMap<>();
                            out.put("city", args.get("city"));
                            out.put("temp_c", 21);
                            e.getMessage().setBody(out);
                        });
                from("llm-tool:localTime?description=Local time in a city&parameter.city=string&tags=clock")
                        .setBody(simple("12:00 in ${body[city]}"));
            }
        });
    }

    static String uri(String options) {
        return "baseten:chat?model=m&baseUrl=" + baseUrl() + "&toolTags=weather" + options;
    }

    static String toolCall(String id, String name, String arguments) {
        return "{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
               + json(arguments) + "}}";
    }

    static String toolAnswer(String id, int prompt, int completion, String... calls) {
        return "{\"id\":\"" + id + "\",\"model\":\"served\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\","
               + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + String.join(",", calls) + "]}}],"
               + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
               + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    static String finalAnswer(String text, int prompt, int completion) {
        return "{\"id\":\"final\",\"model\":\"served\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
               + "\"message\":{\"role\":\"assistant\",\"content\":" + json(text) + "}}],"
               + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
               + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** Answers in turn: the first request gets answers[0], the second answers[1]... */
    static void rounds(String... answers) {
        for (int i = 0; i < answers.length; i++) {
            wm.stubFor(post(urlEqualTo(PATH)).inScenario("loop").whenScenarioStateIs(i == 0 ? STARTED : "round" + i)
                    .willReturn(answers[i].startsWith("data:")
                            ? aResponse().withHeader("Content-Type", "text/event-stream").withBody(answers[i])
                            : okJson(answers[i]))
                    .willSetStateTo("round" + (i + 1)));
        }
    }

    static List<JsonNode> requests() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(PATH)))) {
            bodies.add(LlmJson.MAPPER.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    static JsonNode tree(String... lines) throws Exception {
        return LlmJson.MAPPER.readTree(String.join("", lines));
    }

    @Test
    void theModelGetsEachToolResultUnderItsCallIdAndAnswers() throws Exception {
        rounds(toolAnswer("r1", 20, 9, toolCall("call_1", "getWeather", "{\"city\":\"Paris\"}"),
                toolCall("call_2", "getWeather", "{\"city\":\"Rome\"}")),
                finalAnswer("21 °C in Paris and in Rome.", 60, 12));

        Exchange out = send(uri(""), "Weather in Paris and Rome?",
                Map.of("Authorization", "Bearer caller-secret", "X-Tenant", "acme"));

        assertNull(out.getException());
        assertEquals("21 °C in Paris and in Rome.", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader(BasetenConstants.TOOL_ITERATIONS));
        assertEquals(80, out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertEquals(21, out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
        assertEquals(101, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        assertEquals("stop", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        assertEquals("final", out.getMessage().getHeader(BasetenConstants.RESPONSE_ID));
        assertNull(out.getMessage().getHeader(BasetenConstants.TOOL_CALLS));

        List<JsonNode> sent = requests();
        assertEquals(2, sent.size());
        assertEquals(tree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris and Rome?\"}],",
                "\"tools\":[", WEATHER_TOOL, "]}"), sent.get(0));
        assertEquals(tree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris and Rome?\"},",
                "{\"role\":\"assistant\",\"tool_calls\":[", toolCall("call_1", "getWeather", "{\"city\":\"Paris\"}"), ",",
                toolCall("call_2", "getWeather", "{\"city\":\"Rome\"}"), "]},",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"city\\\":\\\"Paris\\\",\\\"temp_c\\\":21}\"},",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"{\\\"city\\\":\\\"Rome\\\",\\\"temp_c\\\":21}\"}],",
                "\"tools\":[", WEATHER_TOOL, "]}"), sent.get(1));

        // the tool routes saw their own two headers, none of the caller's
        assertEquals(2, toolHeaders.size());
        for (Map<String, Object> h : toolHeaders) {
            assertEquals(java.util.Set.of(LlmToolConstants.TOOL_NAME, LlmToolConstants.TOOL_CALL_ID), h.keySet());
            assertEquals("getWeather", h.get(LlmToolConstants.TOOL_NAME));
        }
        assertEquals(java.util.Set.of("call_1", "call_2"),
                java.util.Set.of(toolHeaders.get(0).get(LlmToolConstants.TOOL_CALL_ID), toolHeaders.get(1).get(LlmToolConstants.TOOL_CALL_ID)));
    }

    @Test
    void aFailingToolAndAnUnknownToolAnswerWithErrorsAndTheLoopGoesOn() throws Exception {
        rounds(toolAnswer("r1", 10, 5, toolCall("call_1", "getWeather", "{\"city\":\"Atlantis\"}"),
                toolCall("call_2", "getForecast", "{\"city\":\"Paris\"}")),
                toolAnswer("r2", 30, 5, toolCall("call_3", "getWeather", "{\"city\":\"Paris\"}")),
                finalAnswer("No data for Atlantis; 21 °C in Paris.", 50, 10));

        Exchange out = send(uri(""), "Weather in Atlantis and Paris?");

        assertNull(out.getException());
        assertEquals("No data for Atlantis; 21 °C in Paris.", out.getMessage().getBody());
        assertEquals(2, out.getMessage().getHeader(BasetenConstants.TOOL_ITERATIONS));
        assertEquals(110, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        List<JsonNode> sent = requests();
        assertEquals(3, sent.size());
        JsonNode second = sent.get(1).get("messages");
        assertEquals(4, second.size());
        assertEquals(tree("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"error: no weather station in Atlantis\"}"),
                second.get(2));
        assertEquals(tree("{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":",
                "\"error: there is no tool named 'getForecast'; the tools are getWeather\"}"), second.get(3));
        JsonNode third = sent.get(2).get("messages");
        assertEquals(6, third.size());
        assertEquals(tree("{\"role\":\"assistant\",\"tool_calls\":[", toolCall("call_3", "getWeather", "{\"city\":\"Paris\"}"),
                "]}"), third.get(4));
        assertEquals(tree("{\"role\":\"tool\",\"tool_call_id\":\"call_3\",\"content\":\"{\\\"city\\\":\\\"Paris\\\",\\\"temp_c\\\":21}\"}"),
                third.get(5));
    }

    @Test
    void callsOfOneAnswerRunConcurrently() throws Exception {
        // two tool routes that each wait for the other to start: run one after the other, both would time out
        CountDownLatch both = new CountDownLatch(2);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:left?description=Left&tags=pair").process(e -> e.getMessage().setBody(meet(both)));
                from("llm-tool:right?description=Right&tags=pair").process(e -> e.getMessage().setBody(meet(both)));
            }
        });
        rounds(toolAnswer("r1", 1, 1, toolCall("c1", "left", "{}"), toolCall("c2", "right", "{}")), finalAnswer("done", 1, 1));

        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl() + "&toolTags=pair", "go");

        assertEquals("done", out.getMessage().getBody());
        JsonNode messages = requests().get(1).get("messages");
        assertEquals("together", messages.get(2).get("content").asText());
        assertEquals("c1", messages.get(2).get("tool_call_id").asText());
        assertEquals("together", messages.get(3).get("content").asText());
        assertEquals("c2", messages.get(3).get("tool_call_id").asText());
    }

    static String meet(CountDownLatch both) throws InterruptedException {
        both.countDown();
        return both.await(20, TimeUnit.SECONDS) ? "together" : "alone";
    }

    @Test
    void anAnswerStillAskingForToolsAfterTheLimitFailsTheExchange() throws Exception {
        rounds(toolAnswer("r1", 1, 1, toolCall("c1", "getWeather", "{\"city\":\"Paris\"}")),
                toolAnswer("r2", 1, 1, toolCall("c2", "getWeather", "{\"city\":\"Paris\"}")),
                toolAnswer("r3", 1, 1, toolCall("c3", "getWeather", "{\"city\":\"Paris\"}")));

        Exchange out = send(uri("&maxToolIterations=2"), "Weather?");

        ToolIterationsExceededException e = assertInstanceOf(ToolIterationsExceededException.class, out.getException());
        assertEquals("The model still asks for tools (getWeather) after maxToolIterations=2 rounds of tool calls: raise "
                     + "maxToolIterations, or check what the tools answer", e.getMessage());
        assertEquals(3, requests().size());
    }

    @Test
    void manualModeOffersTheToolsAndLeavesTheCallsToTheRoute() throws Exception {
        rounds(toolAnswer("r1", 10, 5, toolCall("call_1", "getWeather", "{\"city\":\"Paris\"}")));

        Exchange out = send(uri("&autoToolExecution=false"), "Weather in Paris?");

        assertNull(out.getException());
        assertEquals("tool_calls", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        List<?> calls = out.getMessage().getHeader(BasetenConstants.TOOL_CALLS, List.class);
        assertEquals("call_1", ((ToolCall) calls.get(0)).getId());
        assertNull(out.getMessage().getHeader(BasetenConstants.TOOL_ITERATIONS));
        assertEquals(1, requests().size());
        assertEquals(tree("[", WEATHER_TOOL, "]"), requests().get(0).get("tools"));
        assertTrue(toolHeaders.isEmpty());
    }

    @Test
    void withoutToolTagsNothingChanges() throws Exception {
        rounds(toolAnswer("r1", 10, 5, toolCall("call_1", "getWeather", "{\"city\":\"Paris\"}")));

        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl(), "Weather in Paris?");

        assertEquals("tool_calls", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        assertFalse(requests().get(0).has("tools"));
        assertNull(out.getMessage().getHeader(BasetenConstants.TOOL_ITERATIONS));
    }

    @Test
    void theCallersOwnToolsAreOfferedFirstAndTheirCallsGoBackToTheRoute() throws Exception {
        String mine = "{\"type\":\"function\",\"function\":{\"name\":\"lookupOrder\",\"parameters\":{\"type\":\"object\"}}}";
        rounds(toolAnswer("r1", 10, 5, toolCall("call_1", "lookupOrder", "{}")));

        Exchange out = send(uri("&tools=[" + mine + "]"), "Where is my order?");

        assertEquals("tool_calls", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        assertEquals(0, out.getMessage().getHeader(BasetenConstants.TOOL_ITERATIONS));
        assertEquals(tree("[", mine, ",", WEATHER_TOOL, "]"), requests().get(0).get("tools"));
        assertTrue(toolHeaders.isEmpty());
    }

    @Test
    void tagsThatSelectNoRunningToolFailBeforeAnyCall() {
        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl() + "&toolTags=travel", "Hi");

        assertInstanceOf(IllegalArgumentException.class, out.getException());
        assertEquals("toolTags=travel matches no running llm-tool route; the running tools are getWeather [weather], "
                     + "localTime [clock]", out.getException().getMessage());
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    // ---- streaming ----

    static String chunk(String delta, String finish, String usage) {
        return "data: {\"id\":\"s\",\"object\":\"chat.completion.chunk\",\"model\":\"served\",\"choices\":[{\"index\":0,"
               + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]"
               + (usage == null ? "" : ",\"usage\":" + usage) + "}\n\n";
    }

    static final String TOOL_ROUND = chunk("{\"role\":\"assistant\",\"content\":\"Let me check. \"}", null, null)
                                     + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                                             + "\"function\":{\"name\":\"getWeather\",\"arguments\":\"{\\\"city\\\":\"}}]}", null, null)
                                     + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}",
                                             "tool_calls", "{\"prompt_tokens\":10,\"completion_tokens\":4,\"total_tokens\":14}")
                                     + "data: [DONE]\n\n";
    static final String FINAL_ROUND = chunk("{\"role\":\"assistant\",\"content\":\"21 °C \"}", null, null)
                                      + chunk("{\"content\":\"in Paris.\"}", "stop",
                                              "{\"prompt_tokens\":30,\"completion_tokens\":5,\"total_tokens\":35}")
                                      + "data: [DONE]\n\n";

    @Test
    void streamedAggregateRoundsGiveTheSameExchangeAsPlainCalls() throws Exception {
        rounds(TOOL_ROUND, FINAL_ROUND);

        Exchange out = send(uri("&streaming=true&streamOutput=aggregate"), "Weather in Paris?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris.", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader(BasetenConstants.TOOL_ITERATIONS));
        assertEquals(49, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        assertTrue(out.getMessage().getHeader(BasetenConstants.TIME_TO_FIRST_TOKEN, Long.class) >= 0);
        List<JsonNode> sent = requests();
        assertTrue(sent.get(1).get("stream").asBoolean());
        assertEquals(tree("{\"role\":\"assistant\",\"content\":\"Let me check. \",\"tool_calls\":[",
                toolCall("call_1", "getWeather", "{\"city\":\"Paris\"}"), "]}"), sent.get(1).get("messages").get(1));
        assertEquals(tree("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"city\\\":\\\"Paris\\\",\\\"temp_c\\\":21}\"}"),
                sent.get(1).get("messages").get(2));
    }

    @Test
    void aStreamedIteratorCarriesTheTextOfEveryRoundAndTheUsageOfAll() throws Exception {
        rounds(TOOL_ROUND, FINAL_ROUND);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stream").to(uri("&streaming=true")).process(e -> {
                    Iterator<?> it = e.getMessage().getBody(Iterator.class);
                    List<ChatCompletionChunk> chunks = new ArrayList<>();
                    it.forEachRemaining(c -> chunks.add((ChatCompletionChunk) c));
                    e.getMessage().setBody(chunks);
                });
            }
        });

        Exchange out = send("direct:stream", "Weather in Paris?");

        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<ChatCompletionChunk> chunks = out.getMessage().getBody(List.class);
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.text() == null ? "" : c.text()));
        assertEquals("Let me check. 21 °C in Paris.", text.toString());
        assertTrue(chunks.stream().noneMatch(c -> c.getChoices().get(0).getDelta() != null
                                                  && c.getChoices().get(0).getDelta().hasToolCalls()));
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertEquals("stop", last.finishReason());
        assertEquals(49, last.getUsage().getTotalTokens());
        assertEquals(40, last.getUsage().getPromptTokens());
        assertEquals(1, chunks.stream().filter(c -> c.getUsage() != null).count());
        assertEquals(2, requests().size());
        assertEquals("call_1", requests().get(1).get("messages").get(2).get("tool_call_id").asText());
    }

    @Test
    void theWholeLoopIsOneMeasuredOperationWithTheTokensOfEveryRound() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters
                = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        context.getRegistry().bind("metricsRegistry", meters);
        rounds(toolAnswer("r1", 20, 9, toolCall("call_1", "getWeather", "{\"city\":\"Paris\"}")),
                finalAnswer("Sunny, 21 C", 30, 5));
        Exchange out = send(uri(""), "Weather in Paris?");
        assertNull(out.getException());
        io.micrometer.core.instrument.Timer duration = meters.find("gen_ai.client.operation.duration")
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.response.model", "served").timer();
        assertNotNull(duration, meters.getMetersAsString());
        assertEquals(1, duration.count());
        assertEquals(50.0, meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary()
                .totalAmount());
        assertEquals(14.0, meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
                .totalAmount());
    }

    @Test
    void aStreamedIteratorLoopIsMeasuredWithTheTokensOfEveryRound() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters
                = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        context.getRegistry().bind("metricsRegistry", meters);
        rounds(TOOL_ROUND, FINAL_ROUND);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:measured").to(uri("&streaming=true")).process(e -> {
                    Iterator<?> it = e.getMessage().getBody(Iterator.class);
                    it.forEachRemaining(c -> {
                    });
                });
            }
        });

        Exchange out = send("direct:measured", "Weather in Paris?");

        assertNull(out.getException());
        assertEquals(40.0, meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary()
                .totalAmount(), meters.getMetersAsString());
        assertEquals(9.0, meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
                .totalAmount());
    }
}
