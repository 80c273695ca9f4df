package io.github.camelai.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.DATABRICKS_ENDPOINT;
import static io.github.camelai.examples.ExampleContexts.DATABRICKS_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** routes/databricks-chat.yaml, loaded by camel-yaml-dsl, against the emulator. */
class DatabricksChatYamlTest {

    private LocalLlmEmulator emulator;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        emulator = new LocalLlmEmulator().chunkDelay(0).start();
        context = ExampleContexts.withYamlRoutes(ExampleContexts.properties(emulator), "databricks-chat.yaml");
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        emulator.close();
    }

    @Test
    void answersAndReportsTokens() {
        Exchange out = context.createProducerTemplate().request("direct:databricks-chat",
                e -> e.getMessage().setBody("What is a lakehouse?"));
        assertNull(out.getException());
        Message m = out.getMessage();
        assertEquals("WHAT IS A LAKEHOUSE?", m.getBody(String.class));
        assertEquals(4, m.getHeader("CamelDatabricksAiPromptTokens", Integer.class));
        assertEquals(4, m.getHeader("CamelDatabricksAiCompletionTokens", Integer.class));
        assertEquals(8, m.getHeader("CamelDatabricksAiTotalTokens", Integer.class));
        assertEquals(DATABRICKS_ENDPOINT, m.getHeader("CamelDatabricksAiResponseModel"));
        assertEquals("stop", m.getHeader("CamelDatabricksAiFinishReason"));

        assertEquals(1, emulator.requests().size());
        RecordedRequest sent = emulator.requests().get(0);
        assertEquals("POST", sent.method());
        assertEquals("/serving-endpoints/" + DATABRICKS_ENDPOINT + "/invocations", sent.path());
        assertEquals("Bearer " + DATABRICKS_TOKEN, sent.headers().get("authorization"));
        JsonNode body = sent.json();
        assertEquals(256, body.get("max_tokens").asInt());
        assertEquals(1, body.get("messages").size());
        assertEquals("user", body.at("/messages/0/role").asText());
        assertEquals("What is a lakehouse?", body.at("/messages/0/content").asText());
        // the endpoint name is in the path; stream is not requested
        assertEquals(false, body.path("stream").asBoolean(false));
    }

    @Test
    void theTokenNeverAppearsInTheEndpointUri() {
        java.util.List<org.apache.camel.Endpoint> endpoints = context.getEndpoints().stream()
                .filter(e -> e.getEndpointUri().startsWith("databricks-ai")).toList();
        assertEquals(1, endpoints.size());
        assertEquals(-1, endpoints.get(0).toString().indexOf(DATABRICKS_TOKEN), endpoints.get(0).toString());
    }
}
