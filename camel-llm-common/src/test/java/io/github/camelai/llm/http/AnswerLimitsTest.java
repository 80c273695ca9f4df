package io.github.camelai.llm.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.error.LlmException;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A buffered answer is bounded: a runaway body fails the call instead of filling the heap. */
class AnswerLimitsTest {

    @Test
    void anAnswerDeclaringMoreThanTheLimitFailsBeforeItsBodyIsRead() throws Exception {
        try (RawHttpServer server = new RawHttpServer((request, socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                       + (HttpClient5Transport.MAX_ANSWER_BYTES + 1L) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read(); // hold the connection until the client hangs up
        }); HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> transport.send(
                    LlmHttpRequest.postJson(server.url("/v1/chat/completions"), "{}".getBytes(StandardCharsets.UTF_8)),
                    Timeouts.DEFAULT).get(60, TimeUnit.SECONDS));
            LlmException failure = assertInstanceOf(LlmException.class, e.getCause());
            assertTrue(failure.getMessage().contains("larger than " + HttpClient5Transport.MAX_ANSWER_BYTES + " bytes"),
                    failure.getMessage());
        }
    }

    @Test
    void anAnswerGrowingPastTheLimitIsNotReadFurther() throws Exception {
        BoundedAnswer answer = new BoundedAnswer(SimpleResponseConsumer.create(), 10);
        LlmException e = assertThrows(LlmException.class, () -> answer.consume(ByteBuffer.allocate(11)));
        assertTrue(e.getMessage().contains("larger than 10 bytes (11 so far)"), e.getMessage());
    }
}
