package io.github.camelai.llm.sse;

/**
 * One dispatched Server-Sent Event, as produced by {@link SseDecoder}.
 *
 * @param event the event type from the last {@code event:} field of this event, or {@code null} when no
 *              (or an empty) {@code event:} field was given; callers treat {@code null} as {@code "message"}
 * @param data  the values of all {@code data:} lines of this event joined with {@code "\n"}; never {@code null}
 *              (an event is only dispatched when at least one {@code data} field was seen)
 * @param id    the last event ID in effect when this event was dispatched, or {@code null} if none was set.
 *              As in the WHATWG spec, an {@code id:} field persists for later events until another one
 *              replaces it
 */
public record SseEvent(String event, String data, String id) {

    /** The sentinel OpenAI-compatible servers send as the final {@code data:} of a streamed completion. */
    public static final String DONE = "[DONE]";

    /**
     * @return {@code true} when {@link #data()} is exactly {@code [DONE]}, the end-of-stream marker of
     *         OpenAI-compatible streaming APIs
     */
    public boolean isDone() {
        return DONE.equals(data);
    }
}
