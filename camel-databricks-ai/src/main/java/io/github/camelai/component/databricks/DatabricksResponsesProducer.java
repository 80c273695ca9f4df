package io.github.camelai.component.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.component.databricks.responses.ResponsesRequests;
import io.github.camelai.component.databricks.responses.ResponsesResults;
import io.github.camelai.component.databricks.responses.ResponsesStreamAccumulator;
import io.github.camelai.component.databricks.responses.ResponsesStreamEvents;
import io.github.camelai.component.databricks.responses.ResponsesToolLoop;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.quota.TokenEstimate;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.FirstTokenClock;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.StreamOutput;
import io.github.camelai.llm.stream.StreamEnd;
import io.github.camelai.llm.tool.ToolOptions;
import io.github.camelai.llm.tool.ToolSet;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/** {@code databricks-ai:responses}: the Responses API, mapped in package {@code responses}. */
final class DatabricksResponsesProducer extends DatabricksAiProducer {

    DatabricksResponsesProducer(DatabricksAiEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o, String model, Object body) {
        ObjectNode req = ResponsesRequests.request(body, o, model);
        ToolOptions toolOptions = ToolOptions.of(getEndpoint().getConfiguration());
        ToolSet tools = ResponsesToolLoop.offer(exchange.getContext(), toolOptions, req);
        if (tools != null && toolOptions.loop()) {
            return ResponsesToolLoop.run(exchange, callback, getEndpoint().calls(), getEndpoint().urls().responses(), req,
                    o, tools, toolOptions, HEADERS, DatabricksAiProducer::servedModel);
        }
        LlmHttpRequest request = LlmHttpRequest.postJson(getEndpoint().urls().responses(), LlmJson.write(req))
                .withEstimatedTokens(TokenEstimate.responses(req));
        LlmCalls calls = getEndpoint().calls();
        if (!o.streaming()) {
            return calls.call(exchange, callback, request, (out, response) -> {
                JsonNode answer = LlmJson.read(response.body(), JsonNode.class, "the response");
                calls.client().tokensUsed(request, TokenEstimate.used(answer.get("usage")));
                ResponsesResults.apply(out, answer, o, HEADERS);
                servedModel(out, response);
            });
        }
        if (o.streamOutput() != StreamOutput.aggregate) {
            return calls.iterate(exchange, callback, request, ResponsesStreamEvents::event, o.streamOutput(),
                    StreamEnd.COMPLETED_EVENT);
        }
        ResponsesStreamAccumulator acc = new ResponsesStreamAccumulator();
        FirstTokenClock clock = new FirstTokenClock();
        return calls.foldChunks(exchange, callback, request, ResponsesStreamEvents::event, StreamEnd.COMPLETED_EVENT,
                event -> {
                    if (acc.add(event)) {
                        clock.textArrived();
                    }
                }, out -> {
            JsonNode answer = acc.result();
            calls.client().tokensUsed(request, TokenEstimate.used(answer == null ? null : answer.get("usage")));
            ResponsesResults.apply(out, answer, o, HEADERS);
            clock.setHeader(out, HEADERS);
        });
    }
}
