package io.github.camelai.component.baseten;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** streamOutput=sse on Baseten: the events as the route reads them, and the operations that refuse it. */
class BasetenSseOutputTest extends BasetenWireMockSupport {

    static final String SSE = """
            data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"}}]}

            data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}

            data: [DONE]

            """;

    @Test
    void chatEventsAreReadInTheRoute() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(SSE)));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sse").to("baseten:chat?model=m&streaming=true&streamOutput=sse&baseUrl=" + baseUrl())
                        .process(e -> e.getMessage().setBody(new String(
                                assertInstanceOf(InputStream.class, e.getMessage().getBody()).readAllBytes(),
                                StandardCharsets.UTF_8)));
            }
        });
        Exchange out = send("direct:sse", "Hello");
        assertNull(out.getException());
        assertEquals("text/event-stream", out.getMessage().getHeader(Exchange.CONTENT_TYPE));
        String events = out.getMessage().getBody(String.class);
        assertEquals(3, events.split("\n\n").length, events);
        assertEquals(true, events.startsWith("data: {\"id\":\"c1\""), events);
        assertEquals(true, events.contains("\"usage\":{\"prompt_tokens\":1"), events);
        assertEquals(true, events.endsWith("data: [DONE]\n\n"), events);
    }

    @Test
    void predictRefusesSse() {
        Exchange out = send("baseten:predict?streaming=true&streamOutput=sse&modelUrl=" + modelUrl(), "{\"x\":1}");
        assertEquals("streamOutput=sse is for chat and completion; a streamed predict answer is handed on with "
                     + "streamOutput=iterator or aggregate", out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void theToolLoopRefusesSse() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:getWeather?description=Weather&parameter.city=string&tags=weather").setBody(constant("sunny"));
            }
        });
        Exchange out = send("baseten:chat?model=m&toolTags=weather&streaming=true&streamOutput=sse&baseUrl=" + baseUrl(),
                "Weather in Paris?");
        assertEquals("streamOutput=sse does not run tool routes: use streamOutput=iterator with toolTags, or "
                     + "autoToolExecution=false", out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }
}
