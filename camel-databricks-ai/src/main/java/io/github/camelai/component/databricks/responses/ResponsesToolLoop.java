package io.github.camelai.component.databricks.responses;

import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.StreamOutput;
import io.github.camelai.llm.tool.ChatToolLoop;
import io.github.camelai.llm.tool.ToolLoop;
import io.github.camelai.llm.tool.ToolOptions;
import io.github.camelai.llm.tool.ToolSet;
import io.github.camelai.llm.tool.ToolStream;
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
        ChatToolLoop.refuseSse(o);
        calls.begin(exchange); // one measured operation: every round, the tools' routes in between
        ToolLoop loop = new ToolLoop(tools, options.maxIterations(), calls.executor());
        ResponsesConversation conversation = new ResponsesConversation(calls.client(), url, req, o.streaming());
        if (o.streaming() && o.streamOutput() == StreamOutput.iterator) {
            return ToolStream.start(exchange, callback, calls, loop, conversation);
        }
        loop.run(conversation).whenComplete((outcome, error) -> calls.finish(exchange, callback, error, () -> {
            Message out = exchange.getMessage();
            JsonNode answer = outcome.answer();
            ResponsesResults.apply(out, answer, o, h);
            ChatToolLoop.outcome(out, outcome, h);
            if (conversation.lastResponse() != null) {
                served.accept(out, conversation.lastResponse());
            }
        }));
        return false;
    }
}
