package io.github.camelai.component.databricks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
        boolean many = req.getPrompt() instanceof List<?> || (req.getN() != null && req.getN() > 1);
        req.setStream(false); // the reference gives true as the default: say it
        return getEndpoint().calls().call(exchange, callback, LlmCalls.request(invocations(model), req, Map.of()),
                (out, response) -> {
                    Completion c = LlmJson.read(response.body(), Completion.class, "the completion");
                    ChatResults.common(out, c.getId(), c.getModel(), c.finishReason(), c.getUsage(), HEADERS);
                    if (o.fullResponse()) {
                        out.setBody(c);
                    } else if (!many) {
                        out.setBody(c.text());
                    } else {
                        List<Completion.Choice> choices = new ArrayList<>(c.getChoices() == null ? List.of() : c.getChoices());
                        choices.sort(Comparator.comparing(ch -> ch.getIndex() == null ? 0 : ch.getIndex()));
                        out.setBody(choices.stream().map(Completion.Choice::getText).toList());
                    }
                    servedModel(out, response);
                });
    }
}
