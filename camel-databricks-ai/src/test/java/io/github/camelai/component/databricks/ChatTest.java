package io.github.camelai.component.databricks;

import java.util.List;
import java.util.Map;

import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChatTest extends DatabricksTestSupport {

    static final String PATH = "/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations";
    static final String MODEL = "model=databricks-meta-llama-3-3-70b-instruct";

    static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"meta-llama-3.3-70b-instruct-121024",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""";

    @Test
    void chatSendsMessagesAndOptionsAndSetsHeaders() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER).withHeader("served-model-name", "llama-3-3-70b-v1")));

        Exchange out = send(uri("chat", MODEL + "&systemMessage=Be brief&temperature=0.2&maxTokens=50&topP=0.9&topK=40"
                                       + "&stop=END,STOP&additionalBodyProperty.client_request_id=req-7"), "Hi");

        assertNull(out.getException());
        assertEquals("Hello there", out.getMessage().getBody());
        assertEquals("chatcmpl-1", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_ID));
        assertEquals("meta-llama-3.3-70b-instruct-121024", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_MODEL));
        assertEquals("stop", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        assertEquals(12, out.getMessage().getHeader(DatabricksAiConstants.PROMPT_TOKENS));
        assertEquals(3, out.getMessage().getHeader(DatabricksAiConstants.COMPLETION_TOKENS));
        assertEquals(15, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        assertEquals("llama-3-3-70b-v1", out.getMessage().getHeader(DatabricksAiConstants.SERVED_MODEL_NAME));
        assertNull(out.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("""
                        {"stream":false,"messages":[{"role":"system","content":"Be brief"},{"role":"user","content":"Hi"}],
                         "temperature":0.2,"max_tokens":50,"top_p":0.9,"top_k":40,"stop":["END","STOP"],
                         "client_request_id":"req-7"}""")));
    }

    @Test
    void servedModelGoesInThePath() {
        String path = "/serving-endpoints/my-endpoint/served-models/llama-b/invocations";
        wm.stubFor(post(urlEqualTo(path)).willReturn(okJson(ANSWER)));

        Exchange out = send(uri("chat", "model=my-endpoint&servedModel=llama-b"), "Hi");

        assertNull(out.getException());
        assertEquals("Hello there", out.getMessage().getBody());
        wm.verify(1, postRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Hi"}]}""")));
    }

    @Test
    void headersOverrideModelAndGenerationParameters() {
        String path = "/serving-endpoints/other-endpoint/invocations";
        wm.stubFor(post(urlEqualTo(path)).willReturn(okJson(ANSWER)));

        Exchange out = send(uri("chat", MODEL + "&temperature=0.2"), "Hi", Map.of(
                DatabricksAiConstants.MODEL, "other-endpoint",
                DatabricksAiConstants.TEMPERATURE, "0.7",
                DatabricksAiConstants.MAX_TOKENS, 9,
                DatabricksAiConstants.SYSTEM_MESSAGE, "Answer in French",
                "CamelDatabricksAiHost", "https://evil.example.com",
                "CamelDatabricksAiToken", "stolen"));

        assertNull(out.getException());
        wm.verify(1, postRequestedFor(urlEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"stream":false,"messages":[{"role":"system","content":"Answer in French"},{"role":"user","content":"Hi"}],
                         "temperature":0.7,"max_tokens":9}""")));
    }

    @Test
    void aModelHeaderThatIsNotAPlainNameIsRefused() {
        Exchange out = send(uri("chat", MODEL), "Hi", Map.of(DatabricksAiConstants.MODEL, "../../api/2.0/secrets"));

        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, out.getException());
        assertEquals("The serving endpoint name (model) '../../api/2.0/secrets' is not a valid name: use letters, digits, "
                     + "'-', '_' and '.', starting with a letter or digit", e.getMessage());
        assertEquals(0, requestCount());
    }

    @Test
    void typedContentPartsBecomeTextAndReasoning() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"id":"c2","object":"chat.completion","model":"gpt-oss-120b",
                 "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":[
                   {"type":"reasoning","summary":[{"type":"summary_text","text":"The user greets; "},{"type":"summary_text","text":"greet back."}]},
                   {"type":"text","text":"Hello"},{"type":"text","text":" friend"}]}}],
                 "usage":{"prompt_tokens":5,"completion_tokens":20,"total_tokens":25,"reasoning_tokens":14}}""")));

        Exchange out = send(uri("chat", MODEL + "&reasoningEffort=high"), "Hi");

        assertNull(out.getException());
        assertEquals("Hello friend", out.getMessage().getBody());
        assertEquals("The user greets; greet back.", out.getMessage().getHeader(DatabricksAiConstants.REASONING));
        assertEquals(14, out.getMessage().getHeader(DatabricksAiConstants.REASONING_TOKENS));
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Hi"}],"reasoning_effort":"high"}""")));
    }

    @Test
    void toolsFromResourceWithToolChoiceAndToolCallsAsObjects() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"id":"c3","object":"chat.completion","model":"m",
                 "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
                   "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}],
                 "usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}""")));

        Exchange out = send(uri("chat", MODEL + "&tools=resource:classpath:tools.json&toolChoice=get_weather"),
                "Weather in Paris?");

        assertNull(out.getException());
        assertNull(out.getMessage().getBody());
        assertEquals("tool_calls", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS, List.class);
        assertEquals(1, calls.size());
        assertEquals("call_1", calls.get(0).getId());
        assertEquals("get_weather", calls.get(0).getFunction().getName());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).getFunction().getArguments());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"The current weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}}}""")));
    }

    @Test
    void toolCallArgumentsSentAsAJsonObjectReachTheRouteAsTheSameJsonText() {
        // the reference allows arguments as an object as well as a string: the route sees one form
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"id":"c4","object":"chat.completion","model":"m",
                 "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
                   "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":{"city":"Paris","days":[1, 2]}}},
                                 {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]}}]}""")));

        Exchange out = send(uri("chat", MODEL + "&tools=resource:classpath:tools.json"), "Weather in Paris and Oslo?");

        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS, List.class);
        assertEquals(2, calls.size());
        assertEquals("{\"city\":\"Paris\",\"days\":[1,2]}", calls.get(0).getFunction().getArguments());
        assertEquals("{\"city\":\"Oslo\"}", calls.get(1).getFunction().getArguments());
    }

    @Test
    void followUpTurnWithToolMessages() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
        ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT, null);
        assistant.setToolCalls(List.of(ToolCall.function("call_1", "get_weather", "{\"city\":\"Paris\"}")));
        List<Object> messages = List.of(
                ChatMessage.user("Weather in Paris?"),
                assistant,
                ChatMessage.tool("call_1", "{\"temp_c\":21}"));

        Exchange out = send(uri("chat", MODEL + "&tools=resource:classpath:tools.json&toolChoice=auto"), messages);

        assertNull(out.getException());
        assertEquals("Hello there", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Weather in Paris?"},
                   {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","content":"{\\"temp_c\\":21}","tool_call_id":"call_1"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"The current weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
                 "tool_choice":"auto"}""")));
    }

    @Test
    void fullRequestMapBodyWinsOverOptions() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));
        Map<String, Object> request = Map.of(
                "messages", List.of(Map.of("role", "user", "content", "Hi")),
                "temperature", 1.5,
                "stream", true);

        Exchange out = send(uri("chat", MODEL + "&temperature=0.2&maxTokens=10"), request);

        assertNull(out.getException());
        assertEquals("Hello there", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Hi"}],"temperature":1.5,"max_tokens":10}""")));
    }

    @Test
    void jsonSchemaFromResource() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));

        Exchange out = send(uri("chat", MODEL + "&responseFormat=json_schema&jsonSchema=resource:classpath:schema.json"), "Bob, 42");

        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Bob, 42"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"person","schema":{"type":"object",
                   "properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]},"strict":true}}}""")));
    }

    @Test
    void jsonSchemaFromTextAndJsonObject() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));

        send(uri("chat", MODEL + "&jsonSchema=RAW({\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}}})"), "A");
        send(uri("chat", MODEL + "&responseFormat=json_object"), "B");

        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"A"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"response",
                   "schema":{"type":"object","properties":{"ok":{"type":"boolean"}}},"strict":true}}}""")));
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"B"}],"response_format":{"type":"json_object"}}""")));
    }

    @Test
    void logprobsAndTopLogprobs() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(ANSWER)));

        Exchange out = send(uri("chat", MODEL + "&logprobs=true&topLogprobs=3"), "Hi");

        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Hi"}],"logprobs":true,"top_logprobs":3}""")));
    }

    @Test
    void severalChoicesGiveAListAndFullResponseGivesTheObject() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"id":"c4","object":"chat.completion","model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"One"},"finish_reason":"stop"},
                            {"index":1,"message":{"role":"assistant","content":"Two"},"finish_reason":"stop"}]}""")));

        Exchange list = send(uri("chat", MODEL + "&n=2"), "Count");
        Exchange full = send(uri("chat", MODEL + "&n=2&fullResponse=true"), "Count");

        assertEquals(List.of("One", "Two"), list.getMessage().getBody());
        ChatCompletion completion = assertInstanceOf(ChatCompletion.class, full.getMessage().getBody());
        assertEquals("c4", completion.getId());
        assertEquals(2, completion.getChoices().size());
        wm.verify(2, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Count"}],"n":2}""")));
    }

    @Test
    void errorBodyWithoutStatusLineStillAnswersWithAnHttpError() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("not json")));

        Exchange out = send(uri("chat", MODEL), "Hi");

        assertEquals("Cannot read the chat completion from the service's answer: Unrecognized token 'not': was expecting "
                     + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                out.getException().getMessage());
    }
}
