package io.github.camelai.llm.tool;

import java.util.function.Supplier;

import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.StreamOutput;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Runs the tool loop of a conversation of any API (chat messages, Responses items) for an exchange and ends it:
 * one measured operation, streamed to the route as an iterator or folded into the final answer, with the usage of
 * all rounds and the number of tool rounds in the headers.
 */
public final class ExchangeToolLoop {

    /** Writes the final answer of the loop on the exchange, as the API's producer would write any answer. */
    @FunctionalInterface
    public interface AnswerWriter<A, C> {
        void write(Message out, A answer, C conversation) throws Exception;
    }

    private ExchangeToolLoop() {
    }

    /**
     * Runs {@code conversation} (created once the operation is measured) in a loop of at most
     * {@code options.maxIterations()} tool rounds; {@code writer} writes the final answer, then the headers of the
     * whole loop are set.
     */
    public static <T extends StreamChunk, A, C extends StreamedConversation<T, A>> boolean run(
            Exchange exchange, AsyncCallback callback, LlmCalls calls, RequestOptions o, ToolSet tools,
            ToolOptions options, LlmHeaders h, Supplier<C> conversation, AnswerWriter<A, C> writer) {
        refuseSse(o);
        calls.begin(exchange); // one measured operation: every round, the tools' routes in between
        ToolLoop loop = new ToolLoop(tools, options.maxIterations(), calls.executor());
        C c = conversation.get();
        if (o.streaming() && o.streamOutput() == StreamOutput.iterator) {
            return ToolStream.start(exchange, callback, calls, loop, c);
        }
        loop.run(c).whenComplete((outcome, error) -> calls.finish(exchange, callback, error, () -> {
            Message out = exchange.getMessage();
            writer.write(out, outcome.answer(), c);
            // the usage of all rounds, instead of the last round's that the answer carries
            if (outcome.usage() != null) {
                ChatResults.common(out, null, null, null, outcome.usage(), h);
            }
            out.setHeader(h.name(LlmHeaders.TOOL_ITERATIONS), outcome.iterations());
        }));
        return false;
    }

    /**
     * Refuses {@code streamOutput=sse} before anything is measured or sent: the events of several rounds, with tool
     * calls held back, are no one answer's chunks.
     */
    private static void refuseSse(RequestOptions o) {
        if (o.streaming() && o.streamOutput() == StreamOutput.sse) {
            throw new IllegalArgumentException("streamOutput=sse does not run tool routes: use streamOutput=iterator "
                                               + "with toolTags, or autoToolExecution=false");
        }
    }
}
