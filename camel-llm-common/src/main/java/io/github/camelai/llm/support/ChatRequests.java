package io.github.camelai.llm.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.EmbeddingRequest;

/**
 * Turns an exchange body into a request, the same way for every OpenAI-compatible service, and fills what the
 * body left out from the options. Bad input fails here, before any HTTP call, with a message that says what to
 * send instead.
 */
public final class ChatRequests {

    private ChatRequests() {
    }

    /**
     * A chat request from a body: a {@code String} is one user message (never parsed as JSON); a {@code List} is
     * the messages ({@link ChatMessage}s or maps with role and content); a {@code Map}, {@code JsonNode} or
     * {@link ChatCompletionRequest} with {@code messages} is a full request whose missing fields the options fill.
     */
    public static ChatCompletionRequest chat(Object body, RequestOptions o) {
        LlmJson.checkDepth(body, "The chat body");
        ChatCompletionRequest req;
        if (body instanceof ChatCompletionRequest r) {
            // filled and sent per exchange: a request object the route reuses must not change under it
            req = LlmJson.MAPPER.convertValue(r, ChatCompletionRequest.class);
        } else if (body instanceof CharSequence text) {
            if (text.toString().isBlank()) {
                throw new IllegalArgumentException("The chat input is empty: send a non-empty String or a List of messages");
            }
            req = new ChatCompletionRequest();
            List<ChatMessage> messages = new ArrayList<>();
            messages.add(ChatMessage.user(text.toString()));
            req.setMessages(messages);
        } else if (body instanceof List<?> list) {
            req = new ChatCompletionRequest();
            req.setMessages(messages(list));
        } else if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            try {
                req = LlmJson.MAPPER.convertValue(body, ChatCompletionRequest.class);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The body is not a chat request ({\"messages\":[...]}): "
                                                   + e.getMessage(), e);
            }
            if (req.getMessages() == null) {
                throw new IllegalArgumentException("A Map or JsonNode body must be a full chat request with a "
                                                   + "\"messages\" array; send a String for one user message");
            }
        } else {
            throw unsupported("chat", body, "String (one user message), List of messages (ChatMessage or Map with "
                                             + "role and content), or a full request as Map, JsonNode or ChatCompletionRequest");
        }
        if (req.getMessages() == null || req.getMessages().isEmpty()) {
            // before the systemMessage option is put first: a lone system message is no conversation
            validateMessages(req.getMessages());
        }
        if (o.systemMessage() != null && !ChatMessage.SYSTEM.equals(req.getMessages().get(0).getRole())) {
            List<ChatMessage> withSystem = new ArrayList<>(req.getMessages().size() + 1);
            withSystem.add(ChatMessage.system(o.systemMessage()));
            withSystem.addAll(req.getMessages());
            req.setMessages(withSystem);
        }
        validateMessages(req.getMessages());
        fill(req, o);
        return req;
    }

    private static List<ChatMessage> messages(List<?> list) {
        List<ChatMessage> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof ChatMessage m) {
                out.add(m);
            } else if (item instanceof Map<?, ?> || item instanceof JsonNode) {
                out.add(LlmJson.MAPPER.convertValue(item, ChatMessage.class));
            } else {
                throw new IllegalArgumentException("Message " + i + " of the body is of type "
                                                   + BodyTexts.typeName(item)
                                                   + "; a List body must hold ChatMessage objects or Maps with role and content");
            }
        }
        return out;
    }

    /** Refuses what every service refuses anyway, but before paying for a round trip. */
    public static void validateMessages(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("The chat request has no messages: send a String, or a List with at least "
                                               + "one message");
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m.getRole() == null || m.getRole().isBlank()) {
                throw new IllegalArgumentException("Message " + i + " has no role: use system, user, assistant or tool");
            }
            if (i > 0 && ChatMessage.SYSTEM.equals(m.getRole())) {
                throw new IllegalArgumentException("Message " + i + " is a system message; a system message may only "
                                                   + "come first (or use the systemMessage option)");
            }
        }
    }

    /** Fills every field the request left unset from the options; what the body set wins. */
    public static void fill(ChatCompletionRequest req, RequestOptions o) {
        RequestFilling.fill(req, o, GenerationParameter.Api.CHAT);
        applyAdditional(req, o.additional());
        if (req.getTopLogprobs() != null && !Boolean.TRUE.equals(req.getLogprobs())) {
            throw new IllegalArgumentException("topLogprobs needs logprobs=true");
        }
    }

    /**
     * Sets the {@code additionalBodyProperty.*} fields the request does not have yet. A name that is a modelled
     * field ({@code max_tokens}, {@code stream_options}) sets that field instead of writing the key twice.
     */
    public static void applyAdditional(Object req, Map<String, Object> additional) {
        if (additional.isEmpty()) {
            return;
        }
        JsonNode current = LlmJson.MAPPER.valueToTree(req);
        Map<String, Object> missing = new java.util.LinkedHashMap<>();
        additional.forEach((k, v) -> {
            if (!current.has(k)) {
                missing.put(k, v);
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        try {
            LlmJson.MAPPER.updateValue(req, missing);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new IllegalArgumentException("additionalBodyProperty " + missing.keySet() + " does not fit the request: "
                                               + e.getOriginalMessage(), e);
        }
    }

    /** A completions request from a {@code String} prompt or a {@code List<String>} batch. */
    public static CompletionRequest completion(Object body, RequestOptions o) {
        CompletionRequest req = new CompletionRequest();
        req.setPrompt(prompts(body, "completion"));
        RequestFilling.fill(req, o, GenerationParameter.Api.COMPLETION);
        applyAdditional(req, o.additional());
        return req;
    }

    /** An embeddings request for some inputs. */
    public static EmbeddingRequest embedding(Object input, RequestOptions o) {
        EmbeddingRequest req = new EmbeddingRequest();
        req.setInput(input);
        req.setModel(o.model());
        applyAdditional(req, o.additional());
        return req;
    }

    /**
     * A {@code String}, or a non-empty array, {@code Collection} or {@code Iterable} of non-empty strings (given back
     * as a {@code List<String>}); anything else fails naming the accepted types.
     */
    public static Object prompts(Object body, String operation) {
        if (body instanceof CharSequence text) {
            if (text.length() == 0) {
                throw new IllegalArgumentException("The " + operation + " input is empty: send a non-empty String");
            }
            return text.toString();
        }
        List<String> texts = BodyTexts.texts(body, operation, false);
        if (texts != null) {
            return texts;
        }
        throw unsupported(operation, body, "String, or a List, array or other Collection of String");
    }

    public static IllegalArgumentException unsupported(String operation, Object body, String accepted) {
        return new IllegalArgumentException("The " + operation + " operation cannot use a body of type "
                                            + (body == null ? "null (no body)" : BodyTexts.typeName(body))
                                            + "; it accepts " + accepted);
    }
}
