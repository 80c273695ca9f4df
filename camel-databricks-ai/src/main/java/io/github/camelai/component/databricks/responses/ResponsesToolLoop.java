package io.github.camelai.component.databricks.responses;

import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.tool.ExchangeToolLoop;
import io.github.camelai.llm.tool.ToolOptions;
import io.github.camelai.llm.tool.ToolSet;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The tools of llm-tool routes on the Responses API: offered as flat function tools, run in the tool loop. */
public final class ResponsesToolLoop {

    private ResponsesToolLoop() {
    }

    /** Adds the selected tools after the request's own; {@code null} when the endpoint offers none. */
    public static ToolSet offer(CamelContext context, ToolOptions options, ObjectNode req) {
        if (!options.offered()) {
            return null;
        }
        ToolSet tools = ToolSet.select(context, options, ResponsesConversation.callerTools(req));
        ArrayNode all = req.get("tools") instanceof ArrayNode existing ? existing : req.putArray("tools");
        all.addAll(ResponsesOptions.tools(tools.definitions()));
        return tools;
    }

    /** Runs the loop and ends the exchange; {@code served} reads what the component wants from the last answer. */
    public static boolean run(Exchange exchange, AsyncCallback callback, LlmCalls calls, String url, ObjectNode req,
                              RequestOptions o, ToolSet tools, ToolOptions options, LlmHeaders h,
                              BiConsumer<Message, LlmHttpResponse> served) {
        return ExchangeToolLoop.run(exchange, callback, calls, o, tools, options, h,
                () -> new ResponsesConversation(calls.client(), url, req, o.streaming()),
                (out, answer, conversation) -> {
                    ResponsesResults.apply(out, answer, o, h);
                    if (conversation.lastResponse() != null) {
                        served.accept(out, conversation.lastResponse());
                    }
                });
    }
}
