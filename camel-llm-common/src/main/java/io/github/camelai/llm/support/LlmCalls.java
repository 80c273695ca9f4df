package io.github.camelai.llm.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.EmbeddingResponse;
import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.quota.TokenEstimate;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.stream.ChatStreamAccumulator;
import io.github.camelai.llm.stream.ChunkIterator;
import io.github.camelai.llm.stream.CompletionStreamAccumulator;
import io.github.camelai.llm.stream.SseBodyStream;
import io.github.camelai.llm.stream.SseEventIterator;
import io.github.camelai.llm.stream.StreamEnd;
import io.github.camelai.llm.stream.StreamFold;
import io.github.camelai.llm.stream.ToolCalls;
import io.github.camelai.llm.telemetry.GenAiCall;
import io.github.camelai.llm.telemetry.LlmTelemetry;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.function.ThrowingConsumer;

/**
 * The calls of the OpenAI-compatible protocol (chat, completions, embeddings) and the plumbing any operation
 * needs: send a request, stream an answer as an iterator or fold it, and finish the exchange. The route always
 * continues on {@code continuation}, never on an HTTP I/O thread: a route that blocks (or reads a streamed
 * iterator) there would stall every other call on that thread.
 */
public final class LlmCalls {

    /** Reads a 2xx answer onto the exchange. */
    @FunctionalInterface
    public interface ResponseHandler {
        void handle(Message out, LlmHttpResponse response) throws Exception;
    }

    private final LlmHttpClient client;
    private final LlmHeaders headers;
    private final Executor continuation;
    private final LlmTelemetry telemetry;

    public LlmCalls(LlmHttpClient client, LlmHeaders headers, Executor continuation) {
        this(client, headers, continuation, LlmTelemetry.NONE);
    }

    /** @param telemetry the endpoint's GenAI metrics and span attributes; {@link LlmTelemetry#NONE} for none */
    public LlmCalls(LlmHttpClient client, LlmHeaders headers, Executor continuation, LlmTelemetry telemetry) {
        this.client = client;
        this.headers = headers;
        this.continuation = continuation;
        this.telemetry = telemetry;
    }

    /**
     * Starts the telemetry of a call made outside the methods of this class (they start it themselves); it ends in
     * {@link #finish}.
     */
    public GenAiCall begin(Exchange exchange) {
        return telemetry.begin(exchange);
    }

    /** The endpoint's GenAI telemetry. */
    public LlmTelemetry telemetry() {
        return telemetry;
    }

    public LlmHttpClient client() {
        return client;
    }

    /** The executor exchanges continue on; the tool loop runs tool routes there too. */
    public Executor executor() {
        return continuation;
    }

    /** Sends one request and hands its 2xx answer to {@code handler}; errors fail the exchange. */
    public boolean call(Exchange exchange, AsyncCallback callback, LlmHttpRequest request, ResponseHandler handler) {
        telemetry.begin(exchange);
        client.send(request).whenComplete((response, error) -> finish(exchange, callback, error, () -> {
            handler.handle(exchange.getMessage(), response);
        }));
        return false;
    }

    /** Chat, streamed or not, as the options say. {@code extraHeaders} are added to the HTTP request. */
    public boolean chat(Exchange exchange, AsyncCallback callback, String url, Map<String, String> extraHeaders,
                        ChatCompletionRequest req, RequestOptions o) {
        telemetry.begin(exchange);
        try {
            return doChat(exchange, callback, url, extraHeaders, req, o);
        } catch (RuntimeException e) {
            return failEarly(exchange, callback, e);
        }
    }

    private boolean doChat(Exchange exchange, AsyncCallback callback, String url, Map<String, String> extraHeaders,
                           ChatCompletionRequest req, RequestOptions o) {
        if (!o.streaming()) {
            req.setStream(null);
            LlmHttpRequest request = request(url, req, extraHeaders);
            return call(exchange, callback, request, (out, response) -> {
                ChatCompletion answer = LlmJson.read(response.body(), ChatCompletion.class, "the chat completion");
                tokensUsed(request, answer.getUsage());
                ChatResults.apply(out, answer, o, headers);
            });
        }
        req.setStream(true);
        LlmHttpRequest request = request(url, req, extraHeaders);
        Function<SseEvent, ChatCompletionChunk> parser = LlmCalls::chatChunk;
        if (o.streamOutput() != StreamOutput.aggregate) {
            return iterate(exchange, callback, request, parser, o.streamOutput());
        }
        ChatStreamAccumulator acc = new ChatStreamAccumulator();
        FirstTokenClock clock = new FirstTokenClock();
        return foldChunks(exchange, callback, request, parser, StreamEnd.DONE_OR_FINISH_REASON, chunk -> {
            if (chunk.text() != null) {
                clock.textArrived();
            }
            acc.add(chunk);
        }, out -> {
            ChatCompletion answer = acc.result();
            tokensUsed(request, answer.getUsage());
            ChatResults.apply(out, answer, o, headers);
            clock.setHeader(out, headers);
        });
    }

