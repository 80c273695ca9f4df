package io.github.camelai.component.databricks.responses;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.component.databricks.ResponsesStreamEvent;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.support.LlmJson;

/** Folds stream events into the response a non-streamed call would have returned. */
public final class ResponsesStreamAccumulator {
    private JsonNode completed;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final Map<String, ToolCall> calls = new LinkedHashMap<>();
    private boolean sawText;

    /** Adds one event; returns whether it carried answer text. */
    public boolean add(ResponsesStreamEvent e) {
        if (e.isCompleted() && e.responseJson() != null) {
            completed = e.responseJson();
            return false;
        }
        if (e.getToolCall() != null && ResponsesStreamEvent.OUTPUT_ITEM_DONE.equals(e.getType())) {
            calls.put(e.getItemId() != null ? e.getItemId() : "call" + calls.size(), e.getToolCall());
        }
        if (e.reasoning() != null) {
            reasoning.append(e.reasoning());
        }
        if (e.text() != null) {
            text.append(e.text());
            sawText = true;
            return true;
        }
        return false;
    }

    /**
     * The {@code response.completed} response; when the stream ended without one, a response assembled from the
     * deltas (status {@code incomplete}, reason {@code stream_ended}).
     */
    public JsonNode result() {
        if (completed != null) {
            return completed;
        }
        ObjectNode r = LlmJson.MAPPER.createObjectNode();
        r.put("object", "response");
        r.put("status", "incomplete");
        r.putObject("incomplete_details").put("reason", "stream_ended");
        ArrayNode output = r.putArray("output");
        if (reasoning.length() > 0) {
            ObjectNode item = output.addObject();
            item.put("type", "reasoning");
            item.putArray("summary").addObject().put("type", "summary_text").put("text", reasoning.toString());
        }
        if (sawText) {
            ObjectNode item = output.addObject();
            item.put("type", "message");
            item.put("role", "assistant");
            item.putArray("content").addObject().put("type", "output_text").put("text", text.toString());
        }
        for (Map.Entry<String, ToolCall> c : calls.entrySet()) {
            ObjectNode item = output.addObject();
            boolean custom = "custom".equals(c.getValue().getType());
            item.put("type", custom ? "custom_tool_call" : "function_call");
            item.put("id", c.getKey());
            item.put("call_id", c.getValue().getId());
            item.put("name", c.getValue().getFunction().getName());
            item.put(custom ? "input" : "arguments", c.getValue().getFunction().getArguments());
        }
        return r;
    }
}
