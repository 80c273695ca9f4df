package io.github.camelai.llm.quota;

import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.ContentPart;
import io.github.camelai.llm.model.EmbeddingRequest;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;

/**
 * The tokens a request is charged against a tokens-per-minute quota before it is sent: the characters of its text
 * divided by four, plus {@code max_tokens} times {@code n} where the request sets them (Databricks reserves that
 * much output before the call runs). The answer's reported usage then replaces the estimate ({@link #used}).
 * Requests other than chat, completions and embeddings (rerank, classify, predict, async jobs) count as
 * requests only: 0 tokens.
 */
public final class TokenEstimate {

    /** Characters per token, the usual rule of thumb for English text with OpenAI-style tokenizers. */
    static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /** The estimate for a request body object; 0 for a body whose tokens are not counted. */
    public static long of(Object body) {
        if (body instanceof ChatCompletionRequest chat) {
            return chat(chat);
        }
        if (body instanceof CompletionRequest completion) {
            return tokens(text(completion.getPrompt())) + reserved(completion.getMaxTokens(), completion.getN());
        }
        if (body instanceof EmbeddingRequest embedding) {
            return tokens(text(embedding.getInput()));
        }
        return 0;
    }

    /** A chat request: its messages' text, tool call arguments included, plus the output it reserves. */
    public static long chat(ChatCompletionRequest chat) {
        long chars = 0;
        List<ChatMessage> messages = chat.getMessages();
        if (messages != null) {
            for (ChatMessage m : messages) {
                chars += text(m.getContent());
                if (m.getToolCalls() != null) {
                    for (ToolCall call : m.getToolCalls()) {
                        if (call.getFunction() != null && call.getFunction().getArguments() != null) {
                            chars += call.getFunction().getArguments().length();
                        }
                    }
                }
            }
        }
        return tokens(chars) + reserved(chat.getMaxTokens(), chat.getN());
    }

    /**
     * A Responses API request: the text of its {@code input} and {@code instructions}, plus
     * {@code max_output_tokens} times 1.
     */
    public static long responses(JsonNode request) {
        if (request == null) {
            return 0;
        }
        long chars = jsonText(request.get("input")) + jsonText(request.get("instructions"));
        JsonNode max = request.get("max_output_tokens");
        return tokens(chars) + (max != null && max.canConvertToInt() ? reserved(max.intValue(), 1) : 0);
    }

    /**
     * The tokens a Responses API answer's {@code usage} reports: {@code total_tokens}, else input plus output; -1
     * when it reports none.
     */
    public static long used(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return -1;
        }
        if (usage.path("total_tokens").canConvertToLong()) {
            return usage.get("total_tokens").longValue();
        }
        JsonNode in = usage.get("input_tokens");
        JsonNode out = usage.get("output_tokens");
        if (in == null && out == null) {
            return -1;
        }
        return (in != null ? in.asLong() : 0) + (out != null ? out.asLong() : 0);
    }

    /** Characters of every text value in a JSON tree (field names and ids count little, so are left out). */
    private static long jsonText(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isTextual()) {
            return node.textValue().length();
        }
        long chars = 0;
        if (node.isObject()) {
            for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                java.util.Map.Entry<String, JsonNode> e = it.next();
                if (!"id".equals(e.getKey()) && !"call_id".equals(e.getKey()) && !"type".equals(e.getKey())
                    && !"role".equals(e.getKey())) {
                    chars += jsonText(e.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                chars += jsonText(item);
            }
        }
        return chars;
    }

    /** Text of any length in tokens, rounded up. */
    public static long tokens(long chars) {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** {@code max_tokens × n}: the output a service reserves; 0 without {@code max_tokens}. */
    public static long reserved(Integer maxTokens, Integer n) {
        if (maxTokens == null || maxTokens <= 0) {
            return 0;
        }
        return (long) maxTokens * (n == null || n < 1 ? 1 : n);
    }

    /**
     * The tokens an answer reports: {@code total_tokens}, else prompt plus completion; -1 when it reports none (the
     * estimate then stands).
     */
    public static long used(Usage usage) {
        if (usage == null) {
            return -1;
        }
        if (usage.getTotalTokens() != null) {
            return usage.getTotalTokens();
        }
        if (usage.getPromptTokens() == null && usage.getCompletionTokens() == null) {
            return -1;
        }
        return (usage.getPromptTokens() == null ? 0L : usage.getPromptTokens())
               + (usage.getCompletionTokens() == null ? 0L : usage.getCompletionTokens());
    }

    /** Characters of a String, of the text parts of a content list, or of the Strings of a prompt list. */
    private static long text(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof CharSequence s) {
            return s.length();
        }
        if (value instanceof ContentPart part) {
            return part.getText() == null ? 0 : part.getText().length();
        }
        if (value instanceof Collection<?> items) {
            long chars = 0;
            for (Object item : items) {
                chars += text(item);
            }
            return chars;
        }
        // token ids (a list of integers) or another shape: one token per item is closer than its printed length
        return value instanceof Number ? CHARS_PER_TOKEN : 0;
    }
}
