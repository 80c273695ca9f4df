package io.github.camelai.component.baseten;

import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.tool.ChatToolLoop;
import io.github.camelai.llm.tool.ToolOptions;
import io.github.camelai.llm.tool.ToolSet;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code baseten:chat}: chat completions, streamed or not, with a binary body sent as an attachment; with
 * {@code toolTags}, the tool loop over llm-tool routes.
 */
final class BasetenChatProducer extends AbstractBasetenProducer {

    BasetenChatProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        Message in = exchange.getMessage();
        ChatCompletionRequest req = ChatRequests.chat(ChatAttachment.body(in, configuration()), o);
        requireModelOnModelApis(req.getModel());
        if (getEndpoint().target().isDedicated()) {
            req.setModel(modelOrPlaceholder(req.getModel()));
        }
        streamOptions(req, o);
        ToolOptions toolOptions = ToolOptions.of(configuration());
        ToolSet tools = ChatToolLoop.offer(exchange.getContext(), toolOptions, req);
        if (tools != null && toolOptions.loop()) {
            return ChatToolLoop.run(exchange, callback, getEndpoint().calls(), getEndpoint().target().chatCompletionsUrl(),
                    extraHeaders(in), req, o, tools, toolOptions, getEndpoint().headers(), null);
        }
        return getEndpoint().calls().chat(exchange, callback, getEndpoint().target().chatCompletionsUrl(),
                extraHeaders(in), req, o);
    }
}
