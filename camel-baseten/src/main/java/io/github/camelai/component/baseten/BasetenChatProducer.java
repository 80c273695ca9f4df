package io.github.camelai.component.baseten;

import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** {@code baseten:chat}: chat completions, streamed or not, with a binary body sent as an attachment. */
final class BasetenChatProducer extends AbstractBasetenProducer {

    BasetenChatProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        Message in = exchange.getMessage();
        ChatCompletionRequest req = ChatRequests.chat(ChatAttachment.body(in, configuration()), o);
        requireModelOnModelApis(req.getModel());
        streamOptions(req, o);
        return getEndpoint().calls().chat(exchange, callback, getEndpoint().target().chatCompletionsUrl(),
                extraHeaders(in), req, o);
    }
}
