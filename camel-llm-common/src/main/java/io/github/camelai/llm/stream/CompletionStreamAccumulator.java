package io.github.camelai.llm.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.Usage;

/**
 * Folds completions chunks into the {@link Completion} a non-streamed call would have returned: text
 * concatenated per choice index, the last finish reason of each, id and model from the first chunk, usage from
 * the last chunk that had it.
 */
public final class CompletionStreamAccumulator {

    private final Map<Integer, StringBuilder> texts = new TreeMap<>();
    private final Map<Integer, String> finishReasons = new TreeMap<>();
    private String id;
    private String model;
    private Usage usage;

    /** Adds one chunk; {@code true} when it carried text (the caller times the first token by it). */
    public boolean add(Completion chunk) {
        if (id == null) {
            id = chunk.getId();
            model = chunk.getModel();
        }
        if (chunk.getUsage() != null) {
            usage = chunk.getUsage();
        }
        boolean text = false;
        if (chunk.getChoices() != null) {
            for (Completion.Choice c : chunk.getChoices()) {
                int i = c.getIndex() == null ? 0 : c.getIndex();
                if (c.getText() != null) {
                    text = true;
                    texts.computeIfAbsent(i, k -> new StringBuilder()).append(c.getText());
                }
                if (c.getFinishReason() != null) {
                    finishReasons.put(i, c.getFinishReason());
                }
            }
        }
        return text;
    }

    /** The folded answer, {@code object} set to {@code text_completion}. */
    public Completion result() {
        Completion out = new Completion();
        out.setId(id);
        out.setModel(model);
        out.setUsage(usage);
        out.setObject("text_completion");
        List<Completion.Choice> choices = new ArrayList<>();
        texts.forEach((i, sb) -> {
            Completion.Choice c = new Completion.Choice();
            c.setIndex(i);
            c.setText(sb.toString());
            c.setFinishReason(finishReasons.get(i));
            choices.add(c);
        });
        out.setChoices(choices);
        return out;
    }
}
