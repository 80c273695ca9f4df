package io.github.camelai.component.databricks;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ToolDefinition;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.tool.ChatToolLoop;
import io.github.camelai.llm.tool.ToolOptions;
import io.github.camelai.llm.tool.ToolSet;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/** {@code databricks-ai:chat}: chat completions on a serving endpoint, streamed or not. */
final class DatabricksChatProducer extends DatabricksAiProducer {

    // limits of the Foundation Model API reference, checked before paying for a round trip
    private static final int MAX_FUNCTION_PROPERTIES = 15;
    private static final int MAX_TOP_LOGPROBS = 20;
    // a Chat Completions limit: the Responses API has none
    private static final int MAX_TOOLS = 32;

    DatabricksChatProducer(DatabricksAiEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o, String model, Object body) {
        ChatCompletionRequest req = ChatRequests.chat(body, o);
        req.setModel(null); // the endpoint is in the URL
        ToolOptions toolOptions = ToolOptions.of(getEndpoint().getConfiguration());
        ToolSet tools = ChatToolLoop.offer(exchange.getContext(), toolOptions, req);
        checkTools(req.getTools()); // the route tools count towards the limits
        checkTopLogprobs(req.getTopLogprobs());
        String url = invocations(model);
        LlmCalls calls = getEndpoint().calls();
        if (!o.streaming()) {
            req.setStream(false); // the reference gives true as the default: say it, in every tool round too
        }
        if (tools != null && toolOptions.loop()) {
            return ChatToolLoop.run(exchange, callback, calls, url, Map.of(), req, o, tools, toolOptions, HEADERS,
                    (out, conversation) -> {
                        if (conversation.lastResponse() != null) {
                            servedModel(out, conversation.lastResponse());
                        }
                    });
        }
        if (o.streaming()) {
            return calls.chat(exchange, callback, url, Map.of(), req, o);
        }
        LlmHttpRequest request = LlmCalls.request(url, req, Map.of());
        return calls.call(exchange, callback, request, (out, response) -> {
            ChatCompletion answer = LlmJson.read(response.body(), ChatCompletion.class, "the chat completion");
            calls.tokensUsed(request, answer.getUsage());
            ChatResults.apply(out, answer, o, HEADERS);
            servedModel(out, response);
        });
    }

    private static void checkTools(List<ToolDefinition> tools) {
        if (tools == null) {
            return;
        }
        if (tools.size() > MAX_TOOLS) {
            throw new IllegalArgumentException("The request has " + tools.size() + " tools; Databricks accepts at most "
                                               + MAX_TOOLS);
        }
        for (ToolDefinition tool : tools) {
            ToolDefinition.FunctionDefinition f = tool.getFunction();
            JsonNode properties = f != null && f.getParameters() != null ? f.getParameters().get("properties") : null;
            if (properties != null && properties.size() > MAX_FUNCTION_PROPERTIES) {
                throw new IllegalArgumentException("Tool " + f.getName() + " has " + properties.size()
                                                   + " parameters; Databricks accepts at most " + MAX_FUNCTION_PROPERTIES
                                                   + " per function: group some into an object parameter");
            }
        }
    }

    private static void checkTopLogprobs(Integer topLogprobs) {
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS)) {
            throw new IllegalArgumentException("topLogprobs is " + topLogprobs + "; Databricks accepts 0 to "
                                               + MAX_TOP_LOGPROBS);
        }
    }
}
