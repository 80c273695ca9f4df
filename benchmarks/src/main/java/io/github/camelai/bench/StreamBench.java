package io.github.camelai.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.StreamControl;
import io.github.camelai.llm.http.StreamSubscriber;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.stream.SseEventIterator;
import io.github.camelai.llm.support.LlmJson;

/**
 * Streamed answers through {@link HttpClient5Transport} + {@link LlmHttpClient}:
 * <ol>
 * <li>time to first chunk: from {@code stream(...)} to the first event parsed as a {@link ChatCompletionChunk} on
 * the reading thread, over a kept-alive connection, the server sending its first event at once (so this is the
 * overhead of client, server and loopback, not a model's latency);</li>
 * <li>a slow reader (one event per millisecond) on a long stream the server writes faster than that (paced, or
 * flat out), once with
 * {@link SseEventIterator} (bytes released as the reader takes events: the connection pauses) and once with a
 * subscriber that releases bytes at once into an unbounded queue (what a client without flow control does).
 * Every second it samples the heap in use after a full GC and the bytes the server has managed to write.</li>
 * </ol>
 */
public final class StreamBench {

    public record Ttfc(int streams, int eventsPerStream, double p50Ms, double p99Ms, double maxMs,
                       double meanStreamMs) {
    }

    /**
     * One sample: seconds since start, events and wire bytes read so far, bytes the server wrote, heap delta, and the
     * most bytes the transport had handed on but not yet had released (what its window should bound) so far.
     */
    public record Sample(double t, long eventsRead, long bytesRead, long serverBytesWritten, double heapDeltaMb,
                         long maxUnreleasedBytes) {
    }

    /** One slow-reader run: the server's pace ({@code gapMicros} between events, 0 = flat out) and the samples. */
    public record SlowReader(String mode, long gapMicros, long streamBytes, double baselineHeapMb,
                             List<Sample> samples) {
    }

    public record Result(Ttfc ttfc, List<SlowReader> slowReaders) {
    }

    private StreamBench() {
    }

    /** A source of events for the slow reader; {@code next()} returns {@code null} at the end. */
    private interface EventSource extends AutoCloseable {
        SseEvent next();

        /** The most bytes handed on by the transport and not yet released, so far. */
        long maxUnreleased();

        @Override
        void close();
    }

    public static final String FLOW_CONTROLLED = "flow-controlled (SseEventIterator)";
    public static final String UNBOUNDED = "unbounded buffer (bytes released at once)";
    public static final String STALLED = "flow-controlled, reader stalled after the first event";

