package io.github.camelai.llm.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One streamed piece of a chat completion ({@code chat.completion.chunk}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class ChatCompletionChunk extends JsonExtensible implements StreamChunk {

    private String id;
    private String object;
    private Long created;
    private String model;
    private List<ChunkChoice> choices;
    private Usage usage;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getObject() {
        return object;
    }

    public void setObject(String object) {
        this.object = object;
    }

    public Long getCreated() {
        return created;
    }

    public void setCreated(Long created) {
        this.created = created;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public List<ChunkChoice> getChoices() {
        return choices;
    }

    public void setChoices(List<ChunkChoice> choices) {
        this.choices = choices;
    }

    public Usage getUsage() {
        return usage;
    }

    public void setUsage(Usage usage) {
        this.usage = usage;
    }

    @Override
    public boolean hasChoices() {
        return choices != null && !choices.isEmpty();
    }

    @Override
    public String text() {
        ChatMessage delta = hasChoices() ? choices.get(0).getDelta() : null;
        return delta == null ? null : delta.text();
    }

    /** The first choice's finish reason, or {@code null} while the answer goes on. */
    public String finishReason() {
        return hasChoices() ? choices.get(0).getFinishReason() : null;
    }

    @Override
    public String toString() {
        return "ChatCompletionChunk[text=" + text() + (finishReason() != null ? ", finishReason=" + finishReason() : "")
               + (usage != null ? ", totalTokens=" + usage.getTotalTokens() : "") + "]";
    }

    /** One choice's delta: {@code index}, {@code delta}, {@code finish_reason}, {@code logprobs}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class ChunkChoice extends JsonExtensible {
        private Integer index;
        private ChatMessage delta;
        private String finishReason;
        private Object logprobs;

        public Integer getIndex() {
            return index;
        }

        public void setIndex(Integer index) {
            this.index = index;
        }

        public ChatMessage getDelta() {
            return delta;
        }

        public void setDelta(ChatMessage delta) {
            this.delta = delta;
        }

        public String getFinishReason() {
            return finishReason;
        }

        public void setFinishReason(String finishReason) {
            this.finishReason = finishReason;
        }

        public Object getLogprobs() {
            return logprobs;
        }

        public void setLogprobs(Object logprobs) {
            this.logprobs = logprobs;
        }
    }

}
