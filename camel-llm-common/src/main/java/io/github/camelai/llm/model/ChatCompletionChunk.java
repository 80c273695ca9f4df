package io.github.camelai.llm.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One streamed piece of a chat completion ({@code chat.completion.chunk}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class ChatCompletionChunk extends ModelResponse implements StreamChunk {

    private List<ChunkChoice> choices;

    public List<ChunkChoice> getChoices() {
        return choices;
    }

    public void setChoices(List<ChunkChoice> choices) {
        this.choices = choices;
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

    @Override
    public boolean endsAChoice() {
        return StreamChunk.anyFinished(choices, ChunkChoice::getFinishReason);
    }

    /** The first choice's finish reason, or {@code null} while the answer goes on. */
    public String finishReason() {
        return hasChoices() ? choices.get(0).getFinishReason() : null;
    }

    @Override
    public String toString() {
        return "ChatCompletionChunk[text=" + text() + (finishReason() != null ? ", finishReason=" + finishReason() : "")
               + (getUsage() != null ? ", totalTokens=" + getUsage().getTotalTokens() : "") + "]";
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
