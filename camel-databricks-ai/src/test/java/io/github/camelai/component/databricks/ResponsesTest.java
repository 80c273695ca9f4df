package io.github.camelai.component.databricks;

import java.util.List;
import java.util.Map;

import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ContentPart;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResponsesTest extends DatabricksTestSupport {

    static final String PATH = "/serving-endpoints/responses";

    static final String ANSWER = """
            {"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","model":"gpt-5-2025-08-07",
             "output":[
               {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Think about greetings."}]},
               {"type":"message","id":"msg_1","role":"assistant","status":"completed",
                "content":[{"type":"output_text","text":"Hello","annotations":[]},{"type":"output_text","text":" world"}]}],
             "usage":{"input_tokens":11,"output_tokens":40,"total_tokens":51,"output_tokens_details":{"reasoning_tokens":30}}}""";

    @Test
    void stringInputWithEveryOption() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER).withHeader("served-model-name", "gpt-5")));

        Exchange out = send(uri("responses", "model=databricks-gpt-5&systemMessage=Be kind&maxTokens=500&temperature=0.3"
                                             + "&topP=0.8&topLogprobs=2&reasoningEffort=low"
                                             + "&tools=resource:classpath:tools.json&toolChoice=get_weather"
                                             + "&responseFormat=json_schema&jsonSchema=resource:classpath:schema.json"
                                             + "&additionalBodyProperty.parallel_tool_calls=false"
                                             + "&additionalBodyProperty.metadata={\"team\":\"ai\"}"
                                             + "&additionalBodyProperty.prompt_cache_key=k1"
                                             + "&additionalBodyProperty.include=[\"message.output_text.logprobs\"]"),
                "Say hello");

        assertNull(out.getException());
        assertEquals("Hello world", out.getMessage().getBody());
        assertEquals("resp_1", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_ID));
        assertEquals("gpt-5-2025-08-07", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_MODEL));
        assertEquals("completed", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        assertEquals(11, out.getMessage().getHeader(DatabricksAiConstants.PROMPT_TOKENS));
        assertEquals(40, out.getMessage().getHeader(DatabricksAiConstants.COMPLETION_TOKENS));
        assertEquals(51, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        assertEquals(30, out.getMessage().getHeader(DatabricksAiConstants.REASONING_TOKENS));
        assertEquals("Think about greetings.", out.getMessage().getHeader(DatabricksAiConstants.REASONING));
        assertEquals("gpt-5", out.getMessage().getHeader(DatabricksAiConstants.SERVED_MODEL_NAME));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"model":"databricks-gpt-5","input":"Say hello","instructions":"Be kind","max_output_tokens":500,
                         "temperature":0.3,"top_p":0.8,"top_logprobs":2,
                         "tools":[{"type":"function","name":"get_weather","description":"The current weather in a city",
                           "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}],
                         "tool_choice":{"type":"function","name":"get_weather"},
                         "text":{"format":{"type":"json_schema","name":"person","schema":{"type":"object",
                           "properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]},"strict":true}},
                         "reasoning":{"effort":"low"},
                         "parallel_tool_calls":false,"metadata":{"team":"ai"},"prompt_cache_key":"k1",
                         "include":["message.output_text.logprobs"]}""")));
    }

    @Test
    void aStreamedCallAnsweredWithAWholeResponseIsReadAsThatResponse() {
        // a server that ignores "stream": true answers application/json
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
        Exchange out = send(uri("responses", "model=databricks-gpt-5&streaming=true&streamOutput=aggregate"), "Say hello");
        assertNull(out.getException());
        assertEquals("Hello world", out.getMessage().getBody());
        assertEquals("resp_1", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_ID));
        assertEquals(51, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
    }

    @Test
    void functionCallsReachTheRouteAsToolCalls() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"id":"resp_2","object":"response","status":"completed","model":"gpt-5",
                 "output":[{"type":"function_call","id":"fc_1","call_id":"call_abc","name":"get_weather",
                            "arguments":"{\\"city\\":\\"Oslo\\"}","status":"completed"}],
                 "usage":{"input_tokens":20,"output_tokens":8,"total_tokens":28}}""")));

        Exchange out = send(uri("responses", "model=databricks-gpt-5&tools=resource:classpath:tools.json&toolChoice=required"),
                "Weather in Oslo?");

        assertNull(out.getException());
        assertNull(out.getMessage().getBody());
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS, List.class);
        assertEquals(1, calls.size());
        assertEquals("call_abc", calls.get(0).getId());
        assertEquals("fc_1", calls.get(0).getAdditionalProperty("item_id"));
        assertEquals("get_weather", calls.get(0).getFunction().getName());
        assertEquals("{\"city\":\"Oslo\"}", calls.get(0).getFunction().getArguments());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"databricks-gpt-5","input":"Weather in Oslo?",
                 "tools":[{"type":"function","name":"get_weather","description":"The current weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}],
                 "tool_choice":"required"}""")));
    }

    @Test
    void followUpTurnAsInputItemsAndFullResponse() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
        List<Object> input = List.of(
                Map.of("role", "user", "content", "Weather in Oslo?"),
                Map.of("type", "function_call", "call_id", "call_abc", "name", "get_weather",
                        "arguments", "{\"city\":\"Oslo\"}"),
                Map.of("type", "function_call_output", "call_id", "call_abc", "output", "{\"temp_c\":3}"));

        Exchange out = send(uri("responses", "model=databricks-gpt-5&fullResponse=true"), input);

        assertNull(out.getException());
        Map<?, ?> body = assertInstanceOf(Map.class, out.getMessage().getBody());
        assertEquals("resp_1", body.get("id"));
        assertEquals(2, ((List<?>) body.get("output")).size());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"databricks-gpt-5","input":[{"role":"user","content":"Weather in Oslo?"},
                  {"type":"function_call","call_id":"call_abc","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
                  {"type":"function_call_output","call_id":"call_abc","output":"{\\"temp_c\\":3}"}]}""", true, false)));
    }

    @Test
    void chatStyleToolTurnBecomesFunctionCallItems() {
        // the chat tool loop, reused for responses: the calls from the tool-calls header go back in an assistant
        // ChatMessage and the results in tool messages; typed content parts become Responses content blocks
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
        ToolCall call = ToolCall.function("call_abc", "get_weather", "{\"city\":\"Oslo\"}");
        call.setAdditionalProperty("item_id", "fc_1");
        ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT, "Let me check.");
        assistant.setToolCalls(List.of(call));
        List<Object> input = List.of(
                ChatMessage.user(List.of(ContentPart.text("Weather here?"), ContentPart.imageUrl("https://x.example/oslo.png"))),
                assistant,
                ChatMessage.tool("call_abc", "{\"temp_c\":3}"),
                Map.of("role", "tool", "tool_call_id", "call_abc", "content", "again"));

        Exchange out = send(uri("responses", "model=databricks-gpt-5"), input);

        assertNull(out.getException());
        assertEquals("Hello world", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"databricks-gpt-5","input":[
                  {"role":"user","content":[{"type":"input_text","text":"Weather here?"},
                                            {"type":"input_image","image_url":"https://x.example/oslo.png"}]},
                  {"role":"assistant","content":"Let me check."},
                  {"type":"function_call","call_id":"call_abc","name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"},
                  {"type":"function_call_output","call_id":"call_abc","output":"{\\"temp_c\\":3}"},
                  {"type":"function_call_output","call_id":"call_abc","output":"again"}]}""")));
    }

    @Test
    void additionalTextAndReasoningObjectsAreMergedWithTheOptions() {
        // text.verbosity and reasoning.summary have no option of their own: additionalBodyProperty must not lose
        // them to responseFormat / reasoningEffort, nor keep the filled-in fields for the next exchange
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
        String uri = uri("responses", "model=databricks-gpt-5&responseFormat=json_object&reasoningEffort=high"
                                      + "&additionalBodyProperty.text={\"verbosity\":\"low\"}"
                                      + "&additionalBodyProperty.reasoning={\"summary\":\"auto\"}");

        Exchange first = send(uri, "Hi");
        Exchange second = send(uri, "Hi", Map.of(DatabricksAiConstants.REASONING_EFFORT, "low",
                DatabricksAiConstants.RESPONSE_FORMAT, "text"));

        assertNull(first.getException());
        assertNull(second.getException());
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"databricks-gpt-5","input":"Hi","text":{"verbosity":"low","format":{"type":"json_object"}},
                 "reasoning":{"summary":"auto","effort":"high"}}""")));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"databricks-gpt-5","input":"Hi","text":{"verbosity":"low","format":{"type":"text"}},
                 "reasoning":{"summary":"auto","effort":"low"}}""")));
    }

    @Test
    void fullRequestMapKeepsItsFieldsAndOptionsFillTheRest() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
        Map<String, Object> request = Map.of(
                "input", "Hi",
                "instructions", "From the body",
                "text", Map.of("verbosity", "low"),
                "truncation", "auto");

        Exchange out = send(uri("responses", "model=databricks-gpt-5&systemMessage=From options&responseFormat=json_object"
                                             + "&maxTokens=64"), request);

        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"model":"databricks-gpt-5","input":"Hi","instructions":"From the body","truncation":"auto",
                 "text":{"verbosity":"low","format":{"type":"json_object"}},"max_output_tokens":64}""")));
    }

    @Test
    void incompleteResponseReportsTheReason() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"id":"resp_3","object":"response","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},
                 "output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Partial"}]}]}""")));

        Exchange out = send(uri("responses", "model=databricks-gpt-5"), "Write a novel");

        assertEquals("Partial", out.getMessage().getBody());
        assertEquals("max_output_tokens", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
    }

    @Test
    void failedResponseFailsTheExchange() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"id":"resp_4","object":"response","status":"failed",
                 "error":{"code":"server_error","message":"The model crashed"},"output":[]}""")));

        Exchange out = send(uri("responses", "model=databricks-gpt-5"), "Hi");

        DatabricksResponseException e = assertInstanceOf(DatabricksResponseException.class, out.getException());
        assertEquals("server_error", e.getCode());
        assertEquals("Databricks Responses API reported an error server_error: The model crashed", e.getMessage());
    }
}
