package io.github.camelai.llm.convert;

import java.util.List;

import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.CamelContext;
import org.apache.camel.TypeConverter;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The converters as a route reaches them: through the context's type converter, loaded by the generated loader. */
class LlmConvertersTest {

    static CamelContext context;
    static TypeConverter converter;

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
        converter = context.getTypeConverter();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    static <T> T read(String json, Class<T> type) {
        return LlmJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type, "test");
    }

    @Test
    void chunksBecomeTheirTextAndChunksWithoutTextTheEmptyString() {
        ChatCompletionChunk delta = read("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
                ChatCompletionChunk.class);
        ChatCompletionChunk last = read("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                ChatCompletionChunk.class);
        assertEquals("Hel", converter.convertTo(String.class, delta));
        assertEquals("", converter.convertTo(String.class, last));
    }

    @Test
    void answersBecomeTheFirstChoiceText() {
        ChatCompletion chat = read("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                                   + "[{\"type\":\"text\",\"text\":\"Pa\"},{\"type\":\"text\",\"text\":\"ris\"}]}},"
                                   + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"Lyon\"}}]}",
                ChatCompletion.class);
        assertEquals("Paris", converter.convertTo(String.class, chat));
        assertEquals("Paris", converter.convertTo(String.class, chat.firstMessage()));
        Completion completion = read("{\"choices\":[{\"index\":0,\"text\":\"upon a time\"}]}", Completion.class);
        assertEquals("upon a time", converter.convertTo(String.class, completion));
        assertEquals("", converter.convertTo(String.class, read("{\"choices\":[]}", ChatCompletion.class)));
        assertEquals("hi", converter.convertTo(String.class, ChatMessage.user("hi")));
    }

    @Test
    void embeddingsBecomeListsOfFloat() {
        assertEquals(List.of(0.5f, -1.0f), converter.convertTo(List.class, new float[] { 0.5f, -1.0f }));
    }
}
