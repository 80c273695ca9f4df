package io.github.camelai.component.databricks.responses;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.component.databricks.ResponsesStreamEvent;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.quota.TokenEstimate;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.stream.ChunkIterator;
import io.github.camelai.llm.stream.SseEventIterator;
import io.github.camelai.llm.stream.StreamEnd;
import io.github.camelai.llm.stream.StreamFold;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.tool.StreamedConversation;
import io.github.camelai.llm.tool.ToolResult;

/**
 * A Responses API conversation for the tool loop: the request's {@code input} becomes a list of items; a round
 * with function calls appends the answer's {@code message} and {@code function_call} items, then one
 * {@code function_call_output} item per call with its {@code call_id}.
 */
final class ResponsesConversation implements StreamedConversation<ResponsesStreamEvent, JsonNode> {

    private final LlmHttpClient client;
    private final String url;
    private final ObjectNode request;
    private final ArrayNode input;
    private final boolean streamed;
    private volatile LlmHttpResponse lastResponse;
    private ResponsesStreamAccumulator round = new ResponsesStreamAccumulator();

    ResponsesConversation(LlmHttpClient client, String url, ObjectNode request, boolean streamed) {
        this.client = client;
        this.url = url;
        this.request = request;
        this.streamed = streamed;
        JsonNode in = request.get("input");
        if (in.isArray()) {
            input = (ArrayNode) in;
        } else {
            input = request.putArray("input");
            input.addObject().put("role", "user").put("content", in.asText());
        }
    }

    /** The names of the request's own tools (function and custom tools): the caller runs those. */
    static List<String> callerTools(ObjectNode request) {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            String name = tool.path("name").asText(tool.path("function").path("name").asText(null));
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    private LlmHttpRequest httpRequest() {
        return LlmHttpRequest.postJson(url, LlmJson.write(request)).withEstimatedTokens(TokenEstimate.responses(request));
    }

    @Override
    public CompletableFuture<JsonNode> send() {
        if (!streamed) {
            LlmHttpRequest http = httpRequest();
            return client.send(http).thenApply(response -> {
                lastResponse = response;
                JsonNode answer = LlmJson.read(response.body(), JsonNode.class, "the response");
                client.tokensUsed(http, TokenEstimate.used(answer.get("usage")));
                ResponsesResults.failIfFailed(answer, null);
                return answer;
            });
        }
        ResponsesStreamAccumulator acc = new ResponsesStreamAccumulator();
        LlmHttpRequest http = httpRequest();
        return StreamFold.foldChunks(client, http, UnaryOperator.identity(), ResponsesStreamEvents::event,
                StreamEnd.COMPLETED_EVENT, acc::add).thenApply(v -> {
                    JsonNode answer = acc.result();
                    client.tokensUsed(http, TokenEstimate.used(answer == null ? null : answer.get("usage")));
                    return answer;
                });
    }

    @Override
    public Round<ResponsesStreamEvent> open() {
        SseEventIterator events = new SseEventIterator();
        ChunkIterator<ResponsesStreamEvent> chunks = new ChunkIterator<>(events, ResponsesStreamEvents::event, StreamEnd.COMPLETED_EVENT);
        client.stream(httpRequest(), events);
        return new Round<>(chunks, events.opened());
    }

    @Override
    public boolean fold(ResponsesStreamEvent event) {
        round.add(event);
        // function calls and the closing response are the loop's business until the round turns out final
        return event.getToolCall() == null && event.argumentsDelta() == null && !event.isCompleted();
    }

    @Override
    public JsonNode roundAnswer() {
        JsonNode answer = round.result();
        round = new ResponsesStreamAccumulator();
        return answer;
    }

    @Override
    public List<ToolCall> toolCalls(JsonNode answer) {
        return ResponsesResults.toolCalls(answer);
    }

    @Override
    public Usage usage(JsonNode answer) {
        return ResponsesResults.usage(answer.get("usage"));
    }

    /**
     * The answer's message and function-call items go back as input (reasoning items stay out: they are the
     * model's own notes and not every served model accepts them as input), then the results.
     */
    @Override
    public void append(JsonNode answer, List<ToolResult> results) {
        for (JsonNode item : answer.path("output")) {
            String type = item.path("type").asText();
            if ("message".equals(type)) {
                ObjectNode m = input.addObject();
                m.put("role", item.path("role").asText("assistant"));
                m.set("content", item.path("content").deepCopy());
            }
        }
        for (ToolCall call : toolCalls(answer)) {
            // no item id: it would refer to an item stored server-side, and without this turn's reasoning items
            // nothing ties it to anything (see ResponsesRequests.dropUnstoredItemIds)
            ResponsesRequests.addCallItem(input, call, null);
        }
        for (ToolResult r : results) {
            boolean custom = "custom".equals(r.call().getType());
            input.addObject().put("type", custom ? "custom_tool_call_output" : "function_call_output")
                    .put("call_id", r.call().getId()).put("output", r.output());
        }
    }

    LlmHttpResponse lastResponse() {
        return lastResponse;
    }
}
