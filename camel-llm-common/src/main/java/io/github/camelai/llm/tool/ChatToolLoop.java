package io.github.camelai.llm.tool;

import java.util.Map;

import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Chat with the tools of llm-tool routes, for the chat producers of any component. */
public final class ChatToolLoop {

    /** Writes what is specific to a component on the final answer (e.g. a served-model header). */
    @FunctionalInterface
    public interface Finisher {
        void finish(Message out, ChatConversation conversation) throws Exception;
    }

    private ChatToolLoop() {
    }

    /**
     * Adds the tools the endpoint's {@code toolTags} select to the request, after the caller's own; returns them,
     * or {@code null} when the endpoint offers no route tools.
     */
    public static ToolSet offer(CamelContext context, ToolOptions options, ChatCompletionRequest req) {
        if (!options.offered()) {
            return null;
        }
        ToolSet tools = ToolSet.select(context, options, ToolSet.names(req.getTools()));
        req.setTools(tools.offer(req.getTools()));
        if (options.loop() && req.getN() != null && req.getN() > 1) {
            throw new IllegalArgumentException("The tool loop continues one answer: n must be 1 with toolTags (or set "
                                               + "autoToolExecution=false and run the tools yourself)");
        }
        return tools;
    }

    /**
     * Runs the loop for an exchange and ends it: the final answer becomes the body as for any chat, with the
     * usage of all rounds and the number of tool rounds in the headers.
     */
    public static boolean run(Exchange exchange, AsyncCallback callback, LlmCalls calls, String url,
                              Map<String, String> extraHeaders, ChatCompletionRequest req, RequestOptions o,
                              ToolSet tools, ToolOptions options, LlmHeaders h, Finisher finisher) {
        return ExchangeToolLoop.run(exchange, callback, calls, o, tools, options, h,
                () -> new ChatConversation(calls.client(), url, extraHeaders, req, o.streaming()),
                (out, answer, conversation) -> {
                    ChatResults.apply(out, answer, o, h);
                    if (o.streaming() && conversation.timeToFirstToken() >= 0) {
                        out.setHeader(h.name(LlmHeaders.TIME_TO_FIRST_TOKEN), conversation.timeToFirstToken());
                    }
                    if (finisher != null) {
                        finisher.finish(out, conversation);
                    }
                });
    }
}
