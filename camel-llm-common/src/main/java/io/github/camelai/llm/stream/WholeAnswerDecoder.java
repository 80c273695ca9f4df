package io.github.camelai.llm.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.error.BodyPreview;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.support.LlmJson;

/**
 * A streamed request answered with one whole JSON answer, as a server that ignores {@code "stream": true} does.
 * The body is collected (bounded like one event) and handed on as the events a stream would have carried, so the
 * route gets the same result: a chat completion becomes one chunk (each choice's {@code message} as its
 * {@code delta}) then {@code [DONE]}; a Responses API answer a {@code response.completed} event; anything else
 * one event with the JSON as data. JSON that does not parse (a truncated answer) fails the call.
 */
final class WholeAnswerDecoder implements StreamDecoder<SseEvent> {

    private static final int LIMIT = SseDecoder.DEFAULT_MAX_LINE_BYTES;

    private final String status;
    private final String contentType;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int items;

    WholeAnswerDecoder(String status, String contentType) {
        this.status = status;
        this.contentType = contentType;
    }

    @Override
    public void feed(ByteBuffer data, Consumer<SseEvent> out) {
        int n = data.remaining();
        if (body.size() + (long) n > LIMIT) {
            data.position(data.limit());
            throw new LlmException("A streamed call was answered with " + StreamAnswerDecoders.describe(status, contentType)
                                   + " larger than " + LIMIT + " bytes");
        }
        byte[] chunk = new byte[n];
        data.get(chunk);
        body.write(chunk, 0, n);
    }

    @Override
    public void finish(Consumer<SseEvent> out) {
        byte[] bytes = body.toByteArray();
        JsonNode json;
        try {
            json = LlmJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            json = null;
        }
        if (!(json instanceof ObjectNode answer)) {
            throw new LlmException("A streamed call was answered with " + StreamAnswerDecoders.describe(status, contentType)
                                   + " whose body is not a complete JSON object (" + bytes.length + " bytes); first bytes: "
                                   + BodyPreview.of(bytes, bytes.length));
        }
        if ("response".equals(answer.path("object").asText()) && !answer.has("choices")) {
            ObjectNode completed = LlmJson.MAPPER.createObjectNode();
            completed.put("type", "response.completed");
            completed.set("response", answer);
            emit(out, new SseEvent("response.completed", completed.toString(), null));
            return;
        }
        if (answer.get("choices") instanceof ArrayNode choices) {
            for (JsonNode choice : choices) {
                if (choice instanceof ObjectNode c && c.has("message") && !c.has("delta")) {
                    c.set("delta", c.remove("message"));
                }
            }
            if ("chat.completion".equals(answer.path("object").asText())) {
                answer.put("object", "chat.completion.chunk");
            }
        }
        emit(out, new SseEvent(null, answer.toString(), null));
        emit(out, new SseEvent(null, SseEvent.DONE, null));
    }

    private void emit(Consumer<SseEvent> out, SseEvent event) {
        items++;
        out.accept(event);
    }

    @Override
    public long bytesSeen() {
        return body.size();
    }

    @Override
    public int itemsDecoded() {
        return items;
    }
}
