package io.github.camelai.component.baseten;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Against the real Model APIs; runs only when BASETEN_API_KEY is set. The model is BASETEN_MODEL, default
 * openai/gpt-oss-120b.
 */
@EnabledIfEnvironmentVariable(named = "BASETEN_API_KEY", matches = ".+")
class BasetenLiveTest {

    @Test
    void chatAndStreamedChatOnModelApis() throws Exception {
        String model = System.getenv().getOrDefault("BASETEN_MODEL", "openai/gpt-oss-120b");
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Exchange out = template.send("baseten:chat?maxTokens=1024&model=" + model,
                    e -> e.getMessage().setBody("Reply with the single word OK."));
            assertNull(out.getException());
            String text = out.getMessage().getBody(String.class);
            assertNotNull(text);
            assertFalse(text.isBlank());
            assertNotNull(out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));

            Exchange streamed = template.send("baseten:chat?maxTokens=1024&streaming=true&streamOutput=aggregate&model="
                                              + model, e -> e.getMessage().setBody("Count from 1 to 5."));
            assertNull(streamed.getException());
            assertFalse(streamed.getMessage().getBody(String.class).isBlank());
        }
    }
}
