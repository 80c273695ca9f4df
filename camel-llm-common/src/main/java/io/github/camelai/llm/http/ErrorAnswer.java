package io.github.camelai.llm.http;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A non-2xx answer to a streamed call, its body copied out as it arrives (up to a bound: error bodies are short,
 * a misbehaving server's need not be) so that it can be parsed like a buffered one.
 */
final class ErrorAnswer {

    private static final int MAX_BODY = 64 * 1024;

    private final int status;
    private final Function<String, String> headers;
    private ByteBuffer body = ByteBuffer.allocate(8192);

    ErrorAnswer(int status, Function<String, String> headers) {
        this.status = status;
        this.headers = headers;
    }

    /** Copies what fits and consumes all of {@code src}. */
    void append(ByteBuffer src) {
        if (body.remaining() < src.remaining() && body.capacity() < MAX_BODY) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_BODY, body.capacity() * 4 + src.remaining()));
            body.flip();
            bigger.put(body);
            body = bigger;
        }
        int take = Math.min(body.remaining(), src.remaining());
        ByteBuffer slice = src.slice();
        slice.limit(take);
        body.put(slice);
        src.position(src.limit());
    }

    int status() {
        return status;
    }

    Function<String, String> headers() {
        return headers;
    }

    byte[] body() {
        byte[] bytes = new byte[body.position()];
        body.duplicate().flip().get(bytes);
        return bytes;
    }
}
