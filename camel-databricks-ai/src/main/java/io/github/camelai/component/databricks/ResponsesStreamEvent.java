package io.github.camelai.component.databricks;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.support.LlmJson;

/**
 * One event of a streamed Responses API answer, as the route sees it with {@code streamOutput=iterator}. Only the
 * events that carry something are handed on: text deltas ({@code response.output_text.delta}), reasoning deltas,
 * function-call argument deltas, function calls as they start and complete ({@code response.output_item.added}
 * and {@code .done} with {@link #getToolCall()}), and the closing {@code response.completed} (or
 * {@code response.incomplete}) with the whole response and the usage. Bookkeeping events (created, in progress,
 * content part added...) are skipped. An {@code error} or {@code response.failed} event fails the stream with a
 * {@link DatabricksResponseException}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResponsesStreamEvent implements StreamChunk {

    public static final String OUTPUT_TEXT_DELTA = "response.output_text.delta";
    public static final String FUNCTION_CALL_ARGUMENTS_DELTA = "response.function_call_arguments.delta";
    public static final String REASONING_SUMMARY_TEXT_DELTA = "response.reasoning_summary_text.delta";
    public static final String REASONING_TEXT_DELTA = "response.reasoning_text.delta";
    public static final String OUTPUT_ITEM_ADDED = "response.output_item.added";
    public static final String OUTPUT_ITEM_DONE = "response.output_item.done";
    public static final String COMPLETED = "response.completed";
    public static final String INCOMPLETE = "response.incomplete";

    private static final TypeReference<Map<String, Object>> RESPONSE_MAP = new TypeReference<>() {
    };

    private String type;
    private Long sequenceNumber;
    private String itemId;
    private Integer outputIndex;
    private String delta;
    private ToolCall toolCall;
    private Map<String, Object> response;
    @JsonIgnore
    private JsonNode responseJson;
    private String finishReason;
    private Usage usage;

    /** The event type, e.g. {@code response.output_text.delta}. */
    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public Long getSequenceNumber() {
        return sequenceNumber;
    }

    public void setSequenceNumber(Long sequenceNumber) {
        this.sequenceNumber = sequenceNumber;
    }

    /** The output item the event belongs to. */
    public String getItemId() {
        return itemId;
    }

    public void setItemId(String itemId) {
        this.itemId = itemId;
    }

    public Integer getOutputIndex() {
        return outputIndex;
    }

    public void setOutputIndex(Integer outputIndex) {
        this.outputIndex = outputIndex;
    }

    /** The delta text of a delta event (answer text, reasoning or function-call arguments). */
    public String getDelta() {
        return delta;
    }

    public void setDelta(String delta) {
        this.delta = delta;
    }

    /** For a function call item as it starts ({@code output_item.added}) or completes ({@code output_item.done}). */
    public ToolCall getToolCall() {
        return toolCall;
    }

    public void setToolCall(ToolCall toolCall) {
        this.toolCall = toolCall;
    }

    /** The whole response, on {@code response.completed} and {@code response.incomplete}. */
    public Map<String, Object> getResponse() {
        if (response == null && responseJson != null) {
            // converted when a reader asks, not on the I/O thread for every stream that is only folded
            response = LlmJson.MAPPER.convertValue(responseJson, RESPONSE_MAP);
        }
        return response;
    }

    public void setResponse(Map<String, Object> response) {
        this.response = response;
        this.responseJson = null;
    }

    /**
     * The whole response as the stream gave it, on {@code response.completed} and {@code response.incomplete};
     * {@code null} on other events.
     */
    @JsonIgnore
    public JsonNode responseJson() {
        if (responseJson == null && response != null) {
            return LlmJson.MAPPER.valueToTree(response);
        }
        return responseJson;
    }

    /** Sets the whole response from the stream's JSON; {@link #getResponse()} reads it as a Map when asked. */
    public void responseJson(JsonNode responseJson) {
        this.responseJson = responseJson;
        this.response = null;
    }

    /** On the closing event: the response status, or the reason it is incomplete. */
    public String getFinishReason() {
        return finishReason;
    }

    public void setFinishReason(String finishReason) {
        this.finishReason = finishReason;
    }

    /** Token usage; on the last event only. */
    @Override
    public Usage getUsage() {
        return usage;
    }

    @Override
    public void setUsage(Usage usage) {
        this.usage = usage;
    }

    /** Every event handed on carries something. */
    @Override
    @JsonIgnore
    public boolean hasChoices() {
        return true;
    }

    /** The answer text this event adds, or {@code null}. */
    @Override
    public String text() {
        return OUTPUT_TEXT_DELTA.equals(type) ? delta : null;
    }

    /** The reasoning text this event adds, or {@code null}. */
    public String reasoning() {
        return REASONING_SUMMARY_TEXT_DELTA.equals(type) || REASONING_TEXT_DELTA.equals(type) ? delta : null;
    }

    /** The function-call arguments fragment this event adds, or {@code null}. */
    public String argumentsDelta() {
        return FUNCTION_CALL_ARGUMENTS_DELTA.equals(type) ? delta : null;
    }

    /** Whether this is the closing event with the whole response. */
    @JsonIgnore
    /** The closing event ends the answer: the usage it carries is put back on it at the end of the stream. */
    @Override
    public boolean endsAChoice() {
        return isCompleted();
    }

    public boolean isCompleted() {
        return COMPLETED.equals(type) || INCOMPLETE.equals(type);
    }

    @Override
    public String toString() {
        return "ResponsesStreamEvent[" + type + (delta != null ? ", delta=" + delta : "")
               + (toolCall != null ? ", " + toolCall : "") + (finishReason != null ? ", finishReason=" + finishReason : "")
               + (usage != null ? ", totalTokens=" + usage.getTotalTokens() : "") + "]";
    }
}
