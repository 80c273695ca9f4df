package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.UsageSum;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestBodies;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code baseten:completion}: the completions API of a dedicated deployment; on Model APIs, which serve chat only,
 * each prompt is sent as a one-message chat.
 */
final class BasetenCompletionProducer extends AbstractBasetenProducer {

    BasetenCompletionProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        BasetenEndpoint endpoint = getEndpoint();
        Message in = exchange.getMessage();
        Map<String, String> extra = extraHeaders(in);
        Object body = RequestBodies.read(in, "completion");
        BasetenTarget target = endpoint.target();
        if (target.isDedicated()) {
            CompletionRequest req = ChatRequests.completion(body, o);
            req.setModel(modelOrPlaceholder(req.getModel()));
            streamOptions(req, o);
            return endpoint.calls().completion(exchange, callback, target.syncV1Url("completions"), extra, req, o);
        }
        // Model APIs serve chat only: a prompt is sent as a one-message chat
        Object prompts = ChatRequests.prompts(body, "completion");
        if (prompts instanceof String prompt) {
            ChatCompletionRequest req = ChatRequests.chat(prompt, o);
            requireModelOnModelApis(req.getModel());
            streamOptions(req, o);
            return endpoint.calls().chat(exchange, callback, target.chatCompletionsUrl(), extra, req, o);
        }
        if (o.streaming()) {
            throw new IllegalArgumentException("A streamed completion takes one prompt (a String); a List of prompts "
                                               + "is answered without streaming");
        }
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) prompts;
        endpoint.calls().begin(exchange);
        List<CompletableFuture<ChatCompletion>> answers = new ArrayList<>(list.size());
        for (String prompt : list) {
            ChatCompletionRequest req = ChatRequests.chat(prompt, o);
            requireModelOnModelApis(req.getModel());
            LlmHttpRequest request = LlmCalls.request(target.chatCompletionsUrl(), req, extra);
            answers.add(endpoint.calls().client().send(request).thenApply(r -> {
                ChatCompletion answer = LlmJson.read(r.body(), ChatCompletion.class, "the chat completion");
                endpoint.calls().tokensUsed(request, answer.getUsage());
                return answer;
            }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete(
                (v, error) -> endpoint.calls().finish(exchange, callback, error, () -> {
                    Message out = exchange.getMessage();
                    List<ChatCompletion> completions = answers.stream().map(CompletableFuture::join).toList();
                    // counts the service did not report stay absent rather than passing as 0 tokens
                    UsageSum usage = new UsageSum();
                    completions.forEach(c -> usage.add(c.getUsage()));
                    ChatResults.common(out, null, completions.get(0).getModel(), null, usage.total(), endpoint.headers());
                    if (o.fullResponse()) {
                        out.setBody(completions);
                    } else {
                        out.setBody(completions.stream().map(c -> c.firstMessage() == null ? null
                                : c.firstMessage().text()).toList());
                    }
                }));
        return false;
    }
}
