package io.github.camelai.component.databricks.responses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.component.databricks.DatabricksResponseException;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.Message;

/**
 * A Responses API answer on the exchange: the text of its {@code output} message items (or the whole response), and
 * the same headers a chat answer sets, tool calls and reasoning included.
 */
public final class ResponsesResults {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ResponsesResults() {
    }

    /** Puts a Responses answer on the message: the output text (or the whole response) and the headers. */
    public static void apply(Message out, JsonNode response, RequestOptions o, LlmHeaders h) {
        failIfFailed(response, null);
        ChatResults.common(out, text(response, "id"), text(response, "model"), finishReason(response),
                usage(response.get("usage")), h);
        List<ToolCall> calls = toolCalls(response);
        if (!calls.isEmpty()) {
            out.setHeader(h.name(LlmHeaders.TOOL_CALLS), calls);
        }
        String reasoning = reasoning(response);
        if (reasoning != null) {
            out.setHeader(h.name(LlmHeaders.REASONING), reasoning);
        }
        if (o.fullResponse()) {
            out.setBody(LlmJson.MAPPER.convertValue(response, MAP));
        } else {
            out.setBody(outputText(response));
        }
    }

    /** A response whose status is failed, or that carries an error, fails the exchange. */
    public static void failIfFailed(JsonNode response, Long sequence) {
        JsonNode error = response.get("error");
        if ("failed".equals(text(response, "status")) || (error != null && error.isObject())) {
            throw new DatabricksResponseException(error == null ? null : text(error, "code"),
                    error == null ? "the response failed" : text(error, "message"), sequence);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** The status, or for an incomplete response the reason ({@code max_output_tokens}, {@code content_filter}). */
    public static String finishReason(JsonNode response) {
        String status = text(response, "status");
        if ("incomplete".equals(status)) {
            String reason = text(response.get("incomplete_details"), "reason");
            return reason != null ? reason : status;
        }
        return status;
    }

    /** {@code input_tokens}, {@code output_tokens}, {@code total_tokens} and reasoning tokens as a {@link Usage}. */
    public static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        Usage usage = new Usage();
        usage.setPromptTokens(integer(u, "input_tokens", "prompt_tokens"));
        usage.setCompletionTokens(integer(u, "output_tokens", "completion_tokens"));
        usage.setTotalTokens(integer(u, "total_tokens", null));
        JsonNode details = u.get("output_tokens_details");
        Integer reasoning = details != null && details.hasNonNull("reasoning_tokens")
                ? Integer.valueOf(details.get("reasoning_tokens").asInt()) : integer(u, "reasoning_tokens", null);
        usage.setReasoningTokens(reasoning);
        return usage;
    }

    private static Integer integer(JsonNode node, String field, String alternative) {
        if (node.hasNonNull(field)) {
            return node.get(field).asInt();
        }
        return alternative != null && node.hasNonNull(alternative) ? node.get(alternative).asInt() : null;
    }

    /** The {@code output_text} parts of the message items, joined; {@code null} when there is none. */
    public static String outputText(JsonNode response) {
        StringBuilder sb = null;
        for (JsonNode item : response.path("output")) {
            if (!"message".equals(item.path("type").asText("message"))) {
                continue;
            }
            JsonNode content = item.get("content");
            if (content != null && content.isTextual()) {
                sb = sb == null ? new StringBuilder() : sb;
                sb.append(content.textValue());
                continue;
            }
            for (JsonNode part : item.path("content")) {
                if ("output_text".equals(part.path("type").asText()) && part.hasNonNull("text")) {
                    sb = sb == null ? new StringBuilder() : sb;
                    sb.append(part.get("text").asText());
                }
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** The reasoning items' summaries (and reasoning text parts), joined; {@code null} when there is none. */
    public static String reasoning(JsonNode response) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode item : response.path("output")) {
            if (!"reasoning".equals(item.path("type").asText())) {
                continue;
            }
            for (JsonNode s : item.path("summary")) {
                if (s.hasNonNull("text")) {
                    sb.append(s.get("text").asText());
                }
            }
            for (JsonNode c : item.path("content")) {
                if (c.hasNonNull("text")) {
                    sb.append(c.get("text").asText());
                }
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** The function (and custom tool) calls in the output, as the same objects a chat answer gives. */
    public static List<ToolCall> toolCalls(JsonNode response) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode item : response.path("output")) {
            ToolCall call = toolCall(item);
            if (call != null) {
                call.setIndex(calls.size());
                calls.add(call);
            }
        }
        return calls;
    }

    /**
     * A {@code function_call} item as a {@link ToolCall}: id = {@code call_id} (what a
     * {@code function_call_output} answers), the item's own id as {@code item_id}. A {@code custom_tool_call}
     * gives type {@code custom} with its plain-text {@code input} as the arguments. Other items give {@code null}.
     */
    public static ToolCall toolCall(JsonNode item) {
        String type = item.path("type").asText();
        ToolCall call;
        if ("function_call".equals(type)) {
            JsonNode args = item.get("arguments");
            call = ToolCall.function(text(item, "call_id"), text(item, "name"),
                    args == null || args.isNull() ? null : args.isTextual() ? args.textValue() : args.toString());
        } else if ("custom_tool_call".equals(type)) {
            call = ToolCall.function(text(item, "call_id"), text(item, "name"), text(item, "input"));
            call.setType("custom");
        } else {
            return null;
        }
        if (item.hasNonNull("id")) {
            call.setAdditionalProperty("item_id", item.get("id").asText());
        }
        return call;
    }
}
