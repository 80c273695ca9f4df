package io.github.camelai.llm.error;

/**
 * A streamed answer broke after it had started: part of the answer may already have been delivered. The message
 * says how much had arrived.
 */
public class LlmStreamException extends LlmException {

    private static final long serialVersionUID = 1L;

    private final long bytesReceived;
    private final int eventsReceived;

    /**
     * @param reason what went wrong, for example {@code Connection reset}; may be {@code null}
     */
    public LlmStreamException(String reason, long bytesReceived, int eventsReceived) {
        this(reason, bytesReceived, eventsReceived, null);
    }

    /**
     * @param reason what went wrong; when {@code null} the cause's message is used
     */
    public LlmStreamException(String reason, long bytesReceived, int eventsReceived, Throwable cause) {
        super(buildMessage(reason, bytesReceived, eventsReceived, cause), cause);
        this.bytesReceived = bytesReceived;
        this.eventsReceived = eventsReceived;
    }

    private static String buildMessage(String reason, long bytes, int events, Throwable cause) {
        String why = ErrorText.blankToNull(reason);
        if (why == null && cause != null) {
            why = ErrorText.blankToNull(cause.getMessage());
            if (why == null) {
                why = cause.getClass().getSimpleName();
            }
        }
        StringBuilder sb = new StringBuilder(96);
        sb.append("Stream broke after receiving ")
                .append(bytes).append(bytes == 1 ? " byte and " : " bytes and ")
                .append(events).append(events == 1 ? " event" : " events");
        if (why != null) {
            sb.append(": ").append(why);
        }
        return sb.toString();
    }

    /** Bytes of the response body that had arrived before the stream broke. */
    public long getBytesReceived() {
        return bytesReceived;
    }

    /** Complete events that had been decoded before the stream broke. */
    public int getEventsReceived() {
        return eventsReceived;
    }
}