    /**
     * @param slowGapsMicros the server paces for the slow-reader runs: each runs with both readers
     */
    public static Result run(String baseUrl, int ttfcStreams, int ttfcChunks, int ttfcGapMs, int slowChunks,
                             double slowSeconds, long... slowGapsMicros) throws Exception {
        HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults());
        LlmHttpClient client = new LlmHttpClient("bench", transport, AuthProvider.fixed("Bearer bench-key"),
                new RetryPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(1), false),
                new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60)),
                new ConcurrencyLimiter(0), transport.timer());
        HttpClient stats = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            Ttfc ttfc = ttfc(client, baseUrl, ttfcStreams, ttfcChunks, ttfcGapMs);
            List<SlowReader> slow = new ArrayList<>();
            for (long gap : slowGapsMicros) {
                slow.add(slowReader(STALLED, gap, client, stats, baseUrl, slowChunks, slowSeconds));
                slow.add(slowReader(FLOW_CONTROLLED, gap, client, stats, baseUrl, slowChunks, slowSeconds));
                slow.add(slowReader(UNBOUNDED, gap, client, stats, baseUrl, slowChunks, slowSeconds));
            }
            return new Result(ttfc, slow);
        } finally {
            transport.close();
        }
    }

    private static byte[] streamRequestBody() {
        ChatCompletionRequest r = Fixtures.chatRequest();
        r.setStream(true);
        r.setStreamOptions(Map.of("include_usage", true));
        return LlmJson.write(r);
    }

    static Ttfc ttfc(LlmHttpClient client, String baseUrl, int streams, int chunks, int gapMs) {
        String url = baseUrl + "/v1/stream?chunks=" + chunks + "&gap_ms=" + gapMs + "&id=ttfc";
        int warmup = Math.max(1, streams / 5);
        long[] first = new long[streams];
        long totalNanos = 0;
        int events = 0;
        for (int i = -warmup; i < streams; i++) {
            SseEventIterator it = new SseEventIterator();
            long t0 = System.nanoTime();
            client.stream(LlmHttpRequest.postJson(url, streamRequestBody()), it);
            try (it) {
                ChatCompletionChunk chunk = LlmJson.read(it.next().data().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        ChatCompletionChunk.class, "chunk");
                long t1 = System.nanoTime();
                if (chunk.getChoices() == null) {
                    throw new IllegalStateException("first chunk without choices");
                }
                int n = 1;
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
                long t2 = System.nanoTime();
                if (i >= 0) {
                    first[i] = t1 - t0;
                    totalNanos += t2 - t0;
                    events = n;
                }
            }
        }
        Arrays.sort(first);
        return new Ttfc(streams, events, TransportLoad.pct(first, 50), TransportLoad.pct(first, 99),
                first[first.length - 1] / 1e6, totalNanos / 1e6 / streams);
    }

    static SlowReader slowReader(String mode, long gapMicros, LlmHttpClient client, HttpClient stats, String baseUrl,
                                 int chunks, double seconds) throws Exception {
        String id = "slow-" + System.nanoTime();
        String url = baseUrl + "/v1/stream?chunks=" + chunks + "&gap_us=" + gapMicros + "&id=" + id;
        long streamBytes = Fixtures.sseStream(chunks).length;
        double baseline = heapAfterGcMb();
        List<Sample> samples = new ArrayList<>();
        LlmHttpRequest request = LlmHttpRequest.postJson(url, streamRequestBody());
        EventSource source = UNBOUNDED.equals(mode) ? unbounded(client, request) : iterator(client, request);
        boolean stalled = STALLED.equals(mode);
        long events = 0;
        long bytes = 0;
        try (source) {
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            long nextSample = t0 + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < end) {
                if (!stalled || events == 0) {
                    SseEvent e = source.next();
                    if (e == null) {
                        break;
                    }
                    events++;
                    bytes += Fixtures.eventBytes(e.data());
                }
                LockSupport.parkNanos(1_000_000);
                long now = System.nanoTime();
                if (now >= nextSample) {
                    long written = serverBytes(stats, baseUrl, id);
                    samples.add(new Sample((now - t0) / 1e9, events, bytes, written, heapAfterGcMb() - baseline,
                            source.maxUnreleased()));
                    nextSample += TimeUnit.SECONDS.toNanos(1);
                }
            }
        }
        return new SlowReader(mode, gapMicros, streamBytes, baseline, samples);
    }

    private static EventSource iterator(LlmHttpClient client, LlmHttpRequest request) {
        SseEventIterator it = new SseEventIterator();
        Window window = new Window();
        client.stream(request, window.wrap(it));
        return new EventSource() {
            @Override
            public SseEvent next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public long maxUnreleased() {
                return window.maxHeld.get();
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }

    /** Counts the bytes the transport hands on and the bytes released back, around any subscriber. */
    private static final class Window {
        final AtomicLong handed = new AtomicLong();
        final AtomicLong released = new AtomicLong();
        final AtomicLong maxHeld = new AtomicLong();

        StreamSubscriber wrap(StreamSubscriber target) {
            return new StreamSubscriber() {
                @Override
                public void onOpen(int status, Function<String, String> headers, StreamControl control) {
                    target.onOpen(status, headers, new StreamControl() {
                        @Override
                        public void release(int bytes) {
                            released.addAndGet(bytes);
                            control.release(bytes);
                        }

                        @Override
                        public void cancel() {
                            control.cancel();
                        }
                    });
                }

                @Override
                public void onData(ByteBuffer data) {
                    long h = handed.addAndGet(data.remaining()) - released.get();
                    maxHeld.accumulateAndGet(h, Math::max);
                    target.onData(data);
                }

                @Override
                public void onComplete() {
                    target.onComplete();
                }

                @Override
                public void onError(Throwable error) {
                    target.onError(error);
                }
            };
        }
    }

    /** Decodes on the I/O thread and releases the bytes at once: nothing ever pauses the connection. */
    private static EventSource unbounded(LlmHttpClient client, LlmHttpRequest request) {
        Object end = new Object();
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        SseDecoder decoder = new SseDecoder(queue::add);
        StreamControl[] control = new StreamControl[1];
        client.stream(request, new StreamSubscriber() {
            @Override
            public void onOpen(int status, Function<String, String> headers, StreamControl c) {
                control[0] = c;
            }

            @Override
            public void onData(ByteBuffer data) {
                int n = data.remaining();
                decoder.feed(data);
                control[0].release(n);
            }

            @Override
            public void onComplete() {
                decoder.finish();
                queue.add(end);
            }

            @Override
            public void onError(Throwable error) {
                queue.add(error);
            }
        });
        return new EventSource() {
            @Override
            public SseEvent next() {
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                if (o == end) {
                    return null;
                }
                if (o instanceof Throwable t) {
                    throw new IllegalStateException(t);
                }
                return (SseEvent) o;
            }

            @Override
            public long maxUnreleased() {
                return 0; // every byte is released as it arrives
            }

            @Override
            public void close() {
                if (control[0] != null) {
                    control[0].cancel();
                }
                queue.clear();
            }
        };
    }

    private static long serverBytes(HttpClient stats, String baseUrl, String id) throws Exception {
        HttpResponse<String> r = stats.send(HttpRequest.newBuilder(URI.create(baseUrl + "/stats?id=" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(r.body().trim());
    }

    static double heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    /**
     * {@code StreamBench --url http://127.0.0.1:PORT [--ttfc-streams 50] [--ttfc-chunks 20] [--ttfc-gap-ms 2]
     * [--slow-chunks 100000] [--slow-s 8] [--slow-gaps-us 250,0]}; prints {@code RESULT <json>}.
     */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        long[] gaps = Arrays.stream(a.string("slow-gaps-us", "250,0").split(",")).mapToLong(Long::parseLong).toArray();
        Result r = run(a.required("url"), a.integer("ttfc-streams", 50), a.integer("ttfc-chunks", 20),
                a.integer("ttfc-gap-ms", 2), a.integer("slow-chunks", 100_000), a.decimal("slow-s", 8), gaps);
        System.out.println("RESULT " + LlmJson.MAPPER.writeValueAsString(r));
        System.out.flush();
        System.exit(0);
    }
}
