package io.github.camelai.component.baseten;

import java.util.List;
import java.util.Map;

import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simple expressions docs/baseten.md shows work on the bodies and headers the component produces. */
class BasetenDocExpressionsTest {

    private static String simple(CamelContext ctx, Exchange e, String expr) {
        return ctx.resolveLanguage("simple").createExpression(expr).evaluate(e, String.class);
    }

    @Test
    void expressionsFromTheDocs() throws Exception {
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.start();
            Exchange e = new DefaultExchange(ctx);
            e.getMessage().setBody(List.of(Map.of("index", 2, "score", 0.9, "text", "Paris"), Map.of("index", 0, "score", 0.1)));
            assertEquals("best: Paris (0.9)", simple(ctx, e, "best: ${body[0][text]} (${body[0][score]})"));

            e.getMessage().setHeader(BasetenConstants.TOOL_CALLS, List.of(ToolCall.function("c1", "get_weather", "{}")));
            e.getMessage().setHeader(BasetenConstants.FINISH_REASON, "tool_calls");
            assertEquals("call get_weather", simple(ctx, e, "call ${header.CamelBasetenToolCalls[0].getFunction().getName()}"));
            assertEquals(true, ctx.resolveLanguage("simple")
                    .createPredicate("${header.CamelBasetenFinishReason} == 'tool_calls'").matches(e));

            e.getMessage().setBody(LlmJson.MAPPER.readValue(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}", ChatCompletionChunk.class));
            assertEquals("Hel", simple(ctx, e, "${body.text()}"));

            e.getMessage().setBody(Map.of("output", "image-url"));
            assertEquals("image-url", simple(ctx, e, "${body[output]}"));
        }
    }
}
