package io.github.camelai.llm.stream;

import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.StreamSubscriber;
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
}
