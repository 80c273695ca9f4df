package io.github.camelai.llm.stream;

import java.io.Closeable;
import java.util.ArrayDeque;
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
 * the chunk parser. A chunk is handed over as soon as it arrives, except one that ends a choice (a finish reason):
 * that one waits for the next event, which is where the services put the usage. Running a chunk behind the
 * wire all along, as this did, delayed every chunk, the first included, by the gap to the next token. A stream
 * that sends usage but no finish reason ends with its usage-only chunk, so the usage is not lost. Closing it
 * aborts the call.
 *
 * @param <T> the chunk type
 */
public final class ChunkIterator<T extends StreamChunk> implements Iterator<T>, Closeable {

    private final SseEventIterator events;
    private final Function<SseEvent, T> parser;
    /** A chunk that ends a choice, kept until the next event: the usage may follow it. */
    private T held;
    private final ArrayDeque<T> ready = new ArrayDeque<>(2);
    private Usage lastUsage;
    /** The last usage-only chunk, handed over at the end if no chunk could carry its usage. */
    private T usageOnly;
    private boolean ended;
    private RuntimeException failure;
    private final StreamEnd end;
    private boolean proven;

    /**
     * @param events the decoded events
     * @param parser turns one event into a chunk, or {@code null} to skip it; exceptions end the stream
     */
    public ChunkIterator(SseEventIterator events, Function<SseEvent, T> parser) {
        this(events, parser, StreamEnd.DONE_OR_FINISH_REASON);
    }

    /**
     * @param end what proves the stream ended because the model finished; a stream that closes without it fails
     *            with an {@link io.github.camelai.llm.error.LlmStreamException}
     */
    public ChunkIterator(SseEventIterator events, Function<SseEvent, T> parser, StreamEnd end) {
        this.events = events;
        this.parser = parser;
        this.end = end;
    }

    @Override
    public boolean hasNext() {
        if (!ready.isEmpty()) {
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
            // the chunk held back for its usage arrived intact: hand it over first, then report the failure
            ready.add(held);
            held = null;
            failure = e;
            return true;
        }
    }

    private boolean advance() {
        while (ready.isEmpty() && !ended) {
            if (!events.hasNext()) {
                ended = true;
                if (!proven && !events.isClosed()) {
                    // held is null here: only a chunk that ends a choice is held, and that one is proof
                    throw end.notProven(events.bytesSeen(), events.itemsDecoded());
                }
                if (held != null) {
                    held.setUsage(lastUsage);
                    ready.add(held);
                    held = null;
                } else if (usageOnly != null && lastUsage != null) {
                    usageOnly.setUsage(lastUsage);
                    ready.add(usageOnly);
                }
                break;
            }
            SseEvent event = events.next();
            if (event.isDone()) {
                proven |= end.provenBy(event);
                continue;
            }
            T chunk = parser.apply(event);
            if (chunk == null) {
                continue;
            }
            proven |= end.provenBy(chunk);
            if (chunk.getUsage() != null) {
                lastUsage = chunk.getUsage();
                chunk.setUsage(null);
            }
            if (!chunk.hasChoices() && chunk.text() == null) {
                // a closing usage-only chunk: its usage goes on the chunk before it
                usageOnly = chunk;
                continue;
            }
            if (held != null) {
                // more choices went on after one ended: the usage, if any, will come later still
                ready.add(held);
                held = null;
            }
            if (chunk.endsAChoice()) {
                held = chunk;
            } else {
                ready.add(chunk);
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The stream has ended");
        }
        return ready.poll();
    }

    @Override
    public void close() {
        ended = true;
        events.close();
    }
}
