package io.github.camelai.llm.tool;

import io.github.camelai.llm.model.ToolCall;

/** The answer to one tool call, as sent back to the model. */
public record ToolResult(ToolCall call, String output) {

    /** What the model is told when a tool failed: it can retry, pick another tool, or say so. */
    /**
     * Whether a tool call failed because it could not run at all (a stopping Camel context or a shut-down pool
     * refused it): that failure is the caller's, and fails the exchange instead of going to the model as the tool's
     * answer.
     */
    public static boolean refusedToRun(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

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
