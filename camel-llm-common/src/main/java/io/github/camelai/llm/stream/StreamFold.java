package io.github.camelai.llm.stream;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.StreamSubscriber;
import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.sse.SseEvent;
import org.apache.camel.util.function.ThrowingConsumer;

/**
 * An answer streamed on the wire and folded as it arrives, with no thread waiting for it. The folder runs on the
 * I/O thread and must not block.
 */
public final class StreamFold {

    private StreamFold() {
    }

    /** Streams {@code request}, handing each event to {@code folder}; completes when the stream has ended. */
    public static CompletableFuture<Void> fold(LlmHttpClient client, LlmHttpRequest request,
                                               ThrowingConsumer<SseEvent, Exception> folder) {
        return fold(client, request, UnaryOperator.identity(), folder);
    }

    /**
     * As {@link #fold(LlmHttpClient, LlmHttpRequest, ThrowingConsumer)}, with the subscriber wrapped by
     * {@code observer} (telemetry that watches the stream open, its chunks and its end).
     */
    public static CompletableFuture<Void> fold(LlmHttpClient client, LlmHttpRequest request,
                                               UnaryOperator<StreamSubscriber> observer,
                                               ThrowingConsumer<SseEvent, Exception> folder) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.stream(request, observer.apply(new DecodedStreamCollector<>(StreamAnswerDecoders::forAnswer,
                new StreamItemHandler<>() {
                    @Override
                    public void onItem(SseEvent event) throws Exception {
                        if (!event.isDone()) {
                            folder.accept(event);
                        }
                    }

                    @Override
                    public void onComplete() {
                        done.complete(null);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                })));
        return done;
    }

    /**
     * Streams {@code request}, parses each event with {@code parser} and hands each chunk to {@code folder};
     * completes when the stream has ended with the proof {@code end} asks for, and fails with an
     * {@link io.github.camelai.llm.error.LlmStreamException} when it closed without it.
     */
    public static <T extends StreamChunk> CompletableFuture<Void> foldChunks(LlmHttpClient client, LlmHttpRequest request,
                                                                             UnaryOperator<StreamSubscriber> observer,
                                                                             Function<SseEvent, T> parser, StreamEnd end,
                                                                             ThrowingConsumer<T, Exception> folder) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean[] proven = new boolean[1];
        @SuppressWarnings("unchecked")
        DecodedStreamCollector<SseEvent>[] collector = new DecodedStreamCollector[1];
        collector[0] = new DecodedStreamCollector<>(StreamAnswerDecoders::forAnswer, new StreamItemHandler<>() {
            @Override
            public void onItem(SseEvent event) throws Exception {
                if (event.isDone()) {
                    proven[0] |= end.provenBy(event);
                    return;
                }
                T chunk = parser.apply(event);
                if (chunk != null) {
                    proven[0] |= end.provenBy(chunk);
                    folder.accept(chunk);
                }
            }

            @Override
            public void onComplete() {
                if (proven[0]) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(end.notProven(collector[0].bytesSeen(), collector[0].itemsDecoded()));
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        client.stream(request, observer.apply(collector[0]));
        return done;
    }
}
