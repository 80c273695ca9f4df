package io.github.camelai.examples;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** routes/tools-chat.yaml against the emulator playing a tool-calling model: the tool route runs, the model answers. */
class ToolsChatYamlTest {

    private LocalLlmEmulator emulator;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        emulator = new LocalLlmEmulator().chunkDelay(0).start();
        context = ExampleContexts.withYamlRoutes(ExampleContexts.properties(emulator), "tools-chat.yaml");
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        emulator.close();
    }

    @Test
    void theModelCallsTheYamlToolRouteOncePerCityAndAnswers() throws Exception {
        Exchange out = context.createProducerTemplate().request("direct:tools-chat",
                e -> e.getMessage().setBody("What is the weather in Paris and Rome?"));

        assertNull(out.getException());
        Message m = out.getMessage();
        assertEquals("WHAT IS THE WEATHER IN PARIS AND ROME? [Paris: 21 °C, sunny; Rome: 21 °C, sunny]", m.getBody());
        assertEquals(1, m.getHeader("CamelBasetenToolIterations"));
        assertEquals(2, emulator.requests().size());
        JsonNode first = emulator.requests().get(0).json();
        assertEquals("getWeather", first.at("/tools/0/function/name").asText());
        assertEquals("City name, e.g. Paris", first.at("/tools/0/function/parameters/properties/city/description").asText());
        assertEquals("city", first.at("/tools/0/function/parameters/required/0").asText());
        JsonNode messages = emulator.requests().get(1).json().get("messages");
        assertEquals(4, messages.size());
        JsonNode calls = messages.get(1).get("tool_calls");
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).at("/function/arguments").asText());
        assertEquals("{\"city\":\"Rome\"}", calls.get(1).at("/function/arguments").asText());
        assertEquals(calls.get(0).get("id").asText(), messages.get(2).get("tool_call_id").asText());
        assertEquals("Paris: 21 °C, sunny", messages.get(2).get("content").asText());
        assertEquals(calls.get(1).get("id").asText(), messages.get(3).get("tool_call_id").asText());
        assertEquals("Rome: 21 °C, sunny", messages.get(3).get("content").asText());
        // usage of both rounds: the emulator counts words
        assertEquals(m.getHeader("CamelBasetenPromptTokens", Integer.class) + m.getHeader("CamelBasetenCompletionTokens", Integer.class),
                m.getHeader("CamelBasetenTotalTokens", Integer.class));
    }

    @Test
    void streamedRoundsGiveTheSameAnswer() throws Exception {
        context.getRouteController().stopRoute("tools-chat");
        Exchange out = context.createProducerTemplate().request("baseten:chat?model=m&apiKey=k&toolTags=weather"
                                                               + "&streaming=true&streamOutput=aggregate&baseUrl="
                                                               + emulator.basetenBaseUrl(),
                e -> e.getMessage().setBody("Weather in Oslo?"));

        assertNull(out.getException());
        assertEquals("WEATHER IN OSLO? [Oslo: 21 °C, sunny]", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader("CamelBasetenToolIterations"));
    }
}
