package io.github.camelai.llm.convert;

import java.util.ArrayList;
import java.util.List;

import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.StreamChunk;
import org.apache.camel.Converter;

/**
 * Camel type converters for the bodies the LLM components produce, so a route can write
 * {@code convertBodyTo: java.lang.String} on a streamed chunk or a full response instead of calling a method through
 * the bean language (which needs camel-bean). Registered through the generated {@code LlmConvertersLoader}; no
 * classpath scanning.
 */
@Converter(generateLoader = true)
public final class LlmConverters {

    private LlmConverters() {
    }

    /**
     * A streamed chunk (a chat delta, a completions piece, any {@link StreamChunk}) as the text it adds; the empty
     * String for a chunk that adds none (the role announcement, a finish reason, a usage report), so that the
     * pieces of a stream joined together are the answer.
     */
    @Converter
    public static String chunkToString(StreamChunk chunk) {
        String text = chunk.text();
        return text == null ? "" : text;
    }

    /** A chat answer ({@code fullResponse=true}) as its first choice's text; the empty String when it has none. */
    @Converter
    public static String chatCompletionToString(ChatCompletion completion) {
        ChatMessage first = completion.firstMessage();
        String text = first == null ? null : first.text();
        return text == null ? "" : text;
    }

    /** A completions answer as its first choice's text; the empty String when it has none. */
    @Converter
    public static String completionToString(Completion completion) {
        String text = completion.text();
        return text == null ? "" : text;
    }

    /** A message (a request's or an answer's) as its text parts joined; the empty String when it has none. */
    @Converter
    public static String messageToString(ChatMessage message) {
        String text = message.text();
        return text == null ? "" : text;
    }

    /** An embedding vector as a {@code List<Float>}, for routes and data formats that handle lists, not arrays. */
    @Converter
    public static List<Float> embeddingToList(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float f : vector) {
            list.add(f);
        }
        return list;
    }
}
