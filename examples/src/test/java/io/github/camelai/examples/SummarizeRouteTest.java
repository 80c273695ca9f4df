package io.github.camelai.examples;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SummarizeRouteTest {

    // one emulator for the class, on a free port; it accepts only its own credential
    @RegisterExtension
    static LlmEmulatorExtension emulator = LlmEmulatorExtension.create();

    Main main;

    @BeforeEach
    void startTheApplication() throws Exception {
        main = new Main();
        main.configure().withRoutesIncludePattern("classpath:testing/summarize.yaml");
        // camel.component.databricks-ai.host and .token (and Baseten's baseUrl and apiKey) point at the emulator
        emulator.properties().forEach(main::addOverrideProperty);
        main.start();
    }

    @AfterEach
    void stopTheApplication() {
        main.stop();
    }

    @Test
    void theRouteSendsTheTextAndReturnsTheSummary() {
        Exchange out = main.getCamelContext().createProducerTemplate()
                .request("direct:summarize", e -> e.getMessage().setBody("Camel routes messages"));

        // the emulator answers with the question in upper case and counts a token per word (7 in, 3 out)
        assertEquals("CAMEL ROUTES MESSAGES", out.getMessage().getBody(String.class));
        assertEquals(10, out.getMessage().getHeader("tokens", Integer.class));

        // what went on the wire
        LocalLlmEmulator.RecordedRequest sent = emulator.lastRequest();
        assertEquals("/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations", sent.path());
        assertEquals("Bearer " + emulator.credential(), sent.headers().get("authorization"));
        JsonNode body = sent.json();
        assertEquals("Summarize in one line.", body.at("/messages/0/content").asText());
        assertEquals(0.2, body.get("temperature").asDouble());
    }
}
