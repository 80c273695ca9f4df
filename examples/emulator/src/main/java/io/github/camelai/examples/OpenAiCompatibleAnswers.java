package io.github.camelai.examples;

import static io.github.camelai.examples.EmulatedModel.answerFor;
import static io.github.camelai.examples.EmulatedModel.countTokens;
import static io.github.camelai.examples.EmulatedModel.embeddingOf;
import static io.github.camelai.examples.EmulatedModel.pieces;
import static io.github.camelai.examples.EmulatorHttp.NODES;
import static io.github.camelai.examples.EmulatorHttp.json;
import static io.github.camelai.examples.EmulatorHttp.sse;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.github.camelai.examples.EmulatorHttp.BadRequest;

/**
 * The OpenAI-compatible answers both services give: chat (with tool calls and streaming), completions and
 * embeddings. Baseten and Databricks differ only in where a stream's usage goes and in naming the model by the
 * endpoint, so one class serves both with a flag rather than two near-copies.
 */
final class OpenAiCompatibleAnswers {

    private final AtomicInteger ids;
    private final LongSupplier chunkDelayMillis;

    /**
     * @param ids              the emulator-wide counter, so ids stay unique across every kind of answer
     * @param chunkDelayMillis read per stream, so a test can change the pace on a running emulator
     */
    OpenAiCompatibleAnswers(AtomicInteger ids, LongSupplier chunkDelayMillis) {
        this.ids = ids;
        this.chunkDelayMillis = chunkDelayMillis;
    }

