package io.github.camelai.component.baseten;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ProcessorEndpoint;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static io.github.camelai.component.baseten.BasetenToolLoopTest.finalAnswer;
import static io.github.camelai.component.baseten.BasetenToolLoopTest.requests;
import static io.github.camelai.component.baseten.BasetenToolLoopTest.rounds;
import static io.github.camelai.component.baseten.BasetenToolLoopTest.toolAnswer;
import static io.github.camelai.component.baseten.BasetenToolLoopTest.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Baseten YAML routes of docs/tools.md, loaded by camel-yaml-dsl and run against WireMock. */
class ToolsDocYamlTest extends BasetenWireMockSupport {

    /** The docs' ToolTurns bean, as printed there. */
    public static class ToolTurns {

        public List<Object> start(String question) {
            return new ArrayList<>(List.of(ChatMessage.user(question)));
        }

        @SuppressWarnings("unchecked")
        public void answer(Exchange exchange) {
            List<Object> messages = exchange.getVariable("messages", List.class);
            List<ToolCall> calls = exchange.getMessage().getHeader("CamelBasetenToolCalls", List.class);
            ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT, exchange.getMessage().getBody(String.class));
            assistant.setToolCalls(calls);
            messages.add(assistant);
            ProducerTemplate template = exchange.getContext().createProducerTemplate();
            for (ToolCall call : calls) {
                String result = template.requestBody("direct:" + call.getFunction().getName(),
                        call.getFunction().getArguments(), String.class);
                messages.add(ChatMessage.tool(call.getId(), result));
            }
        }
    }

    /** The docs' Baseten routes, pointed at WireMock. */
    private void loadDocRoutes() throws Exception {
        context.getRegistry().bind("toolTurns", new ToolTurns());
        String doc = Files.readString(Path.of("../docs/tools.md"));
        Matcher m = Pattern.compile("```yaml\\n(- route:.*?)```", Pattern.DOTALL).matcher(doc);
        int loaded = 0;
        while (m.find()) {
            String yaml = m.group(1);
            if (yaml.contains("databricks-ai:")) {
                continue;
            }
            yaml = yaml.replaceAll("(?m)^(\\s+)model: openai/gpt-oss-120b$",
                    "$1model: openai/gpt-oss-120b\n$1baseUrl: " + baseUrl() + "\n$1apiKey: k");
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("doc" + loaded + ".yaml", yaml));
            loaded++;
        }
        assertEquals(2, loaded, "the quick start and the manual loop");
    }

    @Test
    void theQuickStartRunsTheToolRouteAndAnswers() throws Exception {
        // stands in for the weather service the doc's tool route calls
        context.addComponent("https", new DefaultComponent() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                String city = String.valueOf(parameters.get("city"));
                String unit = String.valueOf(parameters.get("unit"));
                parameters.clear();
                return new ProcessorEndpoint(uri, this, e -> e.getMessage().setBody(city + ": 21 " + unit));
            }
        });
        loadDocRoutes();
        rounds(toolAnswer("r1", 10, 5, toolCall("call_1", "getWeather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}")),
                finalAnswer("21 °C in Paris.", 30, 6));

        Exchange out = send("direct:assistant", "What is the weather in Paris?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris.", out.getMessage().getBody());
        assertEquals(1, out.getMessage().getHeader(BasetenConstants.TOOL_ITERATIONS));
        assertEquals(51, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        List<JsonNode> sent = requests();
        JsonNode tool = sent.get(0).get("tools").get(0).get("function");
        assertEquals("getWeather", tool.get("name").asText());
        assertEquals("[\"celsius\",\"fahrenheit\"]", tool.at("/parameters/properties/unit/enum").toString());
        assertEquals("[\"city\"]", tool.at("/parameters/required").toString());
        assertEquals("Paris: 21 celsius", sent.get(1).at("/messages/2/content").asText());
    }

    @Test
    void theManualLoopRunsUntilTheModelAnswers() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:get_weather").setBody(constant("{\"temp_c\":21}"));
            }
        });
        loadDocRoutes();
        rounds(toolAnswer("r1", 10, 5, toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")),
                toolAnswer("r2", 10, 5, toolCall("call_2", "get_weather", "{\"city\":\"Rome\"}")),
                finalAnswer("21 °C in Paris and Rome.", 30, 6));

        Exchange out = send("direct:manual", "Weather in Paris and Rome?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris and Rome.", out.getMessage().getBody());
        List<JsonNode> sent = requests();
        assertEquals(3, sent.size());
        JsonNode messages = sent.get(2).get("messages");
        assertEquals(5, messages.size());
        assertEquals("call_1", messages.get(2).get("tool_call_id").asText());
        assertEquals("call_2", messages.get(4).get("tool_call_id").asText());
        assertEquals("{\"temp_c\":21}", messages.get(4).get("content").asText());
        assertTrue(sent.get(0).get("tools").toString().contains("get_weather"));
    }
}
