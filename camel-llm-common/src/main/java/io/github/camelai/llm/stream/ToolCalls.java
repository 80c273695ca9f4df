package io.github.camelai.llm.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ToolCall;

/** Merging of streamed tool-call deltas, which share an {@code index} and carry argument fragments. */
public final class ToolCalls {

    private ToolCalls() {
    }

    /**
     * Adds one delta to the calls assembled so far, by index: the first id, type and name win; argument
     * fragments are appended in arrival order.
     */
    public static void mergeInto(Map<Integer, ToolCall> calls, ToolCall delta) {
        int index = delta.getIndex() != null ? delta.getIndex() : calls.size();
        ToolCall existing = calls.get(index);
        if (existing == null) {
            ToolCall copy = ToolCall.function(delta.getId(),
                    delta.getFunction() != null ? delta.getFunction().getName() : null,
                    delta.getFunction() != null ? delta.getFunction().getArguments() : null);
            copy.setIndex(index);
            if (delta.getType() != null) {
                copy.setType(delta.getType());
            }
            calls.put(index, copy);
            return;
        }
        if (existing.getId() == null) {
            existing.setId(delta.getId());
        }
        if (delta.getFunction() != null) {
            ToolCall.FunctionCall f = existing.getFunction();
            if (f.getName() == null) {
                f.setName(delta.getFunction().getName());
            }
            String more = delta.getFunction().getArguments();
            if (more != null) {
                f.setArguments(f.getArguments() == null ? more : f.getArguments() + more);
            }
        }
    }

    /**
     * Some engines (TensorRT-LLM on Baseten) put several deltas for the same index in one chunk, each with its
     * own id; a chunk whose deltas are merged per index is what every consumer expects.
     */
    public static ChatCompletionChunk normalize(ChatCompletionChunk chunk) {
        if (!chunk.hasChoices()) {
            return chunk;
        }
        for (ChatCompletionChunk.ChunkChoice choice : chunk.getChoices()) {
            ChatMessage delta = choice.getDelta();
            if (delta == null || delta.getToolCalls() == null || delta.getToolCalls().size() < 2) {
                continue;
            }
            Map<Integer, ToolCall> merged = new TreeMap<>();
            for (ToolCall call : delta.getToolCalls()) {
                mergeInto(merged, call);
            }
            if (merged.size() < delta.getToolCalls().size()) {
                List<ToolCall> calls = new ArrayList<>(merged.values());
                delta.setToolCalls(calls);
            }
        }
        return chunk;
    }
}
