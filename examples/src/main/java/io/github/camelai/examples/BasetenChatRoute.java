package io.github.camelai.examples;

import org.apache.camel.builder.RouteBuilder;

/**
 * The Java DSL twin of {@code routes/baseten-chat.yaml}: chat through Baseten Model APIs. The body in is the
 * question, the body out the answer, with the token counts in {@code CamelBasetenPromptTokens},
 * {@code CamelBasetenCompletionTokens} and {@code CamelBasetenTotalTokens}.
 */
public class BasetenChatRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:baseten-chat-java").routeId("baseten-chat-java")
                .to("baseten:chat?model={{baseten.model}}"
                    + "&baseUrl={{baseten.baseUrl}}"
                    + "&apiKey=RAW({{baseten.apiKey}})"
                    + "&systemMessage=RAW(Answer in one short sentence.)"
                    + "&temperature=0.2&maxTokens=256")
                .log("Baseten (${header.CamelBasetenResponseModel}) answered: ${body}"
                     + " [tokens: ${header.CamelBasetenPromptTokens} in, ${header.CamelBasetenCompletionTokens} out,"
                     + " ${header.CamelBasetenTotalTokens} total]");
    }
}
