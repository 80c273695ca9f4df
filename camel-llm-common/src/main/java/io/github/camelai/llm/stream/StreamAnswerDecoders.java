package io.github.camelai.llm.stream;

import java.util.Locale;
import java.util.function.Function;

import io.github.camelai.llm.sse.SseEvent;

/**
 * Picks how to read the answer to a streamed request from its {@code Content-Type}: an event stream is decoded as
 * one; a whole JSON answer (a server that ignored {@code "stream": true}) is read as that answer and handed on as
 * the events a stream would have carried; any other body fails the call with what arrived. No other body can end a
 * streamed call as a success.
 */
public final class StreamAnswerDecoders {

    /**
     * The pseudo-header under which a subscriber's header function offers the answer's status code, as HTTP/2
     * names it.
     */
    public static final String STATUS = ":status";

    private StreamAnswerDecoders() {
    }

    /** The decoder for an answer with these response headers. */
    public static StreamDecoder<SseEvent> forAnswer(Function<String, String> headers) {
        String contentType = headers.apply("content-type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
        String status = headers.apply(STATUS);
        if (type.isEmpty() || type.startsWith("text/event-stream")) {
            // no content type at all: servers that stream without saying so exist; the decoder still refuses a
            // body in which it finds no event
            return new SseStreamDecoder(status, contentType);
        }
        String media = type.split(";", 2)[0].trim();
        if (media.equals("application/json") || media.endsWith("+json")) {
            return new WholeAnswerDecoder(status, contentType);
        }
        return new UnexpectedBodyDecoder(status, contentType);
    }

    /** "HTTP 200 with Content-Type text/html" for error messages. */
    static String describe(String status, String contentType) {
        return "HTTP " + (status == null ? "2xx" : status) + " with "
               + (contentType == null || contentType.isBlank() ? "no Content-Type" : "Content-Type " + contentType);
    }
}
