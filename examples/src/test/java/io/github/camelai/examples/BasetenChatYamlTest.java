package io.github.camelai.examples;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.camelai.examples.ExampleContexts.BASETEN_KEY;
import static io.github.camelai.examples.ExampleContexts.BASETEN_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * routes/baseten-chat.yaml, loaded by camel-yaml-dsl, against the emulator; and its Java DSL twin
 * {@link BasetenChatRoute}, which must put the same request on the wire.
 */
class BasetenChatYamlTest {

    static final String SYSTEM = "Answer in one short sentence.";

    private LocalLlmEmulator emulator;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        emulator = new LocalLlmEmulator().chunkDelay(0).start();
        context = ExampleContexts.withYamlRoutes(ExampleContexts.properties(emulator), "baseten-chat.yaml");
        context.addRoutes(new BasetenChatRoute());
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        emulator.close();
    }

    @Test
    void yamlRouteAnswersAndReportsTokens() {
        String question = "What is Apache Camel?";
        Message m = ask("direct:baseten-chat", question);
        assertAnswer(m, question);

        assertEquals(1, emulator.requests().size());
        assertRequest(emulator.requests().get(0), question);
    }

    @Test
    void javaRouteSendsExactlyWhatTheYamlRouteSends() {
        String question = "Same request from both DSLs?";
        assertAnswer(ask("direct:baseten-chat", question), question);
        assertAnswer(ask("direct:baseten-chat-java", question), question);

        assertEquals(2, emulator.requests().size());
        RecordedRequest yaml = emulator.requests().get(0);
        RecordedRequest java = emulator.requests().get(1);
        assertRequest(yaml, question);
        assertRequest(java, question);
        assertEquals(yaml.json(), java.json());
        assertEquals(yaml.headers().get("authorization"), java.headers().get("authorization"));
    }

    @Test
    void theApiKeyNeverAppearsInEndpointStrings() {
        List<Endpoint> endpoints = context.getEndpoints().stream()
                .filter(e -> e.getEndpointUri().startsWith("baseten")).toList();
        assertEquals(2, endpoints.size());
        for (Endpoint e : endpoints) {
            assertFalse(e.toString().contains(BASETEN_KEY), e.toString());
        }
    }

    private Message ask(String uri, String question) {
        Exchange out = context.createProducerTemplate().request(uri, e -> e.getMessage().setBody(question));
        assertNull(out.getException());
        return out.getMessage();
    }

    private static void assertAnswer(Message m, String question) {
        int prompt = LocalLlmEmulator.countTokens(SYSTEM) + LocalLlmEmulator.countTokens(question);
        int completion = LocalLlmEmulator.countTokens(question);
        assertEquals(LocalLlmEmulator.answerFor(question), m.getBody(String.class));
        assertEquals(prompt, m.getHeader("CamelBasetenPromptTokens", Integer.class));
        assertEquals(completion, m.getHeader("CamelBasetenCompletionTokens", Integer.class));
        assertEquals(prompt + completion, m.getHeader("CamelBasetenTotalTokens", Integer.class));
        assertEquals(BASETEN_MODEL, m.getHeader("CamelBasetenResponseModel"));
        assertEquals("stop", m.getHeader("CamelBasetenFinishReason"));
    }

    private static void assertRequest(RecordedRequest sent, String question) {
        assertEquals("POST", sent.method());
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals("Api-Key " + BASETEN_KEY, sent.headers().get("authorization"));
        JsonNode body = sent.json();
        assertEquals(BASETEN_MODEL, body.get("model").asText());
        assertEquals(0.2, body.get("temperature").asDouble());
        assertEquals(256, body.get("max_tokens").asInt());
        assertEquals(2, body.get("messages").size());
        assertEquals("system", body.at("/messages/0/role").asText());
        assertEquals(SYSTEM, body.at("/messages/0/content").asText());
        assertEquals("user", body.at("/messages/1/role").asText());
        assertEquals(question, body.at("/messages/1/content").asText());
        assertFalse(body.path("stream").asBoolean(false));
    }
}
