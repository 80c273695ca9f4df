package io.github.camelai.llm.stream;

import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.sse.SseEvent;

/**
 * What proves that a streamed answer ended because the model finished, not because the connection closed early. A
 * stream that closes cleanly without that proof may carry a truncated answer; it fails instead of passing as a
 * whole one.
 */
public enum StreamEnd {

    /** Chat and completions: the {@code [DONE]} marker, or any choice's {@code finish_reason}. */
    DONE_OR_FINISH_REASON("neither [DONE] nor any choice's finish_reason arrived"),

    /**
     * The Responses API: a {@code response.completed} event (a {@code response.incomplete} one ends the stream
     * too, and fails as incomplete); {@code [DONE]} alone proves nothing.
     */
    COMPLETED_EVENT("no response.completed event arrived");

    private final String missing;

    StreamEnd(String missing) {
        this.missing = missing;
    }

    /** Whether this event proves the end. */
    public boolean provenBy(SseEvent event) {
        return this == DONE_OR_FINISH_REASON && event.isDone();
    }

    /** Whether this chunk proves the end (it ends a choice, or the response). */
    public boolean provenBy(StreamChunk chunk) {
        return chunk != null && chunk.endsAChoice();
    }

    /** The error for a stream that closed without the proof. */
    public LlmStreamException notProven(long bytes, int events) {
        return new LlmStreamException("the stream ended before the model finished (" + missing
                                      + "); the answer may be cut short", bytes, events);
    }
}
