package io.github.camelai.component.databricks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ContentPart;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.ToolDefinition;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.Message;

/**
 * The Responses API ({@code POST {host}/serving-endpoints/responses}), which is Databricks' own shape rather than
 * the chat-completions one: the request is built as JSON from the body and the options, and the answer is read
 * from its {@code output} items.
 */
final class DatabricksResponses {

    /** Fields Databricks answers with 400: refused before sending. */
    static final Set<String> REJECTED_FIELDS = Set.of("background", "store", "conversation", "service_tier");
    /** Databricks' limit on tools per request. */
    static final int MAX_TOOLS = 32;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Stream events that carry nothing a route needs. */
    private static final Set<String> BOOKKEEPING = Set.of("response.created", "response.in_progress", "response.queued",
            "response.content_part.added", "response.content_part.done", "response.output_text.done",
            "response.function_call_arguments.done", "response.reasoning_summary_part.added",
            "response.reasoning_summary_part.done", "response.reasoning_summary_text.done", "response.reasoning_text.done",
            "response.custom_tool_call_input.done");

    private DatabricksResponses() {
    }

    // ------------------------------------------------------------------------------------------------ request

    /**
     * The request for a body: a {@code String} is the input text (never parsed as JSON); a {@code List} is the
     * input items (maps such as {@code {role, content}} or {@code {type: function_call_output, call_id, output}},
     * or chat messages); a {@code Map} or {@code JsonNode} is a full request whose missing fields the options
     * fill. What the body sets wins.
     */
    static ObjectNode request(Object body, RequestOptions o, String endpoint) {
        ObjectNode req;
        if (body instanceof CharSequence text) {
            if (text.length() == 0) {
                throw new IllegalArgumentException("The responses input is empty: send a non-empty String");
            }
            req = LlmJson.MAPPER.createObjectNode();
            req.put("input", text.toString());
        } else if (body instanceof List<?> list) {
            req = LlmJson.MAPPER.createObjectNode();
            req.set("input", inputItems(list));
        } else if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            JsonNode node = LlmJson.MAPPER.valueToTree(body);
            if (!node.isObject()) {
                throw new IllegalArgumentException("A JsonNode body for responses must be a JSON object (a full request "
                                                   + "with \"input\")");
            }
            req = ((ObjectNode) node).deepCopy();
            JsonNode input = req.get("input");
            if (input == null || input.isNull()) {
                throw new IllegalArgumentException("A Map or JsonNode body for responses must be a full request with an "
                                                   + "\"input\" (a String or a list of input items); send a String for one input text");
            }
            if ((input.isTextual() && input.textValue().isEmpty()) || (input.isArray() && input.isEmpty())) {
                throw new IllegalArgumentException("The responses request has an empty \"input\"");
            }
        } else {
            throw ChatRequests.unsupported("responses", body, "String (the input text), List of input items, or a full "
                                                             + "request as Map or JsonNode");
        }
        fill(req, o, endpoint);
        validate(req);
        return req;
    }

    private static ArrayNode inputItems(List<?> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("The responses input is an empty List: send at least one input item");
        }
        ArrayNode items = LlmJson.MAPPER.createArrayNode();
        Set<String> customCalls = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof CharSequence text) {
                ObjectNode m = items.addObject();
                m.put("role", "user");
                m.put("content", text.toString());
            } else if (item instanceof ChatMessage m) {
                chatMessage(items, m, i, customCalls);
            } else if (item instanceof Map<?, ?> || item instanceof JsonNode) {
                JsonNode node = LlmJson.MAPPER.valueToTree(item);
                if (ChatMessage.TOOL.equals(node.path("role").asText()) || node.hasNonNull("tool_calls")) {
                    // a chat-style tool turn written as a Map: same as the ChatMessage it stands for
                    chatMessage(items, LlmJson.MAPPER.convertValue(node, ChatMessage.class), i, customCalls);
                } else {
                    items.add(node);
                }
            } else {
                throw new IllegalArgumentException("Item " + i + " of the responses input is a "
                                                   + (item == null ? "null" : item.getClass().getName())
                                                   + "; a List body must hold input items as Maps, ChatMessages or Strings");
            }
        }
        return items;
    }

    /**
     * A chat message as Responses input items: an assistant message's {@code tool_calls} become
     * {@code function_call} (or {@code custom_tool_call}) items, a {@code tool} message a
     * {@code function_call_output} (or {@code custom_tool_call_output}) with its {@code call_id}, and typed text
     * and image parts the Responses' {@code input_text}/{@code output_text} and {@code input_image}. So the tool
     * loop written for chat, with the calls from the tool-calls header, works for responses too.
     */
    private static void chatMessage(ArrayNode items, ChatMessage m, int i, Set<String> customCalls) {
        String role = m.getRole();
        if (ChatMessage.TOOL.equals(role)) {
            if (m.getToolCallId() == null || m.getToolCallId().isBlank()) {
                throw new IllegalArgumentException("Item " + i + " of the responses input is a tool message without "
                                                   + "tool_call_id: set it to the id of the tool call it answers");
            }
            ObjectNode out = items.addObject();
            boolean custom = customCalls.contains(m.getToolCallId());
            out.put("type", custom ? "custom_tool_call_output" : "function_call_output");
            out.put("call_id", m.getToolCallId());
            String text = m.text();
            out.put("output", text == null ? "" : text);
            return;
        }
        boolean toolCalls = m.hasToolCalls();
        if (!toolCalls || (m.text() != null && !m.text().isEmpty())) {
            ObjectNode n = items.addObject();
            n.put("role", role);
            n.set("content", content(m.getContent(), ChatMessage.ASSISTANT.equals(role)));
        }
        if (toolCalls) {
            for (ToolCall call : m.getToolCalls()) {
                boolean custom = "custom".equals(call.getType());
                ObjectNode out = items.addObject();
                out.put("type", custom ? "custom_tool_call" : "function_call");
                Object itemId = call.getAdditionalProperties().get("item_id");
                if (itemId != null) {
                    out.put("id", itemId.toString());
                }
                out.put("call_id", call.getId());
                out.put("name", call.getFunction() == null ? null : call.getFunction().getName());
                String args = call.getFunction() == null ? null : call.getFunction().getArguments();
                out.put(custom ? "input" : "arguments", args == null ? (custom ? "" : "{}") : args);
                if (custom && call.getId() != null) {
                    customCalls.add(call.getId());
                }
            }
        }
    }

    /** Message content for the Responses API: text stays text; chat content parts become Responses content blocks. */
    private static JsonNode content(Object content, boolean assistant) {
        if (!(content instanceof List<?> parts)) {
            return LlmJson.MAPPER.valueToTree(content);
        }
        ArrayNode blocks = LlmJson.MAPPER.createArrayNode();
        for (Object p : parts) {
            JsonNode part = LlmJson.MAPPER.valueToTree(p);
            String type = part.path("type").asText();
            if (ContentPart.TEXT.equals(type)) {
                blocks.addObject().put("type", assistant ? "output_text" : "input_text").put("text", part.path("text").asText());
            } else if (ContentPart.IMAGE_URL.equals(type)) {
                JsonNode url = part.path("image_url");
                blocks.addObject().put("type", "input_image")
                        .put("image_url", url.isObject() ? url.path("url").asText() : url.asText());
            } else if (ContentPart.REASONING.equals(type)) {
                continue; // the model's earlier reasoning: not input
            } else {
                blocks.add(part);
            }
        }
        return blocks;
    }

    private static void fill(ObjectNode req, RequestOptions o, String endpoint) {
        if (!req.hasNonNull("model")) {
            req.put("model", endpoint);
        }
        if (o.systemMessage != null && !o.systemMessage.isEmpty() && !req.hasNonNull("instructions")) {
            req.put("instructions", o.systemMessage);
        }
        putIfAbsent(req, "max_output_tokens", o.maxTokens);
        putIfAbsent(req, "temperature", o.temperature);
        putIfAbsent(req, "top_p", o.topP);
        putIfAbsent(req, "top_logprobs", o.topLogprobs);
        if (!req.hasNonNull("tools") && o.tools != null) {
            req.set("tools", tools(o.tools));
        }
        if (!req.hasNonNull("tool_choice") && o.toolChoice != null) {
            req.set("tool_choice", toolChoice(o.toolChoice));
        }
        // additionalBodyProperty before the nested text.format and reasoning.effort: additionalBodyProperty.text=
        // {"verbosity":"low"} or .reasoning={"summary":"auto"} is merged with responseFormat / reasoningEffort
        o.additional.forEach((k, v) -> {
            if (!req.has(k)) {
                // a copy: the options' parsed values are shared by every exchange, and text/reasoning get filled in
                req.set(k, v instanceof JsonNode n ? n.deepCopy() : LlmJson.MAPPER.valueToTree(v));
            }
        });
        if (o.responseFormat != null) {
            ObjectNode text = req.get("text") instanceof ObjectNode t ? t : req.putObject("text");
            if (!text.hasNonNull("format")) {
                text.set("format", LlmJson.MAPPER.valueToTree(o.responseFormat));
            }
        }
        if (o.reasoningEffort != null) {
            ObjectNode reasoning = req.get("reasoning") instanceof ObjectNode r ? r : req.putObject("reasoning");
            if (!reasoning.hasNonNull("effort")) {
                reasoning.put("effort", o.reasoningEffort);
            }
        }
        if (o.streaming) {
            req.put("stream", true);
        } else {
            req.remove("stream");
            req.remove("stream_options");
        }
    }

    private static void putIfAbsent(ObjectNode req, String field, Object value) {
        if (value != null && !req.hasNonNull(field)) {
            req.set(field, LlmJson.MAPPER.valueToTree(value));
        }
    }

    /** Chat-style function tools ({@code {type, function:{name,...}}}) in the Responses API's flat shape. */
    static ArrayNode tools(List<ToolDefinition> tools) {
        ArrayNode out = LlmJson.MAPPER.createArrayNode();
        for (ToolDefinition tool : tools) {
            ObjectNode node = LlmJson.MAPPER.valueToTree(tool);
            JsonNode function = node.get("function");
            if (function instanceof ObjectNode f && "function".equals(node.path("type").asText())) {
                node.remove("function");
                f.fields().forEachRemaining(e -> node.set(e.getKey(), e.getValue()));
            }
            out.add(node);
        }
        return out;
    }

    /** {@code {type: function, function: {name}}} becomes {@code {type: function, name}}; words stay as they are. */
    static JsonNode toolChoice(Object choice) {
        JsonNode node = LlmJson.MAPPER.valueToTree(choice);
        if (node instanceof ObjectNode obj && obj.get("function") instanceof ObjectNode f && f.has("name")) {
            ObjectNode flat = obj.deepCopy();
            flat.remove("function");
            flat.set("name", f.get("name"));
            return flat;
        }
        return node;
    }

    private static void validate(ObjectNode req) {
        Set<String> rejected = new TreeSet<>();
        Iterator<String> names = req.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (REJECTED_FIELDS.contains(name)) {
                rejected.add(name);
            }
        }
        if (!rejected.isEmpty()) {
            throw new IllegalArgumentException("Databricks does not support the Responses API field"
                                               + (rejected.size() > 1 ? "s " : " ") + String.join(", ", rejected)
                                               + " (it answers 400): remove " + (rejected.size() > 1 ? "them" : "it")
                                               + " from the request body and the additionalBodyProperty options");
        }
        JsonNode tools = req.get("tools");
        if (tools != null && tools.isArray() && tools.size() > MAX_TOOLS) {
            throw new IllegalArgumentException("The request has " + tools.size() + " tools; Databricks accepts at most "
                                               + MAX_TOOLS);
        }
    }

    // ------------------------------------------------------------------------------------------------ answer

    /** Puts a Responses answer on the message: the output text (or the whole response) and the headers. */
    static void apply(Message out, JsonNode response, RequestOptions o, LlmHeaders h) {
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
        if (o.fullResponse) {
            out.setBody(LlmJson.MAPPER.convertValue(response, MAP));
        } else {
            out.setBody(outputText(response));
        }
    }

    /** A response whose status is failed, or that carries an error, fails the exchange. */
    static void failIfFailed(JsonNode response, Long sequence) {
        JsonNode error = response.get("error");
        if ("failed".equals(text(response, "status")) || (error != null && error.isObject())) {
            throw new DatabricksResponseException(error == null ? null : text(error, "code"),
                    error == null ? "the response failed" : text(error, "message"), sequence);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    /** The status, or for an incomplete response the reason ({@code max_output_tokens}, {@code content_filter}). */
    static String finishReason(JsonNode response) {
        String status = text(response, "status");
        if ("incomplete".equals(status)) {
            String reason = text(response.get("incomplete_details"), "reason");
            return reason != null ? reason : status;
        }
        return status;
    }

    /** {@code input_tokens}, {@code output_tokens}, {@code total_tokens} and reasoning tokens as a {@link Usage}. */
    static Usage usage(JsonNode u) {
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
    static String outputText(JsonNode response) {
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
    static String reasoning(JsonNode response) {
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
    static List<ToolCall> toolCalls(JsonNode response) {
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
    static ToolCall toolCall(JsonNode item) {
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

    // ------------------------------------------------------------------------------------------------ stream

    /**
     * One SSE event of a streamed answer as a {@link ResponsesStreamEvent}, or {@code null} for events a route does
     * not need ({@code [DONE]} included). Error events throw {@link DatabricksResponseException}.
     */
    static ResponsesStreamEvent event(SseEvent sse) {
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
            failIfFailed(response.isObject() ? response : LlmJson.MAPPER.createObjectNode().put("status", "failed"),
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
            ToolCall call = toolCall(item);
            if (call == null) {
                return null; // message and reasoning items: their text arrives as deltas
            }
            call.setIndex(event.getOutputIndex());
            event.setToolCall(call);
            event.setItemId(text(item, "id"));
        } else if (event.isCompleted()) {
            JsonNode response = n.path("response");
            if (response.isObject()) {
                event.setResponse(LlmJson.MAPPER.convertValue(response, MAP));
                event.setUsage(usage(response.get("usage")));
                event.setFinishReason(finishReason(response));
            }
        }
        return event;
    }

    /** Folds stream events into the response a non-streamed call would have returned. */
    static final class Accumulator {
        private JsonNode completed;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder reasoning = new StringBuilder();
        private final Map<String, ToolCall> calls = new LinkedHashMap<>();
        private boolean sawText;
        private int events;

        /** Adds one event; returns whether it carried answer text. */
        boolean add(ResponsesStreamEvent e) {
            events++;
            if (e.isCompleted() && e.getResponse() != null) {
                completed = LlmJson.MAPPER.valueToTree(e.getResponse());
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

        int events() {
            return events;
        }

        /**
         * The {@code response.completed} response; when the stream ended without one, a response assembled from the
         * deltas (status {@code incomplete}, reason {@code stream_ended}).
         */
        JsonNode result() {
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
}
