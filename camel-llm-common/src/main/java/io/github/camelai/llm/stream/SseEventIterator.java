package io.github.camelai.llm.stream;

import io.github.camelai.llm.sse.SseEvent;

/** A streamed answer of server-sent events as a blocking iterator; see {@link DecodedStreamIterator}. */
public final class SseEventIterator extends DecodedStreamIterator<SseEvent> {

    public SseEventIterator() {
        super(StreamAnswerDecoders::forAnswer);
    }
}
