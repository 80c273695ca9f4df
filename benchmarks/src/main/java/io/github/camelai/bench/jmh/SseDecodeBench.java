package io.github.camelai.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.github.camelai.bench.Fixtures;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.support.LlmJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SseDecoder} over a recorded streamed chat completion of {@link Fixtures#RECORDED_STREAM_CHUNKS} chunks
 * (about 4.6 MB), fed in 8 KiB pieces as a network read would hand them over. One operation decodes the whole
 * stream; MB/s and events/s follow from the stream's size and event count (printed by {@code RunAll}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SseDecodeBench {

    public static final int PIECE = 8 * 1024;

    private byte[] stream;

    @Setup
    public void setup() {
        stream = Fixtures.sseStream(Fixtures.RECORDED_STREAM_CHUNKS);
    }

    /** Decoding only: each event's data is handed to a black hole. */
    @Benchmark
    public int decode(Blackhole bh) {
        SseDecoder decoder = new SseDecoder(e -> bh.consume(e.data()));
        feedAll(decoder);
        return decoder.eventsDispatched();
    }

    /** Decoding plus parsing each chunk into a {@link ChatCompletionChunk}, what a streamed call does per event. */
    @Benchmark
    public int decodeAndParse(Blackhole bh) {
        SseDecoder decoder = new SseDecoder(e -> {
            if (!e.isDone()) {
                bh.consume(LlmJson.read(e.data().getBytes(StandardCharsets.UTF_8), ChatCompletionChunk.class, "chunk"));
            }
        });
        feedAll(decoder);
        return decoder.eventsDispatched();
    }

    private void feedAll(SseDecoder decoder) {
        for (int off = 0; off < stream.length; off += PIECE) {
            decoder.feed(stream, off, Math.min(PIECE, stream.length - off));
        }
        decoder.finish();
    }
}
