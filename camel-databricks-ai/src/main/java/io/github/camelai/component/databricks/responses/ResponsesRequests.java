package io.github.camelai.component.databricks.responses;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.support.BodyTexts;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ContentPart;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.GenerationParameter;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestFilling;
import io.github.camelai.llm.support.RequestOptions;

/**
 * The Responses API request ({@code POST {host}/serving-endpoints/responses}), which is Databricks' own shape rather
 * than the chat-completions one: it is built as JSON from the body and the options. What the body sets wins.
 */
public final class ResponsesRequests {

    /** Fields Databricks answers with 400: refused before sending. */
    public static final Set<String> REJECTED_FIELDS = Set.of("background", "store", "conversation", "service_tier");

    private ResponsesRequests() {
    }

    /**
     * The request for a body: a {@code String} is the input text (never parsed as JSON); a {@code List} is the
     * input items (maps such as {@code {role, content}} or {@code {type: function_call_output, call_id, output}},
     * or chat messages); a {@code Map} or {@code JsonNode} is a full request whose missing fields the options
     * fill. What the body sets wins.
     */
    public static ObjectNode request(Object body, RequestOptions o, String endpoint) {
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
        if (req.get("input") instanceof ArrayNode items) {
            dropUnstoredItemIds(items);
        }
        fill(req, o, endpoint);
        validate(req);
        return req;
    }

    /**
     * Replayed function calls go out as {@code call_id}, {@code name} and {@code arguments}, without the item
     * {@code id} the answer gave them: an item id refers to an item stored server-side, and nothing is stored
     * ({@code store} is refused), so the service would look for it and fail. The exception is a turn whose
     * reasoning items are sent along: there the ids tie the calls to that reasoning, and stay. A turn is a run of the
     * model's output items (reasoning, calls, assistant messages) between the inputs around it.
     */
    static void dropUnstoredItemIds(ArrayNode items) {
        int turnStart = 0;
        for (int i = 0; i <= items.size(); i++) {
            if (i == items.size() || !isModelOutput(items.get(i))) {
                dropCallIds(items, turnStart, i);
                turnStart = i + 1;
            }
        }
    }

    private static boolean isModelOutput(JsonNode item) {
        String type = item.path("type").asText("");
        if (type.isEmpty() || type.equals("message")) {
            return ChatMessage.ASSISTANT.equals(item.path("role").asText());
        }
        return !type.endsWith("_output"); // function_call_output, custom_tool_call_output: the caller's answers
    }

    private static void dropCallIds(ArrayNode items, int from, int to) {
        for (int i = from; i < to; i++) {
            if ("reasoning".equals(items.get(i).path("type").asText())) {
                return;
            }
        }
        for (int i = from; i < to; i++) {
            String type = items.get(i).path("type").asText();
            if (items.get(i) instanceof ObjectNode call && (type.equals("function_call") || type.equals("custom_tool_call"))) {
                call.remove("id");
            }
        }
    }

    private static ArrayNode inputItems(List<?> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("The responses input is an empty List: send at least one input item");
        }
        ArrayNode items = LlmJson.MAPPER.createArrayNode();
        Set<String> customCalls = new HashSet<>();
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
                                                   + BodyTexts.typeName(item)
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
                Object itemId = call.getAdditionalProperties().get("item_id");
                addCallItem(items, call, itemId == null ? null : itemId.toString());
                if ("custom".equals(call.getType()) && call.getId() != null) {
                    customCalls.add(call.getId());
                }
            }
        }
    }

    /**
     * Adds a tool call as a {@code function_call} (or {@code custom_tool_call}) input item: its {@code call_id},
     * {@code name} and {@code arguments} (a custom tool's {@code input}), and the item id when {@code itemId} is
     * given. Missing arguments go out as the empty value of their kind, which the service accepts.
     */
    static void addCallItem(ArrayNode items, ToolCall call, String itemId) {
        boolean custom = "custom".equals(call.getType());
        ObjectNode out = items.addObject();
        out.put("type", custom ? "custom_tool_call" : "function_call");
        if (itemId != null) {
            out.put("id", itemId);
        }
        out.put("call_id", call.getId());
        out.put("name", call.getFunction() == null ? null : call.getFunction().getName());
        String args = call.getFunction() == null ? null : call.getFunction().getArguments();
        out.put(custom ? "input" : "arguments", args == null ? (custom ? "" : "{}") : args);
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
        RequestFilling.fill(req, o, GenerationParameter.Api.RESPONSES, ResponsesOptions::convert);
        if (o.streaming()) {
            req.put("stream", true);
        } else {
            req.remove("stream");
            req.remove("stream_options");
        }
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
    }
}
