package io.github.camelai.llm.tool;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.UsageSum;
import io.github.camelai.llm.stream.ChunkIterator;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.telemetry.GenAiCall;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The tool loop for {@code streamOutput=iterator}: the route gets one iterator as soon as the first round starts.
 * Text chunks of every round reach it as they arrive; the chunks of tool calls are held back, and when a round
 * ends with tool calls the reading thread waits while the tools run on the worker executor, then the next round
 * streams on. The last chunk carries the usage of all rounds. A failure of a later round (the limit included) is
 * thrown from {@code hasNext()}, as for a stream that breaks.
 */
public final class ToolStream<T extends StreamChunk, A> implements Iterator<T>, Closeable {

    private static final long TOOL_HELP_AFTER_MS = 50;

    private final StreamedConversation<T, A> conversation;
    private final ToolLoop loop;
    private final UsageSum usage = new UsageSum();
    private final List<T> withheld = new ArrayList<>();
    private ChunkIterator<T> current;
    private Iterator<T> tail;
    private T held;
    private T ready;
    private int iterations;
    private boolean finished;
    private volatile boolean closed;
    /** The measured operation: it learns the usage of all rounds when the last one ends. */
    private GenAiCall call;

    private ToolStream(StreamedConversation<T, A> conversation, ToolLoop loop) {
        this.conversation = conversation;
        this.loop = loop;
    }

    /** Opens the first round; the exchange continues with the iterator as its body once that round has started. */
    public static <T extends StreamChunk, A> boolean start(Exchange exchange, AsyncCallback callback, LlmCalls calls,
                                                           ToolLoop loop, StreamedConversation<T, A> conversation) {
        ToolStream<T, A> stream = new ToolStream<>(conversation, loop);
        // the operation goes on while the route reads the rounds: it ends with the exchange
        GenAiCall call = calls.telemetry().streaming(calls.begin(exchange));
        stream.call = call;
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange e) {
                stream.close();
                calls.telemetry().streamRead(call, e);
            }
        });
        StreamedConversation.Round<T> first;
        try {
            first = conversation.open();
        } catch (RuntimeException e) {
            calls.finish(exchange, callback, e, null);
            return false;
        }
        stream.current = first.chunks();
        first.opened().whenComplete((v, error) -> calls.finish(exchange, callback, error,
                () -> exchange.getMessage().setBody(stream)));
        return false;
    }

    @Override
    public boolean hasNext() {
        while (ready == null && !finished) {
            if (closed) {
                return false;
            }
            if (current.hasNext()) {
                T chunk = current.next();
                T seen = chunk.getUsage() != null ? chunk : null;
                if (conversation.fold(chunk)) {
                    pass(chunk);
                } else {
                    withheld.add(chunk);
                }
                if (seen != null) {
                    seen.setUsage(null); // the usage of all rounds goes on the very last chunk
                }
                continue;
            }
            endRound();
        }
        return ready != null;
    }

    private void pass(T chunk) {
        T previous = held;
        held = chunk;
        if (previous != null) {
            ready = previous;
        }
    }

    private void endRound() {
        A answer = conversation.roundAnswer();
        usage.add(conversation.usage(answer));
        List<ToolCall> calls = conversation.toolCalls(answer);
        if (!loop.runs(calls)) {
            // the final round: what was held back (tool calls of the caller's own tools) goes out last
            finished = true;
            List<T> rest = new ArrayList<>();
            if (held != null) {
                rest.add(held);
            }
            rest.addAll(withheld);
            held = null;
            withheld.clear();
            if (call != null) {
                call.response(null, null, null, usage.total());
            }
            if (!rest.isEmpty()) {
                rest.get(rest.size() - 1).setUsage(usage.total());
                tail = rest.iterator();
                ready = tail.next();
            }
            return;
        }
        withheld.clear();
        loop.checkLimit(calls, iterations);
        // this thread may be a worker of the pool the tools run on: it runs those no other worker takes up
        List<ToolResult> results = loop.runToolsWaiting(calls, TOOL_HELP_AFTER_MS);
        conversation.append(answer, results);
        iterations++;
        if (closed) {
            finished = true; // the exchange ended while the tools ran: no further round
            return;
        }
        StreamedConversation.Round<T> next = conversation.open();
        current = next.chunks();
        if (closed) {
            current.close();
        }
        join(next.opened());
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The stream has ended");
        }
        T out = ready;
        ready = tail != null && tail.hasNext() ? tail.next() : null;
        return out;
    }

    @Override
    public void close() {
        closed = true;
        ChunkIterator<T> c = current;
        if (c != null) {
            c.close();
        }
    }

    private static <V> V join(java.util.concurrent.CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
