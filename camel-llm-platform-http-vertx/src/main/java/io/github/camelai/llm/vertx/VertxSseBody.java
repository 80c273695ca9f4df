package io.github.camelai.llm.vertx;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A {@code streamOutput=sse} body as Vert.x platform-http (Camel 4.18) should send it. Platform-http copies an
 * {@code InputStream} body to the client in 16 KiB blocks, reading until a block is full, so the events of a short
 * answer would reach the client together at the end. This stream writes each event to the HTTP response itself as
 * soon as it is read (platform-http has set the status and headers by then), and hands platform-http one newline per
 * event instead: an empty line, which Server-Sent Events clients skip, sent with the rest of the block at the end.
 * <p>
 * Each read waits until Vert.x has taken the event, so a slow client slows the reading; a client that goes away
 * fails the read, and platform-http then closes this stream, which aborts the call to the model.
 */
final class VertxSseBody extends InputStream {

    /** How long one event may wait for the client to take it. */
    private static final long WRITE_TIMEOUT_SECONDS = 60;

    private final InputStream events;
    private final HttpServerResponse response;
    private final byte[] buffer = new byte[8192];

    VertxSseBody(InputStream events, HttpServerResponse response) {
        this.events = events;
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        byte[] event = nextEvent();
        if (event == null) {
            return -1;
        }
        write(event);
        b[off] = '\n';
        return 1;
    }

    /** One whole event (up to its blank line) or what is left at the end; {@code null} once the stream is over. */
    private byte[] nextEvent() throws IOException {
        byte[] event = new byte[0];
        while (true) {
            int n = events.read(buffer, 0, buffer.length);
            if (n < 0) {
                return event.length == 0 ? null : event;
            }
            int start = event.length;
            event = Arrays.copyOf(event, start + n);
            System.arraycopy(buffer, 0, event, start, n);
            if (endsAnEvent(event)) {
                return event;
            }
        }
    }

    private static boolean endsAnEvent(byte[] bytes) {
        int n = bytes.length;
        return n >= 2 && bytes[n - 1] == '\n' && (bytes[n - 2] == '\n' || n >= 3 && bytes[n - 2] == '\r' && bytes[n - 3] == '\n');
    }

    private void write(byte[] event) throws IOException {
        try {
            response.write(Buffer.buffer(event)).toCompletionStage().toCompletableFuture()
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while sending an event to the HTTP client", e);
        } catch (ExecutionException e) {
            throw new IOException("The HTTP client did not take an event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("The HTTP client took no event for " + WRITE_TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() throws IOException {
        events.close();
    }
}
