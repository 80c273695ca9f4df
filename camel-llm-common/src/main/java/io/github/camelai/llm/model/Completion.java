package io.github.camelai.llm.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A completions response ({@code text_completion}); also the shape of each streamed completions chunk. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class Completion extends ModelResponse implements StreamChunk {

    private List<Choice> choices;

    public List<Choice> getChoices() {
        return choices;
    }

    public void setChoices(List<Choice> choices) {
        this.choices = choices;
    }

    @Override
    public boolean hasChoices() {
        return choices != null && !choices.isEmpty();
    }

    @Override
    public String text() {
        return hasChoices() ? choices.get(0).getText() : null;
    }

    @Override
    public boolean endsAChoice() {
        return StreamChunk.anyFinished(choices, Choice::getFinishReason);
    }

    /** The first choice's finish reason, or {@code null}. */
    public String finishReason() {
        return hasChoices() ? choices.get(0).getFinishReason() : null;
    }

    @Override
    public String toString() {
        return "Completion[text=" + text() + (finishReason() != null ? ", finishReason=" + finishReason() : "") + "]";
    }

    /** One generated text: {@code index}, {@code text}, {@code finish_reason}, {@code logprobs}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Choice extends JsonExtensible {
        private Integer index;
        private String text;
        private String finishReason;
        private Object logprobs;

        public Integer getIndex() {
            return index;
        }

        public void setIndex(Integer index) {
            this.index = index;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
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
