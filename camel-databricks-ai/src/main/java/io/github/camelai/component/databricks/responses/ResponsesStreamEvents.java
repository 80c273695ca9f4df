package io.github.camelai.component.databricks.responses;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.component.databricks.DatabricksResponseException;
import io.github.camelai.component.databricks.ResponsesStreamEvent;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.support.LlmJson;

import static io.github.camelai.component.databricks.responses.ResponsesResults.text;

/** Reads the server-sent events of a streamed Responses answer. */
public final class ResponsesStreamEvents {

    /** Stream events that carry nothing a route needs. */
    private static final Set<String> BOOKKEEPING = Set.of("response.created", "response.in_progress", "response.queued",
            "response.content_part.added", "response.content_part.done", "response.output_text.done",
            "response.function_call_arguments.done", "response.reasoning_summary_part.added",
            "response.reasoning_summary_part.done", "response.reasoning_summary_text.done", "response.reasoning_text.done",
            "response.custom_tool_call_input.done");

    private ResponsesStreamEvents() {
    }

    /**
     * One SSE event of a streamed answer as a {@link ResponsesStreamEvent}, or {@code null} for events a route does
     * not need ({@code [DONE]} included). Error events throw {@link DatabricksResponseException}.
     */
    public static ResponsesStreamEvent event(SseEvent sse) {
        if (sse.isDone() || sse.data() == null || sse.data().isBlank()) {
            return null;
        }
        JsonNode n = LlmJson.read(sse.data().getBytes(StandardCharsets.UTF_8), JsonNode.class, "a Responses stream event");
        String type = n.hasNonNull("type") ? n.get("type").asText() : sse.event();
        Long sequence = n.hasNonNull("sequence_number") ? n.get("sequence_number").asLong() : null;
        if ("error".equals(type)) {
            JsonNode e = n.get("error") instanceof ObjectNode inner ? inner : n;
            throw new DatabricksResponseException(text(e, "code"), text(e, "message"), sequence);
        }
        if ("response.failed".equals(type)) {
            JsonNode response = n.path("response");
            ResponsesResults.failIfFailed(response.isObject() ? response : LlmJson.MAPPER.createObjectNode().put("status", "failed"),
                    sequence);
            throw new DatabricksResponseException(null, "the response failed", sequence);
        }
        if (type == null || BOOKKEEPING.contains(type)) {
            return null;
        }
        ResponsesStreamEvent event = new ResponsesStreamEvent();
        event.setType(type);
        event.setSequenceNumber(sequence);
        event.setItemId(text(n, "item_id"));
        event.setOutputIndex(n.hasNonNull("output_index") ? n.get("output_index").asInt() : null);
        event.setDelta(text(n, "delta"));
        if (ResponsesStreamEvent.OUTPUT_ITEM_ADDED.equals(type) || ResponsesStreamEvent.OUTPUT_ITEM_DONE.equals(type)) {
            JsonNode item = n.path("item");
            ToolCall call = ResponsesResults.toolCall(item);
            if (call == null) {
                return null; // message and reasoning items: their text arrives as deltas
            }
            call.setIndex(event.getOutputIndex());
            event.setToolCall(call);
            event.setItemId(text(item, "id"));
        } else if (event.isCompleted()) {
            JsonNode response = n.path("response");
            if (response.isObject()) {
                event.responseJson(response);
                event.setUsage(ResponsesResults.usage(response.get("usage")));
                event.setFinishReason(ResponsesResults.finishReason(response));
            }
        }
        return event;
    }
}
