package io.github.camelai.examples;

import java.util.List;

import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;
import io.github.camelai.llm.model.ChatCompletionChunk;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/streaming-chat.yaml: split(body()).streaming() over the chunks of a streamed Baseten chat, and a
 * Databricks chat streamed with streamOutput=aggregate.
 */
class StreamingChatYamlTest {

    private LocalLlmEmulator emulator;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        emulator = new LocalLlmEmulator().chunkDelay(5).start();
        context = ExampleContexts.withYamlRoutes(ExampleContexts.properties(emulator), "streaming-chat.yaml");
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        emulator.close();
    }

    @Test
    void eachChunkIsItsOwnExchangeAndTheyAddUpToTheAnswer() {
        String question = "stream me four words";
        Exchange out = context.createProducerTemplate().request("direct:streaming-chat",
                e -> e.getMessage().setBody(question));
        assertNull(out.getException());
        List<?> chunks = out.getMessage().getBody(List.class);

        // role chunk, one chunk per word, the finish chunk (the usage-only closing chunk is folded into it)
        List<String> words = LocalLlmEmulator.pieces(LocalLlmEmulator.answerFor(question));
        assertEquals(words.size() + 2, chunks.size(), chunks.toString());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            ChatCompletionChunk chunk = assertInstanceOf(ChatCompletionChunk.class, chunks.get(i));
            if (i >= 1 && i <= words.size()) {
                assertEquals(words.get(i - 1), chunk.text());
            }
            text.append(chunk.text() == null ? "" : chunk.text());
        }
        assertEquals(LocalLlmEmulator.answerFor(question), text.toString());

        ChatCompletionChunk last = (ChatCompletionChunk) chunks.get(chunks.size() - 1);
        assertEquals("stop", last.finishReason());
        int prompt = LocalLlmEmulator.countTokens(question);
        assertEquals(prompt, last.getUsage().getPromptTokens());
        assertEquals(prompt, last.getUsage().getCompletionTokens());
        assertEquals(2 * prompt, last.getUsage().getTotalTokens());
        // usage is reported once, on the last chunk only
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertNull(((ChatCompletionChunk) chunks.get(i)).getUsage(), "usage on chunk " + i);
        }

        assertEquals(1, emulator.requests().size());
        RecordedRequest sent = emulator.requests().get(0);
        assertEquals("/v1/chat/completions", sent.path());
        assertTrue(sent.json().get("stream").asBoolean());
        assertEquals(question, sent.json().at("/messages/0/content").asText());
    }

    @Test
    void aggregateModeStreamsOnTheWireButAnswersOnce() {
        String question = "one answer please";
        Exchange out = context.createProducerTemplate().request("direct:databricks-streaming-chat",
                e -> e.getMessage().setBody(question));
        assertNull(out.getException());
        Message m = out.getMessage();
        int tokens = LocalLlmEmulator.countTokens(question);
        assertEquals(LocalLlmEmulator.answerFor(question), m.getBody(String.class));
        assertEquals(tokens, m.getHeader("CamelDatabricksAiPromptTokens", Integer.class));
        assertEquals(tokens, m.getHeader("CamelDatabricksAiCompletionTokens", Integer.class));
        assertEquals(2 * tokens, m.getHeader("CamelDatabricksAiTotalTokens", Integer.class));
        assertEquals("stop", m.getHeader("CamelDatabricksAiFinishReason"));
        Long ttft = m.getHeader("CamelDatabricksAiTimeToFirstToken", Long.class);
        assertNotNull(ttft);
        assertTrue(ttft >= 0, "time to first token " + ttft);

        RecordedRequest sent = emulator.requests().get(0);
        assertEquals("/serving-endpoints/" + ExampleContexts.DATABRICKS_ENDPOINT + "/invocations", sent.path());
        assertTrue(sent.json().get("stream").asBoolean());
    }
}
