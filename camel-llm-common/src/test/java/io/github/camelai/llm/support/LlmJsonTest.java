package io.github.camelai.llm.support;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.sse.SseEvent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmJsonTest {

    @Test
    void parseErrorsNameTheSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmJson.parse("Header X", "{bad"));
        assertTrue(e.getMessage().startsWith("Header X is not valid JSON: "), e.getMessage());
    }

    @Test
    void unreadableAnswersAreLlmExceptions() {
        LlmException e = assertThrows(LlmException.class,
                () -> LlmJson.read("<html>oops</html>".getBytes(), ChatCompletion.class, "the chat completion"));
        assertTrue(e.getMessage().startsWith("Cannot read the chat completion from the service's answer: "), e.getMessage());
    }

    @Test
    void optionJsonFromTextOrResource() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            assertEquals("object", LlmJson.readOptionJson(context, "jsonSchema", " resource:classpath:schema.json ")
                    .get("type").asText());
            assertEquals(1, LlmJson.readOptionJson(context, "x", "{\"a\":1}").get("a").asInt());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LlmJson.readOptionJson(context, "jsonSchema", "resource:classpath:nope.json"));
            assertTrue(e.getMessage().startsWith("Option jsonSchema: cannot read classpath:nope.json"), e.getMessage());
        }
    }

    @Test
    void streamEventsParse() {
        assertNull(LlmCalls.parse(new SseEvent(null, "[DONE]", null), ChatCompletion.class));
        assertNull(LlmCalls.parse(new SseEvent(null, "  ", null), ChatCompletion.class));
        assertEquals("x", LlmCalls.parse(new SseEvent("message", "{\"id\":\"x\"}", null), ChatCompletion.class).getId());
        LlmException e = assertThrows(LlmException.class,
                () -> LlmCalls.parse(new SseEvent("error", "{\"error\":\"overloaded\"}", null), ChatCompletion.class));
        assertEquals("The service reported an error in the stream: {\"error\":\"overloaded\"}", e.getMessage());
    }
}
