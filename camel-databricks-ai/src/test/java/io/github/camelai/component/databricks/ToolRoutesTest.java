package io.github.camelai.component.databricks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.tool.ToolIterationsExceededException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llm-tool routes as tools on Databricks chat and on the Responses API, round by round on the wire. */
class ToolRoutesTest extends DatabricksTestSupport {

    static final String CHAT = "/serving-endpoints/my-llm/invocations";
    static final String RESPONSES = "/serving-endpoints/responses";

    @Override
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:getWeather?description=Current weather in a city&parameter.city=string"
                     + "&parameter.city.required=true&tags=weather")
                        .setBody(simple("{\"city\":\"${body[city]}\",\"temp_c\":21}"));
                from("direct:stream").to(uri("responses", "model=databricks-gpt-5&toolTags=weather&streaming=true"))
                        .process(e -> {
                            List<ResponsesStreamEvent> events = new ArrayList<>();
                            e.getMessage().getBody(Iterator.class).forEachRemaining(x -> events.add((ResponsesStreamEvent) x));
                            e.getMessage().setBody(events);
                        });
            }
        };
    }

    static void rounds(String path, String... answers) {
        for (int i = 0; i < answers.length; i++) {
            wm.stubFor(post(urlEqualTo(path)).inScenario("loop").whenScenarioStateIs(i == 0 ? STARTED : "round" + i)
                    .willReturn(answers[i].startsWith("event:") || answers[i].startsWith("data:")
                            ? aResponse().withHeader("Content-Type", "text/event-stream").withBody(answers[i])
                            : okJson(answers[i]).withHeader("served-model-name", "llama-v" + i))
                    .willSetStateTo("round" + (i + 1)));
        }
    }

    static List<JsonNode> requests(String path) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(path)))) {
            bodies.add(LlmJson.MAPPER.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    static JsonNode tree(String text) throws Exception {
        return LlmJson.MAPPER.readTree(text);
    }

    @Test
    void chatRunsTheToolAndKeepsTheServedModelOfTheLastRound() throws Exception {
        rounds(CHAT, """
                {"id":"r1","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
                  "tool_calls":[{"id":"call_9","type":"function","function":{"name":"getWeather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}],
                 "usage":{"prompt_tokens":12,"completion_tokens":6,"total_tokens":18}}""", """
                {"id":"r2","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"21 °C in Paris."}}],
                 "usage":{"prompt_tokens":40,"completion_tokens":7,"total_tokens":47}}""");

        Exchange out = send(uri("chat", "model=my-llm&toolTags=weather"), "Weather in Paris?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris.", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader(DatabricksAiConstants.TOOL_ITERATIONS));
        assertEquals(65, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        assertEquals("llama-v1", out.getMessage().getHeader(DatabricksAiConstants.SERVED_MODEL_NAME));
        List<JsonNode> sent = requests(CHAT);
        assertEquals(2, sent.size());
        // every round says stream:false, as a plain chat does
        assertEquals(tree("""
                {"stream":false,"messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"getWeather","description":"Current weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}"""),
                sent.get(0));
        assertEquals(tree("""
                {"stream":false,"messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","tool_calls":[{"id":"call_9","type":"function",
                    "function":{"name":"getWeather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_9","content":"{\\"city\\":\\"Paris\\",\\"temp_c\\":21}"}],
                 "tools":[{"type":"function","function":{"name":"getWeather","description":"Current weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}"""),
                sent.get(1));
    }

    @Test
    void chatRouteToolsCountTowardsTheToolLimit() {
        StringBuilder tools = new StringBuilder("[");
        for (int i = 0; i < 32; i++) {
            tools.append(i == 0 ? "" : ",").append("{\"type\":\"function\",\"function\":{\"name\":\"t").append(i).append("\"}}");
        }
        Exchange out = send(uri("chat", "model=my-llm&toolTags=weather&tools=" + tools + "]"), "Hi");

        assertInstanceOf(IllegalArgumentException.class, out.getException());
        assertEquals("The request has 33 tools; Databricks accepts at most 32", out.getException().getMessage());
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    static final String RESPONSE_WITH_CALL = """
            {"id":"resp_1","object":"response","status":"completed","model":"databricks-gpt-5",
             "output":[{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Need the weather."}]},
                       {"type":"function_call","id":"fc_1","call_id":"call_1","name":"getWeather","arguments":"{\\"city\\":\\"Paris\\"}"},
                       {"type":"function_call","id":"fc_2","call_id":"call_2","name":"getWeather","arguments":{"city":"Rome"}}],
             "usage":{"input_tokens":20,"output_tokens":10,"total_tokens":30,"output_tokens_details":{"reasoning_tokens":4}}}""";
    static final String FINAL_RESPONSE = """
            {"id":"resp_2","object":"response","status":"completed","model":"databricks-gpt-5",
             "output":[{"type":"message","id":"msg_1","role":"assistant",
                        "content":[{"type":"output_text","text":"21 °C in Paris and Rome."}]}],
             "usage":{"input_tokens":50,"output_tokens":8,"total_tokens":58}}""";

    @Test
    void responsesSendFunctionCallsAndTheirOutputsAsInputItems() throws Exception {
        rounds(RESPONSES, RESPONSE_WITH_CALL, FINAL_RESPONSE);

        Exchange out = send(uri("responses", "model=databricks-gpt-5&toolTags=weather"), "Weather in Paris and Rome?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris and Rome.", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader(DatabricksAiConstants.TOOL_ITERATIONS));
        assertEquals(70, out.getMessage().getHeader(DatabricksAiConstants.PROMPT_TOKENS));
        assertEquals(18, out.getMessage().getHeader(DatabricksAiConstants.COMPLETION_TOKENS));
        assertEquals(88, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        assertEquals(4, out.getMessage().getHeader(DatabricksAiConstants.REASONING_TOKENS));
        assertEquals("completed", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        List<JsonNode> sent = requests(RESPONSES);
        assertEquals(2, sent.size());
        // flat, with strict said (a missing one counts as true on the Responses API)
        JsonNode tool = tree("""
                {"type":"function","name":"getWeather","description":"Current weather in a city",
                 "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}""");
        // a String input goes out as the first item of a conversation
        assertEquals(tree("{\"model\":\"databricks-gpt-5\",\"input\":[{\"role\":\"user\",\"content\":"
                          + "\"Weather in Paris and Rome?\"}],\"tools\":[" + tool + "]}"), sent.get(0));
        assertEquals(tree("""
                {"model":"databricks-gpt-5","tools":[%s],"input":[
                  {"role":"user","content":"Weather in Paris and Rome?"},
                  {"type":"function_call","call_id":"call_1","name":"getWeather","arguments":"{\\"city\\":\\"Paris\\"}"},
                  {"type":"function_call","call_id":"call_2","name":"getWeather","arguments":"{\\"city\\":\\"Rome\\"}"},
                  {"type":"function_call_output","call_id":"call_1","output":"{\\"city\\":\\"Paris\\",\\"temp_c\\":21}"},
                  {"type":"function_call_output","call_id":"call_2","output":"{\\"city\\":\\"Rome\\",\\"temp_c\\":21}"}]}"""
                .formatted(tool)), sent.get(1));
    }

    @Test
    void responsesStopAtTheLimit() throws Exception {
        rounds(RESPONSES, RESPONSE_WITH_CALL, RESPONSE_WITH_CALL);

        Exchange out = send(uri("responses", "model=databricks-gpt-5&toolTags=weather&maxToolIterations=1"), "Weather?");

        ToolIterationsExceededException e = assertInstanceOf(ToolIterationsExceededException.class, out.getException());
        assertEquals(1, e.getLimit());
        assertEquals(2, requests(RESPONSES).size());
    }

    @Test
    void theDocsResponsesRouteRunsTheTools() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/tools.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\\n(- route:.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(doc);
        String yaml = null;
        while (m.find()) {
            if (m.group(1).contains("databricks-ai:responses")) {
                yaml = m.group(1);
            }
        }
        yaml = yaml.replaceAll("(?m)^(\\s+)model: databricks-gpt-5$",
                "$1model: databricks-gpt-5\n$1host: " + host() + "\n$1token: " + TOKEN);
        org.apache.camel.support.PluginHelper.getRoutesLoader(context)
                .loadRoutes(org.apache.camel.support.ResourceHelper.fromString("doc.yaml", yaml));
        rounds(RESPONSES, RESPONSE_WITH_CALL, FINAL_RESPONSE);

        Exchange out = send("direct:databricks-assistant", "Weather in Paris and Rome?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris and Rome.", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader(DatabricksAiConstants.TOOL_ITERATIONS));
    }

    static String event(String type, String json) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + json + "}\n\n";
    }

    static final String TOOL_ROUND = event("response.output_item.added", "\"output_index\":0,\"item\":{\"type\":\"function_call\","
                                 + "\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"getWeather\",\"arguments\":\"\"}")
                           + event("response.function_call_arguments.delta", "\"item_id\":\"fc_1\",\"output_index\":0,"
                                   + "\"delta\":\"{\\\"city\\\":\\\"Paris\\\"}\"")
                           + event("response.output_item.done", "\"output_index\":0,\"item\":{\"type\":\"function_call\","
                                   + "\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"getWeather\","
                                   + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}")
                           + event("response.completed", "\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
                                   + "\"output\":[{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\","
                                   + "\"name\":\"getWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}],"
                                   + "\"usage\":{\"input_tokens\":20,\"output_tokens\":10,\"total_tokens\":30}}");
    static final String FINAL_ROUND = event("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":0,\"delta\":\"21 °C \"")
                            + event("response.output_text.delta", "\"item_id\":\"msg_1\",\"output_index\":0,\"delta\":\"in Paris.\"")
                            + event("response.completed", "\"response\":" + FINAL_RESPONSE.replace("\n", ""));

    @Test
    void streamedAggregateResponsesRoundsEndLikePlainOnes() throws Exception {
        rounds(RESPONSES, TOOL_ROUND, FINAL_ROUND);

        Exchange out = send(uri("responses", "model=databricks-gpt-5&toolTags=weather&streaming=true&streamOutput=aggregate"),
                "Weather in Paris?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris and Rome.", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader(DatabricksAiConstants.TOOL_ITERATIONS));
        assertEquals(88, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        JsonNode input = requests(RESPONSES).get(1).get("input");
        assertEquals("function_call", input.get(1).get("type").asText());
        assertEquals("function_call_output", input.get(2).get("type").asText());
    }

    @Test
    void aStreamedResponsesIteratorHoldsBackTheFunctionCallsAndEndsWithTheFinalResponse() throws Exception {
        rounds(RESPONSES, TOOL_ROUND, FINAL_ROUND);

        Exchange out = send("direct:stream", "Weather in Paris?");

        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<ResponsesStreamEvent> events = out.getMessage().getBody(List.class);
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append(e.text() == null ? "" : e.text()));
        assertEquals("21 °C in Paris.", text.toString());
        assertTrue(events.stream().noneMatch(e -> e.getToolCall() != null || e.argumentsDelta() != null));
        ResponsesStreamEvent last = events.get(events.size() - 1);
        assertTrue(last.isCompleted());
        assertEquals("resp_2", last.getResponse().get("id"));
        assertEquals(88, last.getUsage().getTotalTokens());
        List<JsonNode> sent = requests(RESPONSES);
        assertEquals(2, sent.size());
        assertTrue(sent.get(1).get("stream").asBoolean());
        JsonNode input = sent.get(1).get("input");
        assertEquals(3, input.size());
        assertEquals(tree("{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"{\\\"city\\\":\\\"Paris\\\",\\\"temp_c\\\":21}\"}"),
                input.get(2));
    }
}
