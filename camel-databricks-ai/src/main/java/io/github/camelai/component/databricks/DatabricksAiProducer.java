package io.github.camelai.component.databricks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.component.databricks.responses.ResponsesRequests;
import io.github.camelai.component.databricks.responses.ResponsesResults;
import io.github.camelai.component.databricks.responses.ResponsesStreamAccumulator;
import io.github.camelai.component.databricks.responses.ResponsesStreamEvents;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.EmbeddingRequest;
import io.github.camelai.llm.model.ToolDefinition;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.StreamOutput;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends one exchange to Databricks without holding a thread while the model works: the exchange continues when
 * the answer (or, for a streamed iterator, its start) is in. Bad input fails the exchange before any HTTP call.
 */
public class DatabricksAiProducer extends DefaultAsyncProducer {

    private static final LlmHeaders HEADERS = DatabricksAiConstants.HEADERS;

    // limits of the Foundation Model API reference, checked before paying for a round trip
    private static final int MAX_FUNCTION_PROPERTIES = 15;
    private static final int MAX_TOP_LOGPROBS = 20;

    private final DatabricksAiEndpoint endpoint;

    public DatabricksAiProducer(DatabricksAiEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Message in = exchange.getMessage();
            RequestOptions o = endpoint.options().withHeaders(in, HEADERS, getEndpoint().getCamelContext());
            String model = DatabricksUrls.checkName("serving endpoint name (model)", o.model);
            Object body = in.getBody();
            return switch (endpoint.getOperation()) {
                case chat -> chat(exchange, callback, body, model, o);
                case completion -> completion(exchange, callback, body, model, o);
                case embedding -> embedding(exchange, callback, body, model, o, in);
                case responses -> responses(exchange, callback, body, model, o);
            };
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private String invocations(String model) {
        return endpoint.urls().invocations(model, endpoint.getConfiguration().getServedModel());
    }

    private boolean chat(Exchange exchange, AsyncCallback callback, Object body, String model, RequestOptions o) {
        ChatCompletionRequest req = ChatRequests.chat(body, o);
        req.setModel(null); // the endpoint is in the URL
        checkTools(req.getTools());
        checkTopLogprobs(req.getTopLogprobs());
        String url = invocations(model);
        LlmCalls calls = endpoint.calls();
        if (o.streaming) {
            return calls.chat(exchange, callback, url, Map.of(), req, o);
        }
        req.setStream(null);
        return calls.call(exchange, callback, LlmCalls.request(url, req, Map.of()), (out, response) -> {
            ChatResults.apply(out, LlmJson.read(response.body(), ChatCompletion.class, "the chat completion"), o, HEADERS);
            servedModel(out, response);
        });
    }

    private boolean completion(Exchange exchange, AsyncCallback callback, Object body, String model, RequestOptions o) {
        CompletionRequest req = ChatRequests.completion(body, o);
        req.setModel(null);
        if (o.streaming) {
            return endpoint.calls().completion(exchange, callback, invocations(model), req, o);
        }
        // not streamed: read the answer here so the served-model-name header reaches the route too
        boolean many = req.getPrompt() instanceof List<?> || (req.getN() != null && req.getN() > 1);
        req.setStream(null);
        return endpoint.calls().call(exchange, callback, LlmCalls.request(invocations(model), req, Map.of()),
                (out, response) -> {
                    Completion c = LlmJson.read(response.body(), Completion.class, "the completion");
                    ChatResults.common(out, c.getId(), c.getModel(), c.finishReason(), c.getUsage(), HEADERS);
                    if (o.fullResponse) {
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

    private boolean embedding(Exchange exchange, AsyncCallback callback, Object body, String model, RequestOptions o,
                              Message in) {
        String instruction = in.getHeader(DatabricksAiConstants.INSTRUCTION, String.class);
        String inst = instruction != null ? instruction : endpoint.getConfiguration().getInstruction();
        return endpoint.calls().embedding(exchange, callback, invocations(model), body, o,
                endpoint.getConfiguration().getBatchSize(), input -> {
                    EmbeddingRequest req = ChatRequests.embedding(input, o);
                    req.setModel(null);
                    if (inst != null && !inst.isEmpty() && !req.getAdditionalProperties().containsKey("instruction")) {
                        req.setAdditionalProperty("instruction", inst);
                    }
                    return req;
                });
    }

    private boolean responses(Exchange exchange, AsyncCallback callback, Object body, String model, RequestOptions o) {
        ObjectNode req = ResponsesRequests.request(body, o, model);
        LlmHttpRequest request = LlmHttpRequest.postJson(endpoint.urls().responses(), LlmJson.write(req));
        LlmCalls calls = endpoint.calls();
        if (!o.streaming) {
            return calls.call(exchange, callback, request, (out, response) -> {
                ResponsesResults.apply(out, LlmJson.read(response.body(), JsonNode.class, "the response"), o, HEADERS);
                servedModel(out, response);
            });
        }
        if (o.streamOutput == StreamOutput.iterator) {
            return calls.iterate(exchange, callback, request, ResponsesStreamEvents::event);
        }
        ResponsesStreamAccumulator acc = new ResponsesStreamAccumulator();
        long start = System.nanoTime();
        long[] firstToken = { -1 };
        return calls.fold(exchange, callback, request, sse -> {
            ResponsesStreamEvent event = ResponsesStreamEvents.event(sse);
            if (event != null && acc.add(event) && firstToken[0] < 0) {
                firstToken[0] = System.nanoTime();
            }
        }, out -> {
            ResponsesResults.apply(out, acc.result(), o, HEADERS);
            if (firstToken[0] > 0) {
                out.setHeader(HEADERS.name(LlmHeaders.TIME_TO_FIRST_TOKEN), (firstToken[0] - start) / 1_000_000L);
            }
        });
    }

    private static void checkTools(List<ToolDefinition> tools) {
        if (tools == null) {
            return;
        }
        if (tools.size() > ResponsesRequests.MAX_TOOLS) {
            throw new IllegalArgumentException("The request has " + tools.size() + " tools; Databricks accepts at most "
                                               + ResponsesRequests.MAX_TOOLS);
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

    private static void servedModel(Message out, LlmHttpResponse response) {
        String served = response.header("served-model-name");
        if (served != null) {
            out.setHeader(DatabricksAiConstants.SERVED_MODEL_NAME, served);
        }
    }
}
