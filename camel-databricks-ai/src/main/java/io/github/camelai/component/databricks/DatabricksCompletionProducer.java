package io.github.camelai.component.databricks;

import java.util.Map;

import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/** {@code databricks-ai:completion}: text completions on a serving endpoint. */
final class DatabricksCompletionProducer extends DatabricksAiProducer {

    DatabricksCompletionProducer(DatabricksAiEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o, String model, Object body) {
        CompletionRequest req = ChatRequests.completion(body, o);
        req.setModel(null);
        if (o.streaming()) {
            return getEndpoint().calls().completion(exchange, callback, invocations(model), req, o);
        }
        // not streamed: read the answer here so the served-model-name header reaches the route too
        boolean many = ChatResults.answersMany(req);
        req.setStream(false); // the reference gives true as the default: say it
        LlmHttpRequest request = LlmCalls.request(invocations(model), req, Map.of());
        return getEndpoint().calls().call(exchange, callback, request,
                (out, response) -> {
                    Completion answer = LlmJson.read(response.body(), Completion.class, "the completion");
                    getEndpoint().calls().tokensUsed(request, answer.getUsage());
                    ChatResults.completion(out, answer, many, o, HEADERS);
                    servedModel(out, response);
                });
    }
}
