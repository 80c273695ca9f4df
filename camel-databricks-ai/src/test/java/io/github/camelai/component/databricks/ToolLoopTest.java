package io.github.camelai.component.databricks;

import java.util.ArrayList;
import java.util.List;

import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The tool-calling loop of the docs, end to end: the model asks for a tool, the route answers, the model replies. */
class ToolLoopTest extends DatabricksTestSupport {

    static final String PATH = "/serving-endpoints/my-llm/invocations";
    static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"The current weather in a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
            "tool_choice":"auto\"""";

    @Override
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:assistant")
                        .process(e -> {
                            List<ChatMessage> conversation = new ArrayList<>();
                            conversation.add(ChatMessage.user(e.getMessage().getBody(String.class)));
                            e.setProperty("conversation", conversation);
                            e.getMessage().setBody(conversation);
                        })
                        .to("direct:turn");
                from("direct:turn")
                        .to(uri("chat", "model=my-llm&tools=resource:classpath:tools.json&toolChoice=auto"))
                        .choice()
                            .when(header(DatabricksAiConstants.FINISH_REASON).isEqualTo("tool_calls"))
                                .process(ToolLoopTest::runTools)
                                .to("direct:turn")
                        .end();
            }
        };
    }

    @SuppressWarnings("unchecked")
    static void runTools(Exchange e) {
        List<ChatMessage> conversation = e.getProperty("conversation", List.class);
        List<ToolCall> calls = e.getMessage().getHeader(DatabricksAiConstants.TOOL_CALLS, List.class);
        ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT, null);
        assistant.setToolCalls(calls);
        conversation.add(assistant);
        for (ToolCall call : calls) {
            String city = call.getFunction().getArguments().contains("Paris") ? "Paris" : "?";
            conversation.add(ChatMessage.tool(call.getId(), "{\"city\":\"" + city + "\",\"temp_c\":21}"));
        }
        e.getMessage().setBody(new ArrayList<>(conversation));
    }

    @Test
    void theModelGetsTheToolResultsAndAnswers() {
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("loop").whenScenarioStateIs(STARTED).willReturn(okJson("""
                {"id":"t1","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
                  "tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}]}"""))
                .willSetStateTo("answered"));
        wm.stubFor(post(urlEqualTo(PATH)).inScenario("loop").whenScenarioStateIs("answered").willReturn(okJson("""
                {"id":"t2","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"21 °C in Paris."}}]}""")));

        Exchange out = send("direct:assistant", "Weather in Paris?");

        assertNull(out.getException());
        assertEquals("21 °C in Paris.", out.getMessage().getBody());
        assertEquals("stop", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Weather in Paris?"}],""" + TOOLS + "}")));
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"stream":false,"messages":[{"role":"user","content":"Weather in Paris?"},
                   {"role":"assistant","tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","content":"{\\"city\\":\\"Paris\\",\\"temp_c\\":21}","tool_call_id":"call_9"}],""" + TOOLS + "}")));
    }
}
