package io.github.camelai.component.baseten;

import java.util.List;

import io.github.camelai.llm.model.ChatCompletionChunk;
import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Routes written in the YAML DSL, loaded by camel-yaml-dsl, as the docs show them. */
class BasetenYamlDslTest extends BasetenWireMockSupport {

    @Test
    void yamlChatAndStreamingSplitRoutes() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"openai/gpt-oss-120b\",\"temperature\":0.3,\"max_tokens\":200,"
                + "\"chat_template_kwargs\":{\"enable_thinking\":false},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Answer in one sentence.\"},"
                + "{\"role\":\"user\",\"content\":\"What is Camel?\"}]}"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(chatResponse("An integration framework."))));
        wm.stubFor(post(urlEqualTo("/environments/production/sync/v1/chat/completions"))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(BasetenStreamingTest.TEXT_STREAM)));
        String yaml = """
                - route:
                    id: ask
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: baseten:chat
                            parameters:
                              model: openai/gpt-oss-120b
                              baseUrl: %s
                              apiKey: yaml-key
                              systemMessage: Answer in one sentence.
                              temperature: 0.3
                              maxTokens: 200
                              additionalBodyProperty.chat_template_kwargs: '{"enable_thinking":false}'
                - route:
                    id: stream
                    from:
                      uri: direct:stream
                      steps:
                        - to:
                            uri: baseten:chat
                            parameters:
                              modelUrl: %s
                              apiKey: yaml-key
                              streaming: true
                        - split:
                            simple: ${body}
                            streaming: true
                            steps:
                              - to: mock:chunks
                """.formatted(baseUrl(), modelUrl());
        context.addComponent("mock", new org.apache.camel.component.mock.MockComponent());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("baseten.yaml", yaml));

        Exchange out = send("direct:ask", "What is Camel?");
        assertNull(out.getException());
        assertEquals("An integration framework.", out.getMessage().getBody());
        assertEquals(12, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key yaml-key")));

        org.apache.camel.component.mock.MockEndpoint chunks = context.getEndpoint("mock:chunks",
                org.apache.camel.component.mock.MockEndpoint.class);
        chunks.expectedMessageCount(3);
        Exchange streamed = send("direct:stream", "Hi");
        assertNull(streamed.getException());
        chunks.assertIsSatisfied();
        List<Exchange> received = chunks.getReceivedExchanges();
        StringBuilder text = new StringBuilder();
        for (Exchange e : received) {
            text.append(e.getMessage().getBody(ChatCompletionChunk.class).text());
        }
        assertEquals("Hello world", text.toString());
        assertEquals(7, received.get(2).getMessage().getBody(ChatCompletionChunk.class).getUsage().getTotalTokens());
    }
}
