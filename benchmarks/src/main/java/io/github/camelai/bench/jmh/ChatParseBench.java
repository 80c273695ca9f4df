package io.github.camelai.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.github.camelai.bench.Fixtures;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.support.LlmJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON cost of one non-streamed call: parsing the answer ({@link Fixtures#chatCompletionJson()}, about 1 KB)
 * with {@code LlmJson.MAPPER.readValue(bytes, ChatCompletion.class)}, and writing the request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChatParseBench {

    private byte[] answer;
    private ChatCompletionRequest request;

    @Setup
    public void setup() {
        answer = Fixtures.chatCompletionJson();
        request = Fixtures.chatRequest();
    }

    @Benchmark
    public ChatCompletion parseChatCompletion() throws Exception {
        return LlmJson.MAPPER.readValue(answer, ChatCompletion.class);
    }

    @Benchmark
    public byte[] writeChatRequest() throws Exception {
        return LlmJson.MAPPER.writeValueAsBytes(request);
    }
}