    /**
     * @param endpoint the Databricks serving endpoint, reported as the model; null for Baseten (the body's model)
     * @param baseten  whether a stream closes with Baseten's usage-only chunk
     */
    void chat(HttpExchange http, JsonNode request, String endpoint, boolean baseten) throws IOException {
        JsonNode messages = request.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("messages must be a non-empty array");
        }
        String question = null;
        int promptTokens = 0;
        for (JsonNode message : messages) {
            String text = text(message.get("content"));
            promptTokens += countTokens(text);
            if ("user".equals(message.path("role").asText())) {
                question = text;
            }
        }
        if (question == null) {
            throw new BadRequest("messages holds no user message");
        }
        String answer = answerFor(question);
        String model = endpoint != null ? endpoint : request.path("model").asText("emulated-model");
        JsonNode tools = request.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            List<String> results = EmulatedToolCalls.results(messages);
            if (results.isEmpty()) {
                toolCalls(http, request, question, tools.get(0), model, promptTokens);
                return;
            }
            answer = answer + " [" + String.join("; ", results) + "]";
        }
        ObjectNode usage = usage(promptTokens, countTokens(answer));
        String id = "chatcmpl-emu-" + ids.incrementAndGet();
        if (request.path("stream").asBoolean(false)) {
            List<ObjectNode> chunks = new ArrayList<>();
            ObjectNode first = chatChunk(id, model);
            ObjectNode firstDelta = chunkChoice(first);
            firstDelta.put("role", "assistant");
            firstDelta.put("content", "");
            chunks.add(first);
            for (String piece : pieces(answer)) {
                ObjectNode chunk = chatChunk(id, model);
                chunkChoice(chunk).put("content", piece);
                chunks.add(chunk);
            }
            ObjectNode last = chatChunk(id, model);
            chunkChoice(last);
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "stop");
            chunks.add(last);
            if (baseten) {
                // Baseten closes with a usage-only chunk, no choices
                ObjectNode usageChunk = chatChunk(id, model);
                usageChunk.putArray("choices");
                usageChunk.set("usage", usage);
                chunks.add(usageChunk);
            } else {
                last.set("usage", usage);
            }
            sse(http, chunks, chunkDelayMillis.getAsLong());
            return;
        }
        String content = answer;
        json(http, 200, chatCompletion(id, model, "stop", usage, message -> message.put("content", content)));
    }

    /** Answers a chat that offers tools and has no results yet with calls of the first tool. */
    private void toolCalls(HttpExchange http, JsonNode request, String question, JsonNode tool, String model,
                           int promptTokens) throws IOException {
        ArrayNode calls = EmulatedToolCalls.calls(question, tool, () -> "call_emu_" + ids.incrementAndGet());
        ObjectNode usage = usage(promptTokens, 5 * calls.size());
        String id = "chatcmpl-emu-" + ids.incrementAndGet();
        if (request.path("stream").asBoolean(false)) {
            ObjectNode first = chatChunk(id, model);
            ObjectNode delta = chunkChoice(first);
            delta.put("role", "assistant");
            ArrayNode deltas = delta.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                deltas.addObject().put("index", i).setAll((ObjectNode) calls.get(i));
            }
            ObjectNode last = chatChunk(id, model);
            chunkChoice(last);
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "tool_calls");
            last.set("usage", usage);
            sse(http, List.of(first, last), chunkDelayMillis.getAsLong());
            return;
        }
        json(http, 200, chatCompletion(id, model, "tool_calls", usage, message -> {
            message.putNull("content");
            message.set("tool_calls", calls);
        }));
    }

    /** A non-streamed chat completion; an answer and a tool-calling turn differ only in the assistant message. */
    private static ObjectNode chatCompletion(String id, String model, String finishReason, ObjectNode usage,
                                             Consumer<ObjectNode> assistantMessage) {
        ObjectNode out = envelope("chat.completion", id, model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        assistantMessage.accept(message);
        choice.put("finish_reason", finishReason);
        out.set("usage", usage);
        return out;
    }

    private static ObjectNode chatChunk(String id, String model) {
        return envelope("chat.completion.chunk", id, model);
    }

    private static ObjectNode chunkChoice(ObjectNode chunk) {
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        return choice.putObject("delta");
    }

    /** @param endpoint as for {@link #chat}; completion streams end alike on both services */
    void completion(HttpExchange http, JsonNode request, String endpoint) throws IOException {
        JsonNode promptNode = request.get("prompt");
        List<String> prompts = new ArrayList<>();
        if (promptNode.isArray()) {
            promptNode.forEach(p -> prompts.add(p.asText()));
        } else {
            prompts.add(promptNode.asText());
        }
        String model = endpoint != null ? endpoint : request.path("model").asText("emulated-model");
        String id = "cmpl-emu-" + ids.incrementAndGet();
        int promptTokens = prompts.stream().mapToInt(EmulatedModel::countTokens).sum();
        int completionTokens = prompts.stream().mapToInt(p -> countTokens(answerFor(p))).sum();
        ObjectNode usage = usage(promptTokens, completionTokens);
        if (request.path("stream").asBoolean(false)) {
            if (prompts.size() != 1) {
                throw new BadRequest("Streaming takes one prompt");
            }
            List<ObjectNode> chunks = new ArrayList<>();
            for (String piece : pieces(answerFor(prompts.get(0)))) {
                ObjectNode chunk = completionObject(id, model);
                ObjectNode choice = chunk.putArray("choices").addObject();
                choice.put("index", 0);
                choice.put("text", piece);
                choice.putNull("finish_reason");
                chunks.add(chunk);
            }
            ObjectNode last = completionObject(id, model);
            ObjectNode choice = last.putArray("choices").addObject();
            choice.put("index", 0);
            choice.put("text", "");
            choice.put("finish_reason", "stop");
            last.set("usage", usage);
            chunks.add(last);
            sse(http, chunks, chunkDelayMillis.getAsLong());
            return;
        }
        ObjectNode out = completionObject(id, model);
        ArrayNode choices = out.putArray("choices");
        for (int i = 0; i < prompts.size(); i++) {
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            choice.put("text", answerFor(prompts.get(i)));
            choice.put("finish_reason", "stop");
        }
        out.set("usage", usage);
        json(http, 200, out);
    }

    private static ObjectNode completionObject(String id, String model) {
        return envelope("text_completion", id, model);
    }

    /** The fields every OpenAI-style answer and chunk opens with; {@code object} names which kind it is. */
    private static ObjectNode envelope(String object, String id, String model) {
        ObjectNode out = NODES.objectNode();
        out.put("id", id);
        out.put("object", object);
        out.put("created", Instant.now().getEpochSecond());
        out.put("model", model);
        return out;
    }

    /** @param endpoint as for {@link #chat} */
    void embedding(HttpExchange http, JsonNode request, String endpoint) throws IOException {
        JsonNode input = request.get("input");
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(t -> texts.add(t.asText()));
        } else {
            texts.add(input.asText());
        }
        ObjectNode out = NODES.objectNode();
        out.put("object", "list");
        out.put("model", endpoint != null ? endpoint : request.path("model").asText("emulated-embedder"));
        ArrayNode data = out.putArray("data");
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (float v : embeddingOf(texts.get(i))) {
                vector.add(v);
            }
            tokens += countTokens(texts.get(i));
        }
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        json(http, 200, out);
    }

    private static ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = NODES.objectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    /** A message's content as text: a string, or the text parts of a list. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }
}
