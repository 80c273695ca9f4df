package io.github.camelai.llm.quota;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.ContentPart;
import io.github.camelai.llm.model.EmbeddingRequest;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenEstimateTest {

    @Test
    void chatCountsTheMessagesTextAndToolArgumentsByFour() {
        ChatCompletionRequest req = new ChatCompletionRequest();
        ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT, null);
        assistant.setToolCalls(List.of(ToolCall.function("call-1", "weather", "{\"city\":\"Bern\"}"))); // 15 chars
        req.setMessages(List.of(
                new ChatMessage(ChatMessage.SYSTEM, "x".repeat(40)),
                new ChatMessage(ChatMessage.USER, "y".repeat(21)),
                assistant,
                new ChatMessage(ChatMessage.USER, List.of(ContentPart.text("z".repeat(8)), ContentPart.imageUrl("https://a/b.png")))));
        // 40 + 21 + 15 + 8 = 84 characters: 21 tokens; the image URL is not text
        assertEquals(21, TokenEstimate.of(req));
    }

    @Test
    void chatReservesMaxTokensTimesN() {
        ChatCompletionRequest req = new ChatCompletionRequest();
        req.setMessages(List.of(new ChatMessage(ChatMessage.USER, "a".repeat(10))));
        req.setMaxTokens(100);
        assertEquals(3 + 100, TokenEstimate.of(req));
        req.setN(3);
        assertEquals(3 + 300, TokenEstimate.of(req));
    }

    @Test
    void completionCountsOnePromptOrAList() {
        CompletionRequest one = new CompletionRequest();
        one.setPrompt("p".repeat(400));
        assertEquals(100, TokenEstimate.of(one));
        CompletionRequest many = new CompletionRequest();
        many.setPrompt(List.of("p".repeat(40), "q".repeat(40)));
        many.setMaxTokens(16);
        many.setN(2);
        assertEquals(20 + 32, TokenEstimate.of(many));
    }

    @Test
    void embeddingsCountTheirInputOnly() {
        EmbeddingRequest one = new EmbeddingRequest();
        one.setInput("e".repeat(12));
        assertEquals(3, TokenEstimate.of(one));
        EmbeddingRequest batch = new EmbeddingRequest();
        batch.setInput(List.of("a".repeat(4), "b".repeat(4), "c".repeat(5)));
        assertEquals(4, TokenEstimate.of(batch));
    }

    @Test
    void otherBodiesCountAsRequestsOnly() {
        assertEquals(0, TokenEstimate.of(java.util.Map.of("query", "q".repeat(1000), "documents", List.of("d"))));
        assertEquals(0, TokenEstimate.of(null));
    }

    @Test
    void responsesCountInputInstructionsAndMaxOutputTokens() throws Exception {
        JsonNode req = new ObjectMapper().readTree("{\"model\":\"m\",\"instructions\":\"" + "i".repeat(20) + "\","
                                                   + "\"input\":[{\"role\":\"user\",\"type\":\"message\",\"content\":["
                                                   + "{\"type\":\"input_text\",\"text\":\"" + "t".repeat(20) + "\"}]}],"
                                                   + "\"max_output_tokens\":50}");
        assertEquals(10 + 50, TokenEstimate.responses(req));
    }

    @Test
    void usedIsTheTotalElseItsPartsElseUnknown() {
        Usage total = new Usage();
        total.setPromptTokens(10);
        total.setCompletionTokens(5);
        total.setTotalTokens(17);
        assertEquals(17, TokenEstimate.used(total));
        Usage parts = new Usage();
        parts.setPromptTokens(10);
        parts.setCompletionTokens(5);
        assertEquals(15, TokenEstimate.used(parts));
        assertEquals(-1, TokenEstimate.used(new Usage()));
        assertEquals(-1, TokenEstimate.used((Usage) null));
    }
}
