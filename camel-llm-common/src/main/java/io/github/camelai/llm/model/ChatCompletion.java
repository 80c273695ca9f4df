package io.github.camelai.llm.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A chat completions response ({@code chat.completion}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class ChatCompletion extends ModelResponse {

    private List<Choice> choices;

    public List<Choice> getChoices() {
        return choices;
    }

    public void setChoices(List<Choice> choices) {
        this.choices = choices;
    }

    /** The first choice's message, or {@code null}. */
    public ChatMessage firstMessage() {
        return choices == null || choices.isEmpty() ? null : choices.get(0).getMessage();
    }

    /** The first choice's finish reason, or {@code null}. */
    public String finishReason() {
        return choices == null || choices.isEmpty() ? null : choices.get(0).getFinishReason();
    }

    /** One answer: {@code index}, {@code message}, {@code finish_reason}, {@code logprobs}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Choice extends JsonExtensible {
        private Integer index;
        private ChatMessage message;
        private String finishReason;
        private Object logprobs;

        public Integer getIndex() {
            return index;
        }

        public void setIndex(Integer index) {
            this.index = index;
        }

        public ChatMessage getMessage() {
            return message;
        }

        public void setMessage(ChatMessage message) {
            this.message = message;
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
