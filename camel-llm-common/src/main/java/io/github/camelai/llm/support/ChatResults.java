package io.github.camelai.llm.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.telemetry.GenAiCall;
import org.apache.camel.Message;

/** Puts a response on the exchange: the answer as body, the metadata as headers. */
public final class ChatResults {

    private ChatResults() {
    }

    /** Chat: body is the answer text ({@code List<String>} for several choices) or the whole response. */
    public static void apply(Message out, ChatCompletion response, RequestOptions o, LlmHeaders h) {
        if (response.getChoices() == null || response.getChoices().isEmpty()) {
            // an answer with nothing in it must not pass as an empty success
            throw new LlmException("The chat answer has no choices" + (response.getId() != null ? " (id "
                                   + response.getId() + ")" : "") + ": the service returned nothing to read");
        }
        common(out, response.getId(), response.getModel(), response.finishReason(), response.getUsage(), h);
        ChatMessage first = response.firstMessage();
        if (first != null) {
            if (first.hasToolCalls()) {
                out.setHeader(h.name(LlmHeaders.TOOL_CALLS), first.getToolCalls());
            }
            String reasoning = first.reasoningText();
            if (reasoning != null) {
                out.setHeader(h.name(LlmHeaders.REASONING), reasoning);
            }
        }
        if (o.fullResponse()) {
            out.setBody(response);
            return;
        }
        List<ChatCompletion.Choice> choices = response.getChoices();
        if (choices != null && choices.size() > 1) {
            List<String> texts = new ArrayList<>(choices.size());
            for (ChatCompletion.Choice c : choices) {
                texts.add(c.getMessage() != null ? c.getMessage().text() : null);
            }
            out.setBody(texts);
        } else {
            out.setBody(first != null ? first.text() : null);
        }
    }

    /** Whether a completions request is answered with a list: a List of prompts, or more than one choice. */
    public static boolean answersMany(CompletionRequest req) {
        return req.getPrompt() instanceof List<?> || (req.getN() != null && req.getN() > 1);
    }

    /**
     * Completions: body is the text, the texts in choice order when {@code many}, or the whole response; the
     * common headers as for any operation.
     */
    public static void completion(Message out, Completion c, boolean many, RequestOptions o, LlmHeaders h) {
        common(out, c.getId(), c.getModel(), c.finishReason(), c.getUsage(), h);
        if (o.fullResponse()) {
            out.setBody(c);
        } else if (!many) {
            out.setBody(c.text());
        } else {
            List<Completion.Choice> choices = new ArrayList<>(c.getChoices() == null ? List.of() : c.getChoices());
            choices.sort(Comparator.comparing(ch -> ch.getIndex() == null ? 0 : ch.getIndex()));
            out.setBody(choices.stream().map(Completion.Choice::getText).toList());
        }
    }

    /** The headers every operation sets: id, model, finish reason and token counts. */
    public static void common(Message out, String id, String model, String finishReason, Usage usage, LlmHeaders h) {
        GenAiCall call = GenAiCall.of(out.getExchange());
        if (call != null && !call.isEnded()) {
            call.response(id, model, finishReason, usage);
        }
        setIfPresent(out, h.name(LlmHeaders.RESPONSE_ID), id);
        setIfPresent(out, h.name(LlmHeaders.RESPONSE_MODEL), model);
        setIfPresent(out, h.name(LlmHeaders.FINISH_REASON), finishReason);
        if (usage != null) {
            setIfPresent(out, h.name(LlmHeaders.PROMPT_TOKENS), usage.getPromptTokens());
            setIfPresent(out, h.name(LlmHeaders.COMPLETION_TOKENS), usage.getCompletionTokens());
            setIfPresent(out, h.name(LlmHeaders.TOTAL_TOKENS), usage.getTotalTokens());
            setIfPresent(out, h.name(LlmHeaders.REASONING_TOKENS), usage.reasoningTokens());
        }
    }

    private static void setIfPresent(Message out, String name, Object value) {
        if (value != null) {
            out.setHeader(name, value);
        }
    }
}
