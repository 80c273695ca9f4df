package io.github.camelai.llm.tool;

import java.util.concurrent.CompletableFuture;

import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.stream.DecodedStreamCollector;
import io.github.camelai.llm.stream.StreamAnswerDecoders;
import io.github.camelai.llm.stream.StreamItemHandler;
import org.apache.camel.util.function.ThrowingConsumer;

/** A round streamed on the wire and folded as it arrives (on the I/O thread; the folder must not block). */
public final class StreamedRound {

    private StreamedRound() {
    }

    /** Streams {@code request}, handing each event to {@code folder}; completes when the stream has ended. */
    public static CompletableFuture<Void> fold(LlmHttpClient client, LlmHttpRequest request,
                                               ThrowingConsumer<SseEvent, Exception> folder) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.stream(request, new DecodedStreamCollector<>(StreamAnswerDecoders::forAnswer, new StreamItemHandler<>() {
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
        }));
        return done;
    }
}
