package io.github.camelai.llm.stream;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.sse.SseEvent;

/**
 * The body of a streamed call with {@code streamOutput=iterator}: a lazy iterator over chunks, read as they
 * arrive. It smooths the services' quirks so a route sees one shape: usage that services repeat on every chunk
 * (or send in a closing chunk without choices) appears once, on the last chunk; tool-call deltas are merged by
 * the chunk parser. It runs one chunk behind the wire to know which chunk is last. Closing it aborts the call.
 *
 * @param <T> the chunk type
 */
public final class ChunkIterator<T extends StreamChunk> implements Iterator<T>, Closeable {

    private final SseEventIterator events;
    private final Function<SseEvent, T> parser;
    private T held;
    private T ready;
    private Usage lastUsage;
    private boolean ended;
    private RuntimeException failure;

    /**
     * @param events the decoded events
     * @param parser turns one event into a chunk, or {@code null} to skip it; exceptions end the stream
     */
    public ChunkIterator(SseEventIterator events, Function<SseEvent, T> parser) {
        this.events = events;
        this.parser = parser;
    }

    @Override
    public boolean hasNext() {
        if (ready != null) {
            return true;
        }
        if (failure != null) {
            RuntimeException f = failure;
            failure = null;
            ended = true;
            throw f;
        }
        try {
            return advance();
        } catch (RuntimeException e) {
            if (held == null) {
                ended = true;
                throw e;
            }
            // the chunk held back for look-ahead arrived intact: hand it over first, then report the failure
            ready = held;
            held = null;
            failure = e;
            return true;
        }
    }

    private boolean advance() {
        while (!ended) {
            if (!events.hasNext()) {
                ended = true;
                if (held != null) {
                    held.setUsage(lastUsage);
                    ready = held;
                    held = null;
                }
                return ready != null;
            }
            SseEvent event = events.next();
            if (event.isDone()) {
                continue;
            }
            T chunk = parser.apply(event);
            if (chunk == null) {
                continue;
            }
            if (chunk.getUsage() != null) {
                lastUsage = chunk.getUsage();
                chunk.setUsage(null);
            }
            if (!chunk.hasChoices() && chunk.text() == null) {
                // a closing usage-only chunk: its usage goes on the chunk before it
                continue;
            }
            T previous = held;
            held = chunk;
            if (previous != null) {
                ready = previous;
                return true;
            }
        }
        return ready != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The stream has ended");
        }
        T out = ready;
        ready = null;
        return out;
    }

    @Override
    public void close() {
        ended = true;
        events.close();
    }
}
