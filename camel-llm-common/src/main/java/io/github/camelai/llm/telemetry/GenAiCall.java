package io.github.camelai.llm.telemetry;

import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.model.Usage;
import org.apache.camel.Exchange;

/**
 * What is known about one model call, for metrics and spans: the request's attributes when it starts, the
 * response's as they arrive. It travels with the exchange as property {@link #PROPERTY}, so the span decorator
 * of camel-telemetry reads the same values the metrics record. Never holds prompt or answer text.
 * <p>
 * Written on the I/O and continuation threads and read on the route's, one after the other; the fields are
 * volatile so each reader sees the last write.
 */
public final class GenAiCall {

    /** The exchange property holding the call of the LLM endpoint the exchange was last sent to. */
    public static final String PROPERTY = "CamelLlmGenAiCall";

    private final LlmTelemetry owner;
    private final String operation;
    private final String provider;
    private final String serverAddress;
    private final int serverPort;
    private final String requestModel;
    private final Double temperature;
    private final Integer maxTokens;
    private final long startNanos;

    private volatile long firstChunkNanos = -1;
    private volatile boolean streamOpen;
    private volatile long streamEndNanos = -1;
    private volatile Throwable streamError;
    private volatile boolean ended;
    private volatile String responseId;
    private volatile String responseModel;
    private volatile String finishReason;
    private volatile Integer inputTokens;
    private volatile Integer outputTokens;
    private volatile String errorType;

    GenAiCall(LlmTelemetry owner, String operation, String provider, String serverAddress, int serverPort, String requestModel,
              Double temperature, Integer maxTokens, long startNanos) {
        this.owner = owner;
        this.operation = operation;
        this.provider = provider;
        this.serverAddress = serverAddress;
        this.serverPort = serverPort;
        this.requestModel = requestModel;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.startNanos = startNanos;
    }

    /** The call in progress or last made on this exchange, or {@code null}. */
    public static GenAiCall of(Exchange exchange) {
        return exchange == null ? null : exchange.getProperty(PROPERTY, GenAiCall.class);
    }

    /** Records what a response says about itself; {@code null} arguments leave what is known. */
    public void response(String id, String model, String finish, Usage usage) {
        if (id != null) {
            responseId = id;
        }
        if (model != null) {
            responseModel = model;
        }
        if (finish != null) {
            finishReason = finish;
        }
        if (usage != null) {
            if (usage.getPromptTokens() != null) {
                inputTokens = usage.getPromptTokens();
            }
            if (usage.getCompletionTokens() != null) {
                outputTokens = usage.getCompletionTokens();
            }
        }
    }

    /** Marks the arrival of the first piece of a streamed answer; later calls do nothing. */
    void firstChunk(long nanos) {
        if (firstChunkNanos < 0) {
            firstChunkNanos = nanos;
        }
    }

    /** The stream goes on after the exchange continued (an iterator body): the call ends when the stream does. */
    void streamOpen() {
        streamOpen = true;
    }

    boolean isStreamOpen() {
        return streamOpen;
    }

    /** The last byte of a stream arrived, or it broke: the end the call's duration runs to. */
    void streamEnd(long nanos, Throwable error) {
        if (streamEndNanos < 0) {
            streamError = error;
            streamEndNanos = nanos;
        }
    }

    long streamEndNanos() {
        return streamEndNanos;
    }

    Throwable streamError() {
        return streamError;
    }

    LlmTelemetry owner() {
        return owner;
    }

    /** Ends the call once; false when it had ended already. */
    synchronized boolean end(Throwable error) {
        if (ended) {
            return false;
        }
        ended = true;
        if (error != null) {
            errorType = errorType(error);
        }
        return true;
    }

    public boolean isEnded() {
        return ended;
    }

    /**
     * The {@code error.type} of a failure: the HTTP status for an answer from the service (it tells a rate limit
     * from a bad request), else the exception's class name, as the convention recommends.
     */
    static String errorType(Throwable error) {
        return error instanceof LlmApiException api ? Integer.toString(api.getStatusCode()) : error.getClass().getName();
    }

    public String operation() {
        return operation;
    }

    public String provider() {
        return provider;
    }

    public String serverAddress() {
        return serverAddress;
    }

    /** The port, or -1 when the URL has none. */
    public int serverPort() {
        return serverPort;
    }

    public String requestModel() {
        return requestModel;
    }

    public Double temperature() {
        return temperature;
    }

    public Integer maxTokens() {
        return maxTokens;
    }

    long startNanos() {
        return startNanos;
    }

    /** Nanoseconds from the start to the first piece of a streamed answer, or -1. */
    public long timeToFirstChunkNanos() {
        long first = firstChunkNanos;
        return first < 0 ? -1 : first - startNanos;
    }

    public String responseId() {
        return responseId;
    }

    public String responseModel() {
        return responseModel;
    }

    public String finishReason() {
        return finishReason;
    }

    public Integer inputTokens() {
        return inputTokens;
    }

    public Integer outputTokens() {
        return outputTokens;
    }

    /** Set when the call failed. */
    public String errorType() {
        return errorType;
    }
}
