package io.github.camelai.component.databricks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Input Databricks would refuse is refused before any HTTP call, with a message naming the problem. */
class RefusalTest extends DatabricksTestSupport {

    @AfterEach
    void nothingWasSent() {
        assertEquals(0, requestCount(), "a refused exchange must not reach the service");
    }

    private String refusal(String uri, Object body) {
        return refusal(uri, body, Map.of());
    }

    private String refusal(String uri, Object body, Map<String, Object> headers) {
        Exchange out = send(uri, body, headers);
        return assertInstanceOf(IllegalArgumentException.class, out.getException()).getMessage();
    }

    static String tools(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append("{\"type\":\"function\",\"function\":{\"name\":\"f").append(i).append("\"}}");
        }
        return sb.append("]").toString();
    }

    @Test
    void moreThan15FunctionParametersAndTopLogprobsOutOfRange() {
        StringBuilder props = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            props.append(i > 0 ? "," : "").append("\"p").append(i).append("\":{\"type\":\"string\"}");
        }
        String tool = "[{\"type\":\"function\",\"function\":{\"name\":\"wide\",\"parameters\":{\"type\":\"object\","
                      + "\"properties\":{" + props + "}}}}]";
        assertEquals("Tool wide has 16 parameters; Databricks accepts at most 15 per function: group some into an object "
                     + "parameter", refusal(uri("chat", "model=m"), "Hi", Map.of(DatabricksAiConstants.TOOLS, tool)));
        assertEquals("topLogprobs is 21; Databricks accepts 0 to 20",
                refusal(uri("chat", "model=m&logprobs=true&topLogprobs=21"), "Hi"));
    }

    @Test
    void moreThan32ToolsOnChat() {
        // a Chat Completions limit only: ResponsesTest shows responses sending 33
        Map<String, Object> h = Map.of(DatabricksAiConstants.TOOLS, tools(33));
        assertEquals("The request has 33 tools; Databricks accepts at most 32", refusal(uri("chat", "model=m"), "Hi", h));
    }

    @Test
    void systemMessageNotFirst() {
        List<Map<String, String>> messages = List.of(Map.of("role", "user", "content", "Hi"),
                Map.of("role", "system", "content", "Be brief"));
        assertEquals("Message 1 is a system message; a system message may only come first (or use the systemMessage option)",
                refusal(uri("chat", "model=m"), messages));
    }

    @Test
    void emptyMessagesAndInputs() {
        assertEquals("The chat request has no messages: send a String, or a List with at least one message",
                refusal(uri("chat", "model=m"), new ArrayList<>()));
        assertEquals("The chat input is empty: send a non-empty String or a List of messages",
                refusal(uri("chat", "model=m"), ""));
        assertEquals("The completion input is empty: send a non-empty String", refusal(uri("completion", "model=m"), ""));
        assertEquals("The embedding input is an empty List: send at least one String",
                refusal(uri("embedding", "model=m"), List.of()));
        assertEquals("The responses input is empty: send a non-empty String", refusal(uri("responses", "model=m"), ""));
        assertEquals("The responses input is an empty List: send at least one input item",
                refusal(uri("responses", "model=m"), List.of()));
        assertEquals("The responses request has an empty \"input\"",
                refusal(uri("responses", "model=m"), Map.of("input", List.of())));
    }

    @Test
    void anEmptyMessageListIsRefusedEvenWithTheSystemMessageOption() {
        // the systemMessage option must not turn an empty conversation into a lone system message that is sent
        assertEquals("The chat request has no messages: send a String, or a List with at least one message",
                refusal(uri("chat", "model=m&systemMessage=Be brief"), new ArrayList<>()));
        assertEquals("The chat request has no messages: send a String, or a List with at least one message",
                refusal(uri("chat", "model=m"), Map.of("messages", List.of()),
                        Map.of(DatabricksAiConstants.SYSTEM_MESSAGE, "Be brief")));
    }

    @Test
    void aToolMessageWithoutToolCallIdIsRefusedForResponses() {
        assertEquals("Item 1 of the responses input is a tool message without tool_call_id: set it to the id of the tool "
                     + "call it answers",
                refusal(uri("responses", "model=m"), List.of(Map.of("role", "user", "content", "Hi"),
                        Map.of("role", "tool", "content", "{\"temp_c\":3}"))));
    }

    @Test
    void topLogprobsWithoutLogprobs() {
        assertEquals("topLogprobs needs logprobs=true", refusal(uri("chat", "model=m&topLogprobs=3"), "Hi"));
        assertEquals("topLogprobs needs logprobs=true",
                refusal(uri("chat", "model=m"), "Hi", Map.of(DatabricksAiConstants.TOP_LOGPROBS, 2)));
    }

    @Test
    void responsesFieldsDatabricksRejects() {
        assertEquals("Databricks does not support the Responses API fields background, store (it answers 400): remove them "
                     + "from the request body and the additionalBodyProperty options",
                refusal(uri("responses", "model=m"), Map.of("input", "Hi", "store", true, "background", false)));
        assertEquals("Databricks does not support the Responses API field conversation (it answers 400): remove it from the "
                     + "request body and the additionalBodyProperty options",
                refusal(uri("responses", "model=m"), Map.of("input", "Hi", "conversation", "conv_1")));
        assertEquals("Databricks does not support the Responses API field service_tier (it answers 400): remove it from the "
                     + "request body and the additionalBodyProperty options",
                refusal(uri("responses", "model=m&additionalBodyProperty.service_tier=flex"), "Hi"));
    }

    @Test
    void bodiesOfAnotherType() {
        assertEquals("The chat operation cannot use a body of type Integer; it accepts String (one user message), "
                     + "List of messages (ChatMessage or Map with role and content), or a full request as Map, JsonNode or "
                     + "ChatCompletionRequest", refusal(uri("chat", "model=m"), 42));
        assertEquals("The responses operation cannot use a body of type Integer; it accepts String (the input "
                     + "text), List of input items, or a full request as Map or JsonNode",
                refusal(uri("responses", "model=m"), 42));
        assertEquals("The embedding operation cannot use a body of type null (no body); it accepts String, or a List, array or other Collection of String",
                refusal(uri("embedding", "model=m"), null));
        assertEquals("A Map or JsonNode body for responses must be a full request with an \"input\" (a String or a list of "
                     + "input items); send a String for one input text",
                refusal(uri("responses", "model=m"), Map.of("instructions", "x")));
    }

    @Test
    void badHeaderValues() {
        assertEquals("Header CamelDatabricksAiTemperature has the value 'warm', which is not a Double",
                refusal(uri("chat", "model=m"), "Hi", Map.of(DatabricksAiConstants.TEMPERATURE, "warm")));
    }
}
