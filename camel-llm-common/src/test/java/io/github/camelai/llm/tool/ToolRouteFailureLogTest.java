package io.github.camelai.llm.tool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tool route that fails, and that the loop recovers from (the model reads the error), is logged once, at WARN, by
 * the loop, naming the tool; not at ERROR by the route's default error handler. A route with an error handler of
 * its own keeps it.
 */
class ToolRouteFailureLogTest {

    private CamelContext context;
    private ExecutorService executor;

    @BeforeEach
    void start() throws Exception {
        executor = Executors.newCachedThreadPool();
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:lookupOrder?description=Looks up an order&tags=t")
                        .throwException(new IllegalStateException("the order database is down"));
                from("llm-tool:ownHandler?description=Has its own error handler&tags=own")
                        .errorHandler(defaultErrorHandler().logExhaustedMessageBody(false))
                        .throwException(new IllegalStateException("own handler failure"));
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        executor.shutdownNow();
    }

    private String runCapturingLog(String tag, String tool) throws Exception {
        ToolLoopTest.Script model = new ToolLoopTest.Script()
                .answer(ToolCall.function("call-1", tool, "{}")).answer();
        ToolLoop loop = new ToolLoop(ToolSet.select(context, new ToolOptions(Set.of(tag), 5, true), List.of()), 5, executor);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            loop.run(model).get(30, TimeUnit.SECONDS);
        } finally {
            System.setErr(original);
        }
        assertEquals(1, model.appended.size(), "the model was told and the loop went on");
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFailureTheLoopRecoversFromIsOneWarningNamingTheTool() throws Exception {
        String log = runCapturingLog("t", "lookupOrder");

        assertFalse(log.contains("ERROR"), log);
        assertFalse(log.contains("Failed delivery"), log);
        List<String> warnings = log.lines().filter(l -> l.contains("WARN")).toList();
        assertEquals(1, warnings.size(), log);
        assertTrue(warnings.get(0).contains("The tool 'lookupOrder' failed (call call-1); the model is told: error: the order "
                                           + "database is down"), log);
    }

    @Test
    void aToolRouteWithItsOwnErrorHandlerKeepsIt() throws Exception {
        String log = runCapturingLog("own", "ownHandler");

        assertTrue(log.contains("ERROR") && log.contains("Failed delivery"), log);
    }
}