    /** Completions: a String prompt gives a String; a List of prompts (or n > 1) gives a List in input order. */
    public boolean completion(Exchange exchange, AsyncCallback callback, String url, CompletionRequest req,
                              RequestOptions o) {
        return completion(exchange, callback, url, Map.of(), req, o);
    }

    /** Completions with {@code extraHeaders} added to the HTTP request. */
    public boolean completion(Exchange exchange, AsyncCallback callback, String url, Map<String, String> extraHeaders,
                              CompletionRequest req, RequestOptions o) {
        telemetry.begin(exchange);
        try {
            return doCompletion(exchange, callback, url, extraHeaders, req, o);
        } catch (RuntimeException e) {
            return failEarly(exchange, callback, e);
        }
    }

    private boolean doCompletion(Exchange exchange, AsyncCallback callback, String url,
                                 Map<String, String> extraHeaders, CompletionRequest req, RequestOptions o) {
        boolean many = ChatResults.answersMany(req);
        if (!o.streaming()) {
            LlmHttpRequest request = request(url, req, extraHeaders);
            return call(exchange, callback, request, (out, response) -> {
                Completion answer = LlmJson.read(response.body(), Completion.class, "the completion");
                tokensUsed(request, answer.getUsage());
                ChatResults.completion(out, answer, many, o, headers);
            });
        }
        req.setStream(true);
        LlmHttpRequest request = request(url, req, extraHeaders);
        Function<SseEvent, Completion> parser = e -> parse(e, Completion.class);
        if (o.streamOutput() != StreamOutput.aggregate) {
            return iterate(exchange, callback, request, parser, o.streamOutput());
        }
        CompletionStreamAccumulator acc = new CompletionStreamAccumulator();
        FirstTokenClock clock = new FirstTokenClock();
        return foldChunks(exchange, callback, request, parser, StreamEnd.DONE_OR_FINISH_REASON, chunk -> {
            if (acc.add(chunk)) {
                clock.textArrived();
            }
        }, out -> {
            Completion answer = acc.result();
            tokensUsed(request, answer.getUsage());
            ChatResults.completion(out, answer, many, o, headers);
            clock.setHeader(out, headers);
        });
    }

    /**
     * Embeddings for one input or many. Inputs beyond {@code batchSize} go out as concurrent requests (the
     * endpoint's concurrency cap still applies) and the vectors come back in input order.
     */
    public boolean embedding(Exchange exchange, AsyncCallback callback, String url, Object body, RequestOptions o,
                             int batchSize, Function<Object, Object> requestForInput) {
        return embedding(exchange, callback, url, Map.of(), body, o, batchSize, requestForInput);
    }

    /** {@link #embedding(Exchange, AsyncCallback, String, Object, RequestOptions, int, Function)} with extra HTTP headers. */
    public boolean embedding(Exchange exchange, AsyncCallback callback, String url, Map<String, String> extraHeaders,
                             Object body, RequestOptions o, int batchSize, Function<Object, Object> requestForInput) {
        telemetry.begin(exchange);
        try {
            return doEmbedding(exchange, callback, url, extraHeaders, body, o, batchSize, requestForInput);
        } catch (RuntimeException e) {
            return failEarly(exchange, callback, e);
        }
    }

