package io.github.camelai.llm.tool;

import io.github.camelai.llm.model.ToolCall;

/** The answer to one tool call, as sent back to the model. */
public record ToolResult(ToolCall call, String output) {

    /** What the model is told when a tool failed: it can retry, pick another tool, or say so. */
    public static String error(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return "error: " + (message == null || message.isBlank() ? cause.getClass().getSimpleName() : message);
    }
}
