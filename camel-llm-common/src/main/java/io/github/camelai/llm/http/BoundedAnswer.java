package io.github.camelai.llm.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import io.github.camelai.llm.error.LlmException;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/** Buffers an answer up to a limit: a body that does not end must not fill the heap. */
final class BoundedAnswer implements AsyncResponseConsumer<SimpleHttpResponse> {
    private final AsyncResponseConsumer<SimpleHttpResponse> delegate;
    private final long limit;
    private long received;

    BoundedAnswer(AsyncResponseConsumer<SimpleHttpResponse> delegate, long limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<SimpleHttpResponse> resultCallback) throws HttpException, IOException {
        if (entity != null && entity.getContentLength() > limit) {
            throw tooLarge(entity.getContentLength());
        }
        delegate.consumeResponse(response, entity, context, resultCallback);
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) throws HttpException, IOException {
        delegate.informationResponse(response, context);
    }

    @Override
    public void failed(Exception cause) {
        delegate.failed(cause);
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        delegate.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        received += src.remaining();
        if (received > limit) {
            throw tooLarge(received);
        }
        delegate.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
        delegate.streamEnd(trailers);
    }

    @Override
    public void releaseResources() {
        delegate.releaseResources();
    }

    private LlmException tooLarge(long bytes) {
        return new LlmException("The answer is larger than " + limit + " bytes (" + bytes + " so far); it is not read"
                                + " further. A streamed call reads an answer of any length");
    }
}