    private boolean doEmbedding(Exchange exchange, AsyncCallback callback, String url, Map<String, String> extraHeaders,
                                Object body, RequestOptions o, int batchSize, Function<Object, Object> requestForInput) {
        Object input = ChatRequests.prompts(body, "embedding");
        List<String> inputs = input instanceof String s ? List.of(s) : castList(input);
        int size = Math.max(1, batchSize);
        List<CompletableFuture<EmbeddingResponse>> batches = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += size) {
            List<String> slice = inputs.subList(from, Math.min(inputs.size(), from + size));
            Object req = requestForInput.apply(input instanceof String ? input : List.copyOf(slice));
            LlmHttpRequest request = request(url, req, extraHeaders);
            batches.add(client.send(request).thenApply(r -> {
                EmbeddingResponse answer = LlmJson.read(r.body(), EmbeddingResponse.class, "the embeddings");
                tokensUsed(request, answer.getUsage());
                return answer;
            }));
        }
        CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).whenComplete((v, error) -> finish(exchange,
                callback, error, () -> {
                    List<EmbeddingResponse> answers = batches.stream().map(CompletableFuture::join).toList();
                    List<float[]> vectors = EmbeddingBatches.vectors(answers, size, inputs.size());
                    Message out = exchange.getMessage();
                    ChatResults.common(out, null, EmbeddingBatches.model(answers), null, EmbeddingBatches.usage(answers),
                            headers);
                    out.setBody(input instanceof String ? vectors.get(0) : vectors);
                }));
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    /**
     * Streams an answer into the exchange as a lazy {@link ChunkIterator}. The exchange continues as soon as the
     * answer starts (errors before that, such as a 429, fail it as usual); the iterator is closed when the
     * exchange completes, which aborts the call if the route stopped reading early.
     */
    public <T extends StreamChunk> boolean iterate(Exchange exchange, AsyncCallback callback, LlmHttpRequest request,
                                                   Function<SseEvent, T> parser) {
        return iterate(exchange, callback, request, parser, StreamOutput.iterator);
    }

    /**
     * Streams an answer into the exchange as a lazy {@link ChunkIterator}, or with {@link StreamOutput#sse} as an
     * {@link SseBodyStream} over it with {@code Content-Type: text/event-stream}, so an HTTP consumer relays the
     * events as they arrive.
     */
    public <T extends StreamChunk> boolean iterate(Exchange exchange, AsyncCallback callback, LlmHttpRequest request,
                                                   Function<SseEvent, T> parser, StreamOutput output) {
        return iterate(exchange, callback, request, parser, output, StreamEnd.DONE_OR_FINISH_REASON);
    }

    /**
     * As {@link #iterate(Exchange, AsyncCallback, LlmHttpRequest, Function, StreamOutput)}; a stream that closes
     * without the proof {@code end} asks for fails when the reader reaches its end.
     */
    public <T extends StreamChunk> boolean iterate(Exchange exchange, AsyncCallback callback, LlmHttpRequest request,
                                                   Function<SseEvent, T> parser, StreamOutput output, StreamEnd end) {
        GenAiCall call = telemetry.begin(exchange);
        SseEventIterator events = new SseEventIterator();
        // the last usage the stream reported (some services report a running total in every chunk)
        java.util.concurrent.atomic.AtomicReference<Usage> usage = new java.util.concurrent.atomic.AtomicReference<>();
        ChunkIterator<T> chunks = new ChunkIterator<>(events, telemetry.iterated(call, event -> {
            T chunk = parser.apply(event);
            if (chunk != null && chunk.getUsage() != null) {
                usage.set(chunk.getUsage());
            }
            return chunk;
        }), end);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange e) {
                chunks.close();
                tokensUsed(request, usage.get());
                telemetry.streamRead(call, e);
            }
        });
        events.opened().whenComplete((v, error) -> finish(exchange, callback, error, () -> {
            if (output == StreamOutput.sse) {
                // stream caching would read the whole answer before the next step sees the first event
                exchange.getExchangeExtension().setStreamCacheDisabled(true);
                exchange.getMessage().setBody(new SseBodyStream(chunks, chunks));
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, SseBodyStream.CONTENT_TYPE);
            } else {
                exchange.getMessage().setBody(chunks);
            }
        }));
        client.stream(request, telemetry.observe(call, events));
        return false;
    }

    /**
     * Streams an answer and folds it on the I/O thread as events arrive; {@code result} then writes the folded
     * value onto the exchange. No thread waits while the answer streams.
     */
    public boolean fold(Exchange exchange, AsyncCallback callback, LlmHttpRequest request,
                        ThrowingConsumer<SseEvent, Exception> folder, java.util.function.Consumer<Message> result) {
        GenAiCall call = telemetry.begin(exchange);
        StreamFold.fold(client, request, subscriber -> telemetry.observe(call, subscriber), folder).whenComplete(
                (v, error) -> finish(exchange, callback, error, () -> result.accept(exchange.getMessage())));
        return false;
    }

    /**
     * Streams an answer, parses each event with {@code parser} and folds the chunks on the I/O thread as they
     * arrive; {@code result} then writes the folded value onto the exchange. A stream that closes without the
     * proof {@code end} asks for fails the exchange with an {@link io.github.camelai.llm.error.LlmStreamException}.
     */
    public <T extends StreamChunk> boolean foldChunks(Exchange exchange, AsyncCallback callback, LlmHttpRequest request,
                                                      Function<SseEvent, T> parser, StreamEnd end,
                                                      ThrowingConsumer<T, Exception> folder,
                                                      java.util.function.Consumer<Message> result) {
        GenAiCall call = telemetry.begin(exchange);
        StreamFold.foldChunks(client, request, subscriber -> telemetry.observe(call, subscriber), parser, end, folder)
                .whenComplete((v, error) -> finish(exchange, callback, error, () -> result.accept(exchange.getMessage())));
        return false;
    }

    /**
     * Bad input found before any call went out (a body of the wrong type, a request that cannot be written): the
     * exchange fails like any other, through the callback, rather than with an exception thrown at the producer.
     */
    private boolean failEarly(Exchange exchange, AsyncCallback callback, RuntimeException e) {
        finish(exchange, callback, e, null);
        return false;
    }

    /**
     * Ends the exchange on the continuation executor: sets the exception or runs {@code onSuccess}, then ends the
     * call's telemetry and tells Camel's error handler how long the service asked to wait before a redelivery.
     */
    public void finish(Exchange exchange, AsyncCallback callback, Throwable error, ThrowingRunnable onSuccess) {
        Runnable end = () -> {
            try {
                if (error != null) {
                    exchange.setException(unwrap(error));
                } else if (onSuccess != null) {
                    onSuccess.run();
                }
            } catch (Throwable t) {
                exchange.setException(t);
            } finally {
                try {
                    telemetry.finished(exchange, exchange.getException());
                    RedeliveryDelay.apply(exchange, client.retryPolicy() != null ? client.retryPolicy().maxDelay() : null);
                } finally {
                    callback.done(false);
                }
            }
        };
        try {
            continuation.execute(end);
        } catch (RejectedExecutionException e) {
            // a supplied worker pool that is full or shut down: better to continue here than to lose the exchange
            end.run();
        }
    }

    /** A runnable that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof java.util.concurrent.CompletionException
                || error instanceof java.util.concurrent.ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    /**
     * Corrects the quota of {@code request} by the usage its answer reported; without a reported usage the estimate
     * stands.
     */
    public void tokensUsed(LlmHttpRequest request, Usage usage) {
        if (request.estimatedTokens() > 0 || usage != null) {
            client.tokensUsed(request, TokenEstimate.used(usage));
        }
    }

    /**
     * A JSON POST with extra headers, carrying the tokens a quota charges it before it is sent (see
     * {@link TokenEstimate}).
     */
    public static LlmHttpRequest request(String url, Object body, Map<String, String> extraHeaders) {
        LlmHttpRequest request = LlmHttpRequest.postJson(url, LlmJson.write(body)).withEstimatedTokens(TokenEstimate.of(body));
        return extraHeaders.isEmpty() ? request : request.withHeaders(extraHeaders);
    }

    /** Parses a chat chunk and merges tool-call deltas that share an index within it. */
    public static ChatCompletionChunk chatChunk(SseEvent event) {
        ChatCompletionChunk chunk = parse(event, ChatCompletionChunk.class);
        return chunk == null ? null : ToolCalls.normalize(chunk);
    }

    /** Parses an event's JSON data; {@code [DONE]} and empty data give {@code null}. */
    public static <T> T parse(SseEvent event, Class<T> type) {
        if (event.isDone() || event.data().isBlank()) {
            return null;
        }
        if ("error".equals(event.event())) {
            throw new LlmException("The service reported an error in the stream: " + event.data());
        }
        return LlmJson.read(event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8), type, "a stream chunk");
    }
}
