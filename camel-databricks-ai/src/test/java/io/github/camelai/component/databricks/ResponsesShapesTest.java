package io.github.camelai.component.databricks;

import java.util.List;
import java.util.Map;

import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The Responses API shapes that differ from Chat Completions, as OpenAI's Responses API (which Databricks passes
 * through) takes them: {@code text.format} flat with a name, function tools flat with {@code strict} always said,
 * no 32-tool limit, and replayed calls without their item ids.
 */
class ResponsesShapesTest extends DatabricksTestSupport {

    static final String PATH = ResponsesTest.PATH;
    static final String SCHEMA = "{\"title\":\"Weather report\",\"type\":\"object\","
                                 + "\"properties\":{\"temp_c\":{\"type\":\"number\"}}}";

    Exchange call(String query, Object body) {
        return call(query, body, Map.of());
    }

    Exchange call(String query, Object body, Map<String, Object> headers) {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ResponsesTest.ANSWER)));
        Exchange out = send(uri("responses", "model=databricks-gpt-5" + (query.isEmpty() ? "" : "&" + query)), body, headers);
        assertNull(out.getException());
        return out;
    }

    static void verifyBody(String json) {
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(json)));
    }

    @Test
    void bareSchemaIsAFlatTextFormatNamedAfterItsTitle() {
        call("responseFormat=json_schema&jsonSchema=" + SCHEMA, "Weather?");

        verifyBody("""
                {"model":"databricks-gpt-5","input":"Weather?",
                 "text":{"format":{"type":"json_schema","name":"Weather_report",
                   "schema":{"title":"Weather report","type":"object","properties":{"temp_c":{"type":"number"}}},
                   "strict":true}}}""");
    }

    @Test
    void schemaWithoutTitleOrNameGetsTheDefaultName() {
        call("", "Weather?", Map.of(DatabricksAiConstants.JSON_SCHEMA, "{\"type\":\"object\"}"));

        verifyBody("""
                {"model":"databricks-gpt-5","input":"Weather?",
                 "text":{"format":{"type":"json_schema","name":"response","schema":{"type":"object"},"strict":true}}}""");
    }

    @Test
    void theNameGivenWithTheSchemaWinsOverItsTitle() {
        call("responseFormat=json_schema&jsonSchema={\"name\":\"report\",\"description\":\"A report\","
             + "\"schema\":" + SCHEMA + ",\"strict\":false}", "Weather?");

        verifyBody("""
                {"model":"databricks-gpt-5","input":"Weather?",
                 "text":{"format":{"type":"json_schema","name":"report","description":"A report",
                   "schema":{"title":"Weather report","type":"object","properties":{"temp_c":{"type":"number"}}},
                   "strict":false}}}""");
    }

    @Test
    void jsonObjectIsATypeOnlyFormat() {
        call("responseFormat=json_object", "Weather?");

        verifyBody("""
                {"model":"databricks-gpt-5","input":"Weather?","text":{"format":{"type":"json_object"}}}""");
    }

    @Test
    void theUsersOwnTextFormatWins() {
        call("responseFormat=json_schema&jsonSchema=" + SCHEMA
             + "&additionalBodyProperty.text={\"format\":{\"type\":\"json_schema\",\"name\":\"mine\",\"schema\":{}},"
             + "\"verbosity\":\"low\"}", "Weather?");

        verifyBody("""
                {"model":"databricks-gpt-5","input":"Weather?",
                 "text":{"format":{"type":"json_schema","name":"mine","schema":{}},"verbosity":"low"}}""");
    }

    @Test
    void functionToolsAlwaysSayStrictAndAlwaysHaveParameters() {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"now\",\"description\":\"The time\"}},"
                       + "{\"type\":\"function\",\"function\":{\"name\":\"exact\",\"strict\":true,\"parameters\":"
                       + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"],"
                       + "\"additionalProperties\":false}}},"
                       + "{\"type\":\"function\",\"name\":\"flat\",\"parameters\":{\"type\":\"object\"}},"
                       + "{\"type\":\"web_search_preview\"}]";
        call("", "What time is it?", Map.of(DatabricksAiConstants.TOOLS, tools));

        verifyBody("""
                {"model":"databricks-gpt-5","input":"What time is it?",
                 "tools":[{"type":"function","name":"now","description":"The time",
                           "parameters":{"type":"object","properties":{}},"strict":false},
                          {"type":"function","name":"exact","strict":true,
                           "parameters":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],
                                         "additionalProperties":false}},
                          {"type":"function","name":"flat","parameters":{"type":"object"},"strict":false},
                          {"type":"web_search_preview"}]}""");
    }

    @Test
    void moreThan32ToolsAreSent() {
        // 32 is the Chat Completions limit (RefusalTest); the Responses API states none
        call("", "Hi", Map.of(DatabricksAiConstants.TOOLS, RefusalTest.tools(33)));

        StringBuilder tools = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            tools.append(i > 0 ? "," : "").append("{\"type\":\"function\",\"name\":\"f").append(i)
                    .append("\",\"parameters\":{\"type\":\"object\",\"properties\":{}},\"strict\":false}");
        }
        verifyBody("{\"model\":\"databricks-gpt-5\",\"input\":\"Hi\",\"tools\":[" + tools + "]}");
    }

    @Test
    void replayedCallsLoseTheirItemIdsUnlessTheirTurnsReasoningIsSent() {
        ToolCall fromHeader = ToolCall.function("call_2", "get_weather", "{\"city\":\"Bergen\"}");
        fromHeader.setAdditionalProperty("item_id", "fc_2");
        ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT, null);
        assistant.setToolCalls(List.of(fromHeader));
        List<Object> input = List.of(
                Map.of("role", "user", "content", "Weather in Oslo and Bergen?"),
                // turn 1, replayed with its reasoning item: the ids tie the call to it and stay
                Map.of("type", "reasoning", "id", "rs_1", "summary", List.of(), "encrypted_content", "gAAA"),
                Map.of("type", "function_call", "id", "fc_1", "call_id", "call_1", "name", "get_weather",
                        "arguments", "{\"city\":\"Oslo\"}"),
                Map.of("type", "function_call_output", "call_id", "call_1", "output", "3"),
                // turn 2, without reasoning: nothing is stored server-side to resolve the id against
                assistant,
                ChatMessage.tool("call_2", "5"),
                // turn 3, as a Map copied from an earlier answer
                Map.of("type", "function_call", "id", "fc_3", "call_id", "call_3", "name", "get_weather",
                        "arguments", "{\"city\":\"Tromsø\"}", "status", "completed"),
                Map.of("type", "function_call_output", "call_id", "call_3", "output", "-2"));

        call("", input);

        verifyBody("""
                {"model":"databricks-gpt-5","input":[
                  {"role":"user","content":"Weather in Oslo and Bergen?"},
                  {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA"},
                  {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
                  {"type":"function_call_output","call_id":"call_1","output":"3"},
                  {"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\\"city\\":\\"Bergen\\"}"},
                  {"type":"function_call_output","call_id":"call_2","output":"5"},
                  {"type":"function_call","call_id":"call_3","name":"get_weather","arguments":"{\\"city\\":\\"Tromsø\\"}",
                   "status":"completed"},
                  {"type":"function_call_output","call_id":"call_3","output":"-2"}]}""");
    }

    @Test
    void aFullRequestsReplayedCallsFollowTheSameRule() {
        Map<String, Object> request = Map.of("input", List.of(
                Map.of("role", "user", "content", "Weather in Oslo?"),
                Map.of("type", "function_call", "id", "fc_1", "call_id", "call_1", "name", "get_weather",
                        "arguments", "{}"),
                Map.of("type", "function_call_output", "call_id", "call_1", "output", "3")));

        call("", request);

        verifyBody("""
                {"model":"databricks-gpt-5","input":[
                  {"role":"user","content":"Weather in Oslo?"},
                  {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{}"},
                  {"type":"function_call_output","call_id":"call_1","output":"3"}]}""");
    }
}
