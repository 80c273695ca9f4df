package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.StreamOutput;
import io.github.camelai.llm.stream.DecodedStreamCollector;
import io.github.camelai.llm.stream.DecodedStreamIterator;
import io.github.camelai.llm.stream.StreamDecoder;
import io.github.camelai.llm.stream.StreamItemHandler;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * {@code baseten:predict}: a deployment's own predict API with any JSON in and out; streamed, the pieces as they
 * come (an iterator) or gathered (SSE events' data as a List, any other stream as one text).
 */
final class BasetenPredictProducer extends AbstractBasetenProducer {

    BasetenPredictProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        BasetenEndpoint endpoint = getEndpoint();
        Message in = exchange.getMessage();
        JsonNode input = PredictBody.json(in, "predict");
        if (o.streaming() && input instanceof ObjectNode obj && !obj.has("stream")) {
            obj.put("stream", true);
        }
        LlmHttpRequest request = LlmCalls.request(endpoint.target().predictUrl(), input, extraHeaders(in));
        LlmCalls calls = endpoint.calls();
        if (!o.streaming()) {
            return calls.call(exchange, callback, request, (out, response) -> out.setBody(PredictBody.answer(response)));
        }
        if (o.streamOutput() == StreamOutput.sse) {
            // a model's own stream has no chunk shape to re-send as events
            throw new IllegalArgumentException("streamOutput=sse is for chat and completion; a streamed predict "
                                               + "answer is handed on with streamOutput=iterator or aggregate");
        }
        calls.begin(exchange);
        Function<Function<String, String>, StreamDecoder<String>> decoders
                = headers -> new PredictStreamDecoder(headers.apply("content-type"));
        if (o.streamOutput() == StreamOutput.iterator) {
            DecodedStreamIterator<String> pieces = new DecodedStreamIterator<>(decoders);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange e) {
                    pieces.close();
                }
            });
            pieces.opened().whenComplete((v, error) -> calls.finish(exchange, callback, error,
                    () -> exchange.getMessage().setBody(pieces)));
            calls.client().stream(request, pieces);
            return false;
        }
        // aggregate: SSE events' data as a List, any other stream as one text
        long start = System.nanoTime();
        long[] firstPiece = { -1 };
        boolean[] sse = { false };
        StringBuilder text = new StringBuilder();
        List<String> events = new ArrayList<>();
        calls.client().stream(request, new DecodedStreamCollector<>(headers -> {
            PredictStreamDecoder decoder = new PredictStreamDecoder(headers.apply("content-type"));
            sse[0] = decoder.isSse();
            return decoder;
        }, new StreamItemHandler<String>() {
            @Override
            public void onItem(String piece) {
                if (firstPiece[0] < 0) {
                    firstPiece[0] = System.nanoTime() - start;
                }
                if (sse[0]) {
                    events.add(piece);
                } else {
                    text.append(piece);
                }
            }

            @Override
            public void onComplete() {
                calls.finish(exchange, callback, null, () -> {
                    Message out = exchange.getMessage();
                    out.setBody(sse[0] ? events : text.toString());
                    if (firstPiece[0] >= 0) {
                        out.setHeader(BasetenConstants.TIME_TO_FIRST_TOKEN, firstPiece[0] / 1_000_000L);
                    }
                });
            }

            @Override
            public void onError(Throwable error) {
                calls.finish(exchange, callback, error, null);
            }
        }));
        return false;
    }
}
