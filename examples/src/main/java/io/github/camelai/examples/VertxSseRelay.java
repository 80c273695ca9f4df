package io.github.camelai.examples;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Sends a {@code streamOutput=sse} body to the HTTP client event by event, on Camel's Vert.x platform-http server.
 * Use it twice in the route: as the first step it remembers the HTTP response (the request's message, which steps
 * such as {@code setBody} replace, is the only way to it); as the last step it writes the body's events to that
 * response as they are read, and ends it (platform-http then leaves the ended response alone).
 * <p>
 * Why it is needed: platform-http on Vert.x (Camel 4.18) copies an {@code InputStream} body to the client in
 * 16 KiB blocks, reading until a block is full, so an answer shorter than that would reach the browser in one piece
 * at the end. A body that is not an {@code InputStream}, or a request that did not come through Vert.x
 * platform-http, is left to platform-http.
 * <p>
 * The last step runs on the route's thread (a Vert.x worker thread), which waits while the model writes; each write
 * waits until Vert.x has taken the bytes, so a slow client slows the reading, and a client that goes away ends the
 * read (and with it the call to the model).
 */
public final class VertxSseRelay implements Processor {

    static final String RESPONSE = VertxSseRelay.class.getName() + ".response";

    @Override
    public void process(Exchange exchange) throws Exception {
        HttpServerResponse response = exchange.getProperty(RESPONSE, HttpServerResponse.class);
        if (response == null) {
            if (exchange.getMessage() instanceof HttpMessage m) {
                exchange.setProperty(RESPONSE, m.getResponse());
            }
            return;
        }
        if (!(exchange.getMessage().getBody() instanceof InputStream body)) {
            return;
        }
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-cache");
        try (body) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (n > 0) {
                    response.write(Buffer.buffer().appendBytes(buffer, 0, n))
                            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            // the headers are out, so platform-http can no longer answer 500: close the connection instead of
            // leaving the browser waiting on an event stream that will never end
            response.reset();
            throw e;
        }
        response.end();
    }
}
