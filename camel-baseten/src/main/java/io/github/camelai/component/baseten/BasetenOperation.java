package io.github.camelai.component.baseten;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The operations of the {@code baseten} component, written in URIs in lower case with dashes
 * ({@code baseten:async-predict}).
 */
public enum BasetenOperation {

    /** Chat completions (Model APIs or a dedicated OpenAI-compatible deployment). */
    CHAT("chat", false),
    /** Text completion: a one-message chat on Model APIs, {@code sync/v1/completions} on a dedicated deployment. */
    COMPLETION("completion", false),
    /** Embeddings: {@code sync/v1/embeddings} (dedicated). */
    EMBEDDING("embedding", true),
    /** Rerank: {@code sync/rerank} (dedicated). */
    RERANK("rerank", true),
    /** Classification with a BEI classification deployment: {@code sync/predict} (dedicated). */
    CLASSIFY("classify", true),
    /** Any model's own {@code predict} (dedicated). */
    PREDICT("predict", true),
    /** Submit an async request: {@code async_predict} (dedicated). */
    ASYNC_PREDICT("async-predict", true),
    /** The status of an async request (dedicated). */
    ASYNC_STATUS("async-status", true),
    /** Cancel a queued async request (dedicated). */
    ASYNC_CANCEL("async-cancel", true),
    /** The async queue of the deployment (dedicated). */
    ASYNC_QUEUE_STATUS("async-queue-status", true),
    /** Consumer: receives Baseten's async webhook deliveries. */
    WEBHOOK("webhook", false);

    /** The names as written in URIs, comma separated, for the catalog and error messages. */
    public static final String NAMES
            = "chat,completion,embedding,rerank,classify,predict,async-predict,async-status,async-cancel,async-queue-status,webhook";

    private final String value;
    private final boolean needsDedicated;

    BasetenOperation(String value, boolean needsDedicated) {
        this.value = value;
        this.needsDedicated = needsDedicated;
    }

    /** The name as written in a URI, e.g. {@code async-predict}. */
    public String value() {
        return value;
    }

    /** True when the operation only exists on a dedicated deployment (needs {@code modelId} or {@code modelUrl}). */
    public boolean needsDedicated() {
        return needsDedicated;
    }

    /** True for the async-* producer operations. */
    public boolean isAsync() {
        return value.startsWith("async-");
    }

    /**
     * The operation for a URI name; also accepts the constant name in any case ({@code ASYNC_PREDICT},
     * {@code async_predict}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BasetenOperation fromValue(String name) {
        if (name != null) {
            String n = name.trim();
            for (BasetenOperation op : values()) {
                if (op.value.equalsIgnoreCase(n) || op.name().equalsIgnoreCase(n)) {
                    return op;
                }
            }
        }
        throw new IllegalArgumentException("Unknown baseten operation '" + name + "'; use one of "
                                           + Arrays.stream(values()).map(BasetenOperation::value)
                                                   .collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return value;
    }
}
