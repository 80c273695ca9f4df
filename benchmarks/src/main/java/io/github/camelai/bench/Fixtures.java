package io.github.camelai.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;

/**
 * The payloads every benchmark uses, generated deterministically so that each run (and the load server) sees the
 * same bytes. Shapes follow OpenAI-compatible chat completions as Baseten and Databricks return them; sizes are
 * those of a typical short answer (about 1 KB) and a typical streamed chunk (about 230 bytes).
 */
public final class Fixtures {

    /** Number of chunks in the recorded stream used by the SSE decoding benchmark (about 4.6 MB). */
    public static final int RECORDED_STREAM_CHUNKS = 20_000;

    private static final String[] WORDS = {"the", "route", "splits", "each", "order", "into", "lines", "and",
        "calls", "model", "with", "a", "short", "prompt", "then", "aggregates", "answers", "by", "customer", "id"};

    private Fixtures() {
    }

    /** Deterministic prose of exactly {@code chars} characters (ASCII plus one non-ASCII word per sentence). */
    public static String text(int chars, int seed) {
        StringBuilder sb = new StringBuilder(chars + 16);
        int i = seed;
        while (sb.length() < chars) {
            sb.append(WORDS[Math.floorMod(i * 7 + 3, WORDS.length)]);
            sb.append(i % 11 == 10 ? ". Zürich " : " ");
            i++;
        }
        sb.setLength(chars);
        return sb.toString();
    }

    /** A non-streamed chat completion answer of about 1 KB: a 600-character message, usage with details. */
    public static byte[] chatCompletionJson() {
        String json = "{\"id\":\"chatcmpl-8bench0000000000000000000001\",\"object\":\"chat.completion\","
                      + "\"created\":1731000000,\"model\":\"meta-llama/Llama-3.3-70B-Instruct\","
                      + "\"system_fingerprint\":\"fp_bench01\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                      + "\"content\":\"" + text(600, 1) + "\",\"refusal\":null,\"tool_calls\":[]},"
                      + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                      + "\"usage\":{\"prompt_tokens\":182,\"completion_tokens\":131,\"total_tokens\":313,"
                      + "\"prompt_tokens_details\":{\"cached_tokens\":0},"
                      + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"accepted_prediction_tokens\":0,"
                      + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The request every load test sends: a system prompt and a 500-character user message. */
    public static ChatCompletionRequest chatRequest() {
        ChatCompletionRequest r = new ChatCompletionRequest();
        r.setModel("meta-llama/Llama-3.3-70B-Instruct");
        r.setMessages(List.of(ChatMessage.system("You are a terse assistant for an order-processing route."),
                ChatMessage.user(text(500, 5))));
        r.setTemperature(0.2);
        r.setMaxTokens(256);
        return r;
    }

    /**
     * The {@code data:} value of chunk {@code i} of {@code total}: the first carries the role, the last the
     * finish reason, the others one or two words of content.
     */
    public static String chunkData(int i, int total) {
        String delta;
        String finish = "null";
        if (i == 0) {
            delta = "{\"role\":\"assistant\",\"content\":\"\"}";
        } else if (i == total - 1) {
            delta = "{}";
            finish = "\"stop\"";
        } else {
            delta = "{\"content\":\" " + WORDS[i % WORDS.length] + (i % 3 == 0 ? " " + WORDS[(i * 5) % WORDS.length] : "")
                    + "\"}";
        }
        return "{\"id\":\"chatcmpl-8bench0000000000000000000002\",\"object\":\"chat.completion.chunk\","
               + "\"created\":1731000000,\"model\":\"meta-llama/Llama-3.3-70B-Instruct\",\"system_fingerprint\":\"fp_bench01\","
               + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}";
    }

    /** The final usage chunk (choices empty), as sent with {@code stream_options.include_usage}. */
    public static String usageChunkData(int total) {
        return "{\"id\":\"chatcmpl-8bench0000000000000000000002\",\"object\":\"chat.completion.chunk\","
               + "\"created\":1731000000,\"model\":\"meta-llama/Llama-3.3-70B-Instruct\",\"choices\":[],"
               + "\"usage\":{\"prompt_tokens\":182,\"completion_tokens\":" + total + ",\"total_tokens\":" + (182 + total) + "}}";
    }

    /** One SSE event as written on the wire: {@code data: <value>\n\n}. */
    public static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes of one event on the wire, for a {@code data} value of this content. */
    public static int eventBytes(String data) {
        return 8 + data.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A whole streamed answer: {@code chunks} chunk events, a usage event and {@code data: [DONE]}, so
     * {@code chunks + 2} events in all.
     */
    public static byte[] sseStream(int chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunks * 240);
        for (int i = 0; i < chunks; i++) {
            out.writeBytes(event(chunkData(i, chunks)));
        }
        out.writeBytes(event(usageChunkData(chunks)));
        out.writeBytes(event("[DONE]"));
        return out.toByteArray();
    }
}
