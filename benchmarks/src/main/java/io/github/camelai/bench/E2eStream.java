package io.github.camelai.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * Streaming time to first chunk, one stream after another on a kept-alive connection: from the start of the call
 * to the first chunk parsed into a {@link ChatCompletionChunk} by the code that reads it. {@code raw-hc5}: an
 * HttpClient 5 async entity consumer that decodes the SSE bytes on the I/O thread; {@code baseten}: the
 * component with {@code streaming=true}, its iterator read where the exchange continues, as a splitter would.
 */
final class E2eStream {

    /** Milliseconds; {@code chunks} = chunks read per stream (checked). */
    record Result(String client, int streams, double p50Ms, double p90Ms, double p99Ms, double meanMs, int chunks) {
    }

    private E2eStream() {
    }

    static Result run(String client, E2eClients.Target t, int streams, int warmup) throws Exception {
        CamelContext camel = E2eClients.camel();
        try {
            Streamer s = "raw-hc5".equals(client) ? raw("http://127.0.0.1:" + t.port() + "/v1/chat/completions")
                    : component(camel, "baseten:chat?baseUrl=http://127.0.0.1:" + t.port() + "/v1&model=lat-0&apiKey="
                                       + E2eClients.KEY + "&streaming=true&systemMessage=RAW(" + E2eClients.SYSTEM + ")");
            long[] ttfc = new long[streams];
            int chunks = 0;
            for (int i = 0; i < warmup + streams; i++) {
                long[] r = s.stream().get(30, TimeUnit.SECONDS);
                if (i >= warmup) {
                    ttfc[i - warmup] = r[0];
                    chunks = (int) r[1];
                }
            }
            s.close();
            Arrays.sort(ttfc);
            return new Result(client, streams, TransportLoad.pct(ttfc, 50), TransportLoad.pct(ttfc, 90),
                    TransportLoad.pct(ttfc, 99), Arrays.stream(ttfc).average().orElse(0) / 1e6, chunks);
        } finally {
            camel.close();
        }
    }

    /** One stream: completes with {nanos to the first chunk, chunks read} once the stream has ended. */
    interface Streamer extends AutoCloseable {
        CompletableFuture<long[]> stream();

        @Override
        void close() throws Exception;
    }

    private static byte[] body() {
        ChatCompletionRequest r = E2eClients.request("lat-0");
        r.setStream(true);
        return LlmJson.write(r);
    }

    static Streamer raw(String url) {
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build()).build();
        client.start();
        URI uri = URI.create(url);
        return new Streamer() {
            @Override
            public CompletableFuture<long[]> stream() {
                CompletableFuture<long[]> result = new CompletableFuture<>();
                long start = System.nanoTime();
                long[] r = { -1, 0 };
                SseDecoder decoder = new SseDecoder(event -> {
                    if (!event.isDone()) {
                        LlmJson.read(event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                ChatCompletionChunk.class, "a chunk");
                        if (r[0] < 0) {
                            r[0] = System.nanoTime() - start;
                        }
                        r[1]++;
                    }
                });
                SimpleHttpRequest req = SimpleHttpRequest.create("POST", uri);
                req.addHeader("Authorization", "Bearer " + E2eClients.KEY);
                req.setBody(body(), ContentType.APPLICATION_JSON);
                client.execute(SimpleRequestProducer.create(req), new BasicResponseConsumer<>(new AbstractBinAsyncEntityConsumer<Void>() {
                    @Override
                    protected void streamStart(ContentType contentType) {
                    }

                    @Override
                    protected Void generateContent() {
                        return null;
                    }

                    @Override
                    protected int capacityIncrement() {
                        return 65536;
                    }

                    @Override
                    protected void data(ByteBuffer src, boolean endOfStream) {
                        byte[] bytes = new byte[src.remaining()];
                        src.get(bytes);
                        decoder.feed(bytes, 0, bytes.length);
                    }

                    @Override
                    public void releaseResources() {
                    }
                }), new FutureCallback<org.apache.hc.core5.http.Message<HttpResponse, Void>>() {
                    @Override
                    public void completed(org.apache.hc.core5.http.Message<HttpResponse, Void> m) {
                        result.complete(r);
                    }

                    @Override
                    public void failed(Exception ex) {
                        result.completeExceptionally(ex);
                    }

                    @Override
                    public void cancelled() {
                        result.cancel(false);
                    }
                });
                return result;
            }

            @Override
            public void close() {
                client.close(CloseMode.IMMEDIATE);
            }
        };
    }

    static Streamer component(CamelContext camel, String uri) throws Exception {
        Endpoint endpoint = camel.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        return new Streamer() {
            @Override
            public CompletableFuture<long[]> stream() {
                CompletableFuture<long[]> result = new CompletableFuture<>();
                Exchange exchange = endpoint.createExchange();
                exchange.getMessage().setBody(E2eClients.USER);
                long start = System.nanoTime();
                producer.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        result.completeExceptionally(exchange.getException());
                        return;
                    }
                    long[] r = { -1, 0 };
                    Iterator<?> it = exchange.getMessage().getBody(Iterator.class);
                    while (it.hasNext()) {
                        ChatCompletionChunk chunk = (ChatCompletionChunk) it.next();
                        if (r[0] < 0 && chunk != null) {
                            r[0] = System.nanoTime() - start;
                        }
                        r[1]++;
                    }
                    result.complete(r);
                });
                return result;
            }

            @Override
            public void close() throws Exception {
                producer.stop();
            }
        };
    }
}
