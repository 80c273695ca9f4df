package io.github.camelai.llm.stream;

import io.github.camelai.llm.sse.SseEvent;

/** Folds a stream of server-sent events on the I/O thread; see {@link DecodedStreamCollector}. */
public final class SseEventCollector extends DecodedStreamCollector<SseEvent> {

    public SseEventCollector(SseEventHandler handler) {
        super(headers -> new SseStreamDecoder(), new StreamItemHandler<>() {
            @Override
            public void onItem(SseEvent item) throws Exception {
                handler.onEvent(item);
            }

            @Override
            public void onComplete() {
                handler.onComplete();
            }

            @Override
            public void onError(Throwable error) {
                handler.onError(error);
            }
        });
    }
}
