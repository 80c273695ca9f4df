package io.github.camelai.llm.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Token usage. Reasoning tokens come either as OpenAI's {@code completion_tokens_details.reasoning_tokens} or as
 * a top-level {@code reasoning_tokens} (Databricks); {@link #reasoningTokens()} reads both.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class Usage extends JsonExtensible {

    private Integer promptTokens;
    private Integer completionTokens;
    private Integer totalTokens;
    private Integer reasoningTokens;
    private TokenDetails completionTokensDetails;

    public Integer getPromptTokens() {
        return promptTokens;
    }

    public void setPromptTokens(Integer promptTokens) {
        this.promptTokens = promptTokens;
    }

    public Integer getCompletionTokens() {
        return completionTokens;
    }

    public void setCompletionTokens(Integer completionTokens) {
        this.completionTokens = completionTokens;
    }

    public Integer getTotalTokens() {
        return totalTokens;
    }

    public void setTotalTokens(Integer totalTokens) {
        this.totalTokens = totalTokens;
    }

    public Integer getReasoningTokens() {
        return reasoningTokens;
    }

    public void setReasoningTokens(Integer reasoningTokens) {
        this.reasoningTokens = reasoningTokens;
    }

    public TokenDetails getCompletionTokensDetails() {
        return completionTokensDetails;
    }

    public void setCompletionTokensDetails(TokenDetails completionTokensDetails) {
        this.completionTokensDetails = completionTokensDetails;
    }

    /** Reasoning tokens from whichever place the service reported them, or {@code null}. */
    public Integer reasoningTokens() {
        if (reasoningTokens != null) {
            return reasoningTokens;
        }
        return completionTokensDetails != null ? completionTokensDetails.getReasoningTokens() : null;
    }

    /** {@code completion_tokens_details}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class TokenDetails extends JsonExtensible {
        private Integer reasoningTokens;

        public Integer getReasoningTokens() {
            return reasoningTokens;
        }

        public void setReasoningTokens(Integer reasoningTokens) {
            this.reasoningTokens = reasoningTokens;
        }
    }
}
