package io.github.camelai.component.baseten;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class BasetenChatTest extends BasetenWireMockSupport {

    private void stubChat(String path, String response) {
        wm.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(response)));
    }

    @Test
    void modelApisChatSendsSlugKeyAndOptions() {
        stubChat("/v1/chat/completions", chatResponse("Hello there"));
        Exchange out = send("baseten:chat?model=openai/gpt-oss-120b&baseUrl=" + baseUrl()
                            + "&temperature=0.2&maxTokens=64&systemMessage=Be brief&stop=END,STOP&topK=5",
                "Hi");
        assertNull(out.getException());
        assertEquals("Hello there", out.getMessage().getBody());
        assertEquals("chatcmpl-1", out.getMessage().getHeader(BasetenConstants.RESPONSE_ID));
        assertEquals("served-model", out.getMessage().getHeader(BasetenConstants.RESPONSE_MODEL));
        assertEquals("stop", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        assertEquals(5, out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertEquals(7, out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
        assertEquals(12, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("x-session-affinity", absent())
                .withRequestBody(equalToJson("{\"model\":\"openai/gpt-oss-120b\",\"messages\":["
                                             + "{\"role\":\"system\",\"content\":\"Be brief\"},"
                                             + "{\"role\":\"user\",\"content\":\"Hi\"}],"
                                             + "\"temperature\":0.2,\"max_tokens\":64,\"top_k\":5,"
                                             + "\"stop\":[\"END\",\"STOP\"]}")));
    }

    @Test
    void dedicatedChatSendsTheModelOrAPlaceholder() {
        stubChat("/environments/production/sync/v1/chat/completions", chatResponse("ok"));
        Exchange out = send("baseten:chat?modelUrl=" + modelUrl(), "Hi");
        assertNull(out.getException());
        assertEquals("ok", out.getMessage().getBody());
        // exact JSON: OpenAI-compatible engines may require "model"; engines serving one model ignore its value
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));

        send("baseten:chat?model=served&modelUrl=" + modelUrl(), "Hi");
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"served\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    }

    @Test
    void headersOverrideModelAndParametersAndSessionAffinityIsSent() {
        stubChat("/v1/chat/completions", chatResponse("ok"));
        Exchange out = send("baseten:chat?model=a/b&temperature=0.1&sessionAffinity=opt-aff&baseUrl=" + baseUrl(), "Hi",
                Map.of(BasetenConstants.MODEL, "c/d", BasetenConstants.TEMPERATURE, "0.9",
                        BasetenConstants.SESSION_AFFINITY, "user-42"));
        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("x-session-affinity", equalTo("user-42"))
                .withRequestBody(equalToJson("{\"model\":\"c/d\",\"temperature\":0.9,"
                                             + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
        wm.resetRequests();
        send("baseten:chat?model=a/b&sessionAffinity=opt-aff&baseUrl=" + baseUrl(), "Hi");
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("x-session-affinity", equalTo("opt-aff")));
    }

    @Test
    void sessionAffinityWithControlCharactersIsRefused() {
        Exchange out = send("baseten:chat?model=a/b&baseUrl=" + baseUrl(), "Hi",
                Map.of(BasetenConstants.SESSION_AFFINITY, "a\r\nX-Evil: 1"));
        assertEquals("sessionAffinity must be up to 256 printable ASCII characters", out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void toolsToolChoiceAndToolCallsHeader() {
        stubChat("/v1/chat/completions", "{\"id\":\"c2\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{"
                                         + "\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                                         + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                         + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                                         + "\"finish_reason\":\"tool_calls\"}]}");
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather\","
                       + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl() + "&toolChoice=get_weather&tools=RAW(" + tools + ")",
                "Weather in Paris?");
        assertNull(out.getException());
        assertNull(out.getMessage().getBody());
        assertEquals("tool_calls", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        @SuppressWarnings("unchecked")
        List<ToolCall> calls = out.getMessage().getHeader(BasetenConstants.TOOL_CALLS, List.class);
        assertEquals(1, calls.size());
        assertEquals("call_1", calls.get(0).getId());
        assertEquals("get_weather", calls.get(0).getFunction().getName());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).getFunction().getArguments());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                + "\"tools\":" + tools + ","
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}")));
    }

    @Test
    void toolResultConversationAsMessageList() {
        stubChat("/v1/chat/completions", chatResponse("It is sunny"));
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "user", "content", "Weather in Paris?"),
                Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "call_1", "type", "function",
                        "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}")))),
                Map.of("role", "tool", "tool_call_id", "call_1", "content", "sunny"));
        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl() + "&toolChoice=auto", messages);
        assertEquals("It is sunny", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"tool_choice\":\"auto\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}]}")));
    }

    @Test
    void jsonSchemaResponseFormatAndChatTemplateKwargs() {
        stubChat("/v1/chat/completions", chatResponse("{\"name\":\"Ada\"}"));
        String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";
        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl() + "&responseFormat=json_schema&jsonSchema=RAW("
                            + schema + ")&additionalBodyProperty.chat_template_kwargs=RAW({\"enable_thinking\":false})"
                            + "&additionalBodyProperty.repetition_penalty=1.1",
                "Who?");
        assertEquals("{\"name\":\"Ada\"}", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Who?\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"response\",\"schema\":"
                + schema + ",\"strict\":true}},"
                + "\"chat_template_kwargs\":{\"enable_thinking\":false},\"repetition_penalty\":1.1}")));
    }

    @Test
    void jsonObjectResponseFormat() {
        stubChat("/v1/chat/completions", chatResponse("{}"));
        send("baseten:chat?model=m&baseUrl=" + baseUrl() + "&responseFormat=json_object", "Give JSON");
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Give JSON\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}")));
    }

    @Test
    void reasoningIsKeptApartFromTheAnswer() {
        stubChat("/v1/chat/completions", "{\"id\":\"r\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{"
                                         + "\"role\":\"assistant\",\"content\":\"42\",\"reasoning_content\":\"6 times 7\"},"
                                         + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,"
                                         + "\"completion_tokens\":9,\"total_tokens\":10,"
                                         + "\"completion_tokens_details\":{\"reasoning_tokens\":4}}}");
        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl() + "&reasoningEffort=high", "Answer?");
        assertEquals("42", out.getMessage().getBody());
        assertEquals("6 times 7", out.getMessage().getHeader(BasetenConstants.REASONING));
        assertEquals(4, out.getMessage().getHeader(BasetenConstants.REASONING_TOKENS));
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"Answer?\"}]}")));
    }

    @Test
    void fullResponseGivesTheResponseObject() {
        stubChat("/v1/chat/completions", chatResponse("x"));
        Exchange out = send("baseten:chat?model=m&fullResponse=true&baseUrl=" + baseUrl(), "Hi");
        ChatCompletion c = assertInstanceOf(ChatCompletion.class, out.getMessage().getBody());
        assertEquals("x", c.firstMessage().text());
    }

    @Test
    void imageBodyBecomesDataUrlPartWithPrompt() {
        stubChat("/environments/production/sync/v1/chat/completions", chatResponse("A cat"));
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3 };
        Exchange out = send("baseten:chat?model=vlm&modelUrl=" + modelUrl(), png,
                Map.of(BasetenConstants.IMAGE_MIME_TYPE, "image/png", BasetenConstants.PROMPT, "What is this?"));
        assertNull(out.getException());
        assertEquals("A cat", out.getMessage().getBody());
        String b64 = Base64.getEncoder().encodeToString(png);
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"vlm\",\"messages\":[{\"role\":\"user\",\"content\":["
                                             + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                                             + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                                             + b64 + "\"}}]}]}")));
    }

    @Test
    void audioFileBodyBecomesInputAudioPart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        stubChat("/environments/production/sync/v1/chat/completions", chatResponse("Hello world"));
        java.io.File wav = dir.resolve("a.wav").toFile();
        java.nio.file.Files.write(wav.toPath(), "RIFFdata".getBytes(StandardCharsets.US_ASCII));
        Exchange out = send("baseten:chat?audioFormat=wav&prompt=Transcribe&modelUrl=" + modelUrl(), wav);
        assertEquals("Hello world", out.getMessage().getBody());
        String b64 = Base64.getEncoder().encodeToString("RIFFdata".getBytes(StandardCharsets.US_ASCII));
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"messages\":[{\"role\":\"user\",\"content\":["
                                             + "{\"type\":\"text\",\"text\":\"Transcribe\"},"
                                             + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"" + b64
                                             + "\",\"format\":\"wav\"}}]}]}")));
    }

    @Test
    void badImageMimeTypeIsRefused() {
        Exchange out = send("baseten:chat?modelUrl=" + modelUrl(), new byte[] { 1 },
                Map.of(BasetenConstants.IMAGE_MIME_TYPE, "text/html"));
        assertEquals("imageMimeType 'text/html' is not an image MIME type such as image/png or image/jpeg",
                out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void messageListWithImagePartsPassesThrough() {
        stubChat("/environments/production/sync/v1/chat/completions", chatResponse("A dog"));
        List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "Describe"),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/dog.jpg")))));
        Exchange out = send("baseten:chat?modelUrl=" + modelUrl(), messages);
        assertEquals("A dog", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"messages\":[{\"role\":\"user\",\"content\":["
                                             + "{\"type\":\"text\",\"text\":\"Describe\"},{\"type\":\"image_url\","
                                             + "\"image_url\":{\"url\":\"https://example.com/dog.jpg\"}}]}]}")));
    }

    @Test
    void binaryBodyWithoutMimeTypeSaysWhatToSet() {
        // the start of a PNG file: not UTF-8 text
        Exchange out = send("baseten:chat?modelUrl=" + modelUrl(), new byte[] { (byte) 0x89, 'P', 'N', 'G' });
        assertEquals("The chat body (byte[], 4 bytes) is not UTF-8 text; send text, set the exchange property "
                     + "CamelCharsetName (or the charset of Content-Type) to its charset, or, on baseten:chat, set "
                     + "imageMimeType or audioFormat to send it as an attachment", out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void textBytesWithoutMimeTypeAreTheQuestion() {
        stubChat("/environments/production/sync/v1/chat/completions", chatResponse("An integration framework"));
        Exchange out = send("baseten:chat?modelUrl=" + modelUrl(),
                new java.io.ByteArrayInputStream("What is Camel?".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("An integration framework", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/environments/production/sync/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"messages\":[{\"role\":\"user\","
                                             + "\"content\":\"What is Camel?\"}]}")));
    }

    @Test
    void severalChoicesGiveAListAndAFullRequestMapIsFilledByOptions() {
        stubChat("/v1/chat/completions", "{\"id\":\"n\",\"model\":\"m\",\"choices\":["
                                         + "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A\"},\"finish_reason\":\"stop\"},"
                                         + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},\"finish_reason\":\"stop\"}]}");
        Map<String, Object> request = Map.of("messages", List.of(Map.of("role", "user", "content", "Two names")),
                "n", 2, "temperature", 1.0);
        Exchange out = send("baseten:chat?model=m&temperature=0.1&maxTokens=9&baseUrl=" + baseUrl(), request);
        assertEquals(List.of("A", "B"), out.getMessage().getBody());
        // what the body set wins; the options fill the rest
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"n\":2,\"temperature\":1.0,\"max_tokens\":9,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Two names\"}]}")));
    }

    @Test
    void streamingCanBeSwitchedOnByHeader() {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(BasetenStreamingTest.TEXT_STREAM)));
        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl(), "Hi",
                Map.of(BasetenConstants.STREAMING, true, BasetenConstants.STREAM_OUTPUT, "aggregate"));
        assertNull(out.getException());
        assertEquals("Hello world", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    }

    @Test
    void unsupportedBodyNamesAcceptedTypes() {
        Exchange out = send("baseten:chat?model=m&baseUrl=" + baseUrl(), 42);
        assertEquals("The chat operation cannot use a body of type Integer; it accepts String (one user "
                     + "message), List of messages (ChatMessage or Map with role and content), or a full request as "
                     + "Map, JsonNode or ChatCompletionRequest", out.getException().getMessage());
    }
}
