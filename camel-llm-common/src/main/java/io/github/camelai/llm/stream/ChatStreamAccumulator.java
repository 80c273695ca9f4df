package io.github.camelai.llm.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;

/**
 * Folds chat chunks into the {@link ChatCompletion} a non-streamed call would have returned: text and
 * reasoning concatenated per choice, tool calls assembled by index (first id and name kept, argument fragments
 * appended), the last finish reason, and usage from the last chunk that had it.
 */
public final class ChatStreamAccumulator {

    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private String id;
    private String model;
    private Long created;
    private Usage usage;
    private int chunks;

    private static final class ChoiceState {
        String role;
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        boolean sawText;
        final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
        String finishReason;
    }

    /** Adds one chunk. */
    public void add(ChatCompletionChunk chunk) {
        chunks++;
        if (id == null) {
            id = chunk.getId();
        }
        if (model == null) {
            model = chunk.getModel();
        }
        if (created == null) {
            created = chunk.getCreated();
        }
        if (chunk.getUsage() != null) {
            usage = chunk.getUsage();
        }
        if (chunk.getChoices() == null) {
            return;
        }
        for (ChatCompletionChunk.ChunkChoice c : chunk.getChoices()) {
            int index = c.getIndex() == null ? 0 : c.getIndex();
            ChoiceState state = choices.computeIfAbsent(index, i -> new ChoiceState());
            if (c.getFinishReason() != null) {
                state.finishReason = c.getFinishReason();
            }
            ChatMessage delta = c.getDelta();
            if (delta == null) {
                continue;
            }
            if (delta.getRole() != null) {
                state.role = delta.getRole();
            }
            String text = delta.text();
            if (text != null) {
                state.text.append(text);
                state.sawText = true;
            }
            String reasoning = delta.reasoningText();
            if (reasoning != null) {
                state.reasoning.append(reasoning);
            }
            if (delta.getToolCalls() != null) {
                for (ToolCall call : delta.getToolCalls()) {
                    ToolCalls.mergeInto(state.toolCalls, call);
                }
            }
        }
    }

    /** How many chunks were added. */
    public int chunkCount() {
        return chunks;
    }

    /** The folded response. */
    public ChatCompletion result() {
        ChatCompletion completion = new ChatCompletion();
        completion.setId(id);
        completion.setObject("chat.completion");
        completion.setModel(model);
        completion.setCreated(created);
        completion.setUsage(usage);
        List<ChatCompletion.Choice> out = new ArrayList<>();
        for (Map.Entry<Integer, ChoiceState> e : choices.entrySet()) {
            ChoiceState s = e.getValue();
            ChatMessage message = new ChatMessage(s.role != null ? s.role : ChatMessage.ASSISTANT,
                    s.sawText ? s.text.toString() : null);
            if (s.reasoning.length() > 0) {
                message.setReasoningContent(s.reasoning.toString());
            }
            if (!s.toolCalls.isEmpty()) {
                // in list order, without the stream's index field: the shape of a non-streamed answer, which can
                // go back to the service as the assistant turn of the next request
                List<ToolCall> calls = new ArrayList<>(s.toolCalls.size());
                for (ToolCall c : s.toolCalls.values()) {
                    ToolCall copy = ToolCall.function(c.getId(), c.getFunction().getName(), c.getFunction().getArguments());
                    copy.setType(c.getType());
                    calls.add(copy);
                }
                message.setToolCalls(calls);
            }
            ChatCompletion.Choice choice = new ChatCompletion.Choice();
            choice.setIndex(e.getKey());
            choice.setMessage(message);
            choice.setFinishReason(s.finishReason);
            out.add(choice);
        }
        completion.setChoices(out);
        return completion;
    }
}
