package io.github.camelai.llm.tool;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.model.UsageSum;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop over a scripted model: bounds, concurrency, order, errors, usage. */
class ToolLoopTest {

    /** A model that answers from a script; each answer is a list of calls (empty = final) and its usage. */
    static final class Script implements ToolLoop.Conversation<List<ToolCall>> {
        final Deque<List<ToolCall>> answers = new ConcurrentLinkedDeque<>();
        final List<List<ToolResult>> appended = new ArrayList<>();
        int sent;

        Script answer(ToolCall... calls) {
            answers.add(List.of(calls));
            return this;
        }

        @Override
        public CompletableFuture<List<ToolCall>> send() {
            sent++;
            List<ToolCall> next = answers.size() > 1 ? answers.poll() : answers.peek();
            return CompletableFuture.completedFuture(next);
        }

        @Override
        public List<ToolCall> toolCalls(List<ToolCall> answer) {
            return answer;
        }

        @Override
        public Usage usage(List<ToolCall> answer) {
            Usage u = new Usage();
            u.setPromptTokens(10);
            u.setCompletionTokens(answer.size());
            u.setTotalTokens(10 + answer.size());
            return u;
        }

        @Override
        public void append(List<ToolCall> answer, List<ToolResult> results) {
            appended.add(results);
        }
    }

    private ExecutorService executor;
    private CamelContext context;
    private LlmToolRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        executor = Executors.newCachedThreadPool();
        context = new DefaultCamelContext();
        context.start();
        registry = LlmToolRegistry.of(context);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        context.stop();
    }

    private void tool(String name, LlmTool.Invoker invoker) {
        registry.add(new LlmTool(name, "d", io.github.camelai.llm.support.LlmJson.MAPPER.createObjectNode(), Set.of("t"),
                invoker));
    }

    private ToolLoop loop(int max, String... callerTools) {
        return new ToolLoop(ToolSet.select(context, new ToolOptions(Set.of("t"), max, true), List.of(callerTools)), max,
                executor);
    }

    private static ToolCall call(String id, String name, String args) {
        return ToolCall.function(id, name, args);
    }

    private static List<String> outputs(List<ToolResult> results) {
        return results.stream().map(ToolResult::output).toList();
    }

    @Test
    void callsOfOneAnswerRunConcurrentlyAndAnswerInTheModelsOrder() throws Exception {
        // each tool waits until all three have started: run one after another, they would time out
        CountDownLatch allStarted = new CountDownLatch(3);
        LlmTool.Invoker waiting = (id, args) -> {
            allStarted.countDown();
            try {
                boolean together = allStarted.await(20, TimeUnit.SECONDS);
                return CompletableFuture.completedFuture(together ? id + ":" + args.get("n") : "not concurrent");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        tool("a", waiting);
        tool("b", waiting);
        Script model = new Script().answer(call("1", "a", "{\"n\":1}"), call("2", "b", "{\"n\":2}"),
                call("3", "a", "{\"n\":3}")).answer();

        ToolLoop.Outcome<List<ToolCall>> outcome = loop(10).run(model).get(30, TimeUnit.SECONDS);

        assertEquals(List.of("1:1", "2:2", "3:3"), outputs(model.appended.get(0)));
        assertEquals(List.of("1", "2", "3"), model.appended.get(0).stream().map(r -> r.call().getId()).toList());
        assertEquals(1, outcome.iterations());
        assertEquals(2, model.sent);
        assertEquals(20, outcome.usage().getPromptTokens());
        assertEquals(3, outcome.usage().getCompletionTokens());
        assertEquals(23, outcome.usage().getTotalTokens());
    }

    @Test
    void aReaderWaitingForToolsRunsThoseNoWorkerTakesUp() {
        // a worker pool whose workers are all busy (or all waiting, as readers of streamed tool loops): nothing runs
        Executor saturated = task -> {
        };
        tool("a", (id, args) -> CompletableFuture.completedFuture(id + " on " + Thread.currentThread().getName()));
        ToolLoop loop = new ToolLoop(ToolSet.select(context, new ToolOptions(Set.of("t"), 10, true), List.of()), 10,
                saturated);
        String me = Thread.currentThread().getName();

        List<ToolResult> results = loop.runToolsWaiting(List.of(call("1", "a", "{}"), call("2", "a", "{}")), 10);

        assertEquals(List.of("1 on " + me, "2 on " + me), outputs(results));
    }

    @Test
    void failuresUnknownToolsAndBadArgumentsAnswerWithAnError() throws Exception {
        tool("fails", (id, args) -> CompletableFuture.failedFuture(new IllegalStateException("the API is down")));
        tool("throws", (id, args) -> {
            throw new IllegalArgumentException("bad city");
        });
        tool("echo", (id, args) -> CompletableFuture.completedFuture(args.toString()));
        Script model = new Script().answer(call("1", "fails", "{}"), call("2", "throws", "{}"), call("3", "nope", "{}"),
                call("4", "echo", "not json"), call("5", "echo", "[1]"), call("6", "echo", ""), call("7", "echo", null))
                .answer();

        ToolLoop.Outcome<List<ToolCall>> outcome = loop(10).run(model).get(30, TimeUnit.SECONDS);

        assertEquals(List.of("error: the API is down", "error: bad city",
                "error: there is no tool named 'nope'; the tools are echo, fails, throws",
                "error: the arguments are not valid JSON: not json", "error: the arguments must be a JSON object, not: [1]",
                "{}", "{}"), outputs(model.appended.get(0)));
        assertEquals(1, outcome.iterations());
    }

    @Test
    void aToolCallRefusedBecauseTheContextIsStoppingFailsTheLoop() {
        // what a tool route answers while the context stops: no route ran, and the model must not be asked about it
        tool("stopping", (id, args) -> CompletableFuture.failedFuture(new java.util.concurrent.RejectedExecutionException()));
        tool("echo", (id, args) -> CompletableFuture.completedFuture("ok"));
        Script model = new Script().answer(call("1", "echo", "{}"), call("2", "stopping", "{}")).answer();

        ExecutionException e = assertThrows(ExecutionException.class, () -> loop(10).run(model).get(30, TimeUnit.SECONDS));

        java.util.concurrent.RejectedExecutionException refused
                = assertInstanceOf(java.util.concurrent.RejectedExecutionException.class, unwrap(e));
        assertEquals("The tool 'stopping' could not run: its route refused the call (is the Camel context stopping?)",
                refused.getMessage());
        assertTrue(model.appended.isEmpty(), "no tool result went back to the model");
        assertEquals(1, model.sent);
    }

    @Test
    void aReaderWaitingForAToolRefusedToRunFailsToo() {
        tool("stopping", (id, args) -> {
            throw new java.util.concurrent.RejectedExecutionException("stopping");
        });
        ToolLoop loop = new ToolLoop(ToolSet.select(context, new ToolOptions(Set.of("t"), 10, true), List.of()), 10,
                executor);

        assertThrows(java.util.concurrent.RejectedExecutionException.class,
                () -> loop.runToolsWaiting(List.of(call("1", "stopping", "{}")), 1000));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
               && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void anAnswerStillAskingForToolsAfterTheLimitFails() {
        tool("echo", (id, args) -> CompletableFuture.completedFuture("ok"));
        Script model = new Script().answer(call("1", "echo", "{}")); // asks forever

        ExecutionException e = assertThrows(ExecutionException.class, () -> loop(3).run(model).get(30, TimeUnit.SECONDS));

        ToolIterationsExceededException limit = assertInstanceOf(ToolIterationsExceededException.class, e.getCause());
        assertEquals(3, limit.getLimit());
        assertTrue(limit.getMessage().contains("after maxToolIterations=3 rounds"), limit.getMessage());
        assertTrue(limit.getMessage().contains("(echo)"), limit.getMessage());
        assertEquals(4, model.sent); // 3 rounds of tools, then the 4th answer still asks
        assertEquals(3, model.appended.size());
    }

    @Test
    void zeroIterationsOffersToolsButNeverRunsThem() {
        tool("echo", (id, args) -> CompletableFuture.completedFuture("ok"));
        Script model = new Script().answer(call("1", "echo", "{}"));

        ExecutionException e = assertThrows(ExecutionException.class, () -> loop(0).run(model).get(30, TimeUnit.SECONDS));

        assertInstanceOf(ToolIterationsExceededException.class, e.getCause());
        assertTrue(model.appended.isEmpty());
    }

    @Test
    void aCallOfTheCallersOwnToolEndsTheLoopWithThatAnswer() throws Exception {
        tool("echo", (id, args) -> CompletableFuture.completedFuture("ok"));
        Script model = new Script().answer(call("1", "echo", "{}")).answer(call("2", "mine", "{}"), call("3", "echo", "{}"));

        ToolLoop.Outcome<List<ToolCall>> outcome = loop(10, "mine").run(model).get(30, TimeUnit.SECONDS);

        assertEquals(List.of("2", "3"), outcome.answer().stream().map(ToolCall::getId).toList());
        assertEquals(1, outcome.iterations());
        assertEquals(1, model.appended.size());
    }

    @Test
    void aModelThatAnswersAtOnceRunsNoTool() throws Exception {
        Script model = new Script().answer();
        tool("echo", (id, args) -> CompletableFuture.completedFuture("ok"));

        ToolLoop.Outcome<List<ToolCall>> outcome = loop(10).run(model).get(30, TimeUnit.SECONDS);

        assertEquals(0, outcome.iterations());
        assertTrue(model.appended.isEmpty());
    }

    @Test
    void toolTagsMatchingNoToolAndNameClashesAreRefused() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ToolSet.select(context, new ToolOptions(Set.of("t"), 10, true), List.of()));
        assertEquals("toolTags=t matches no running llm-tool route; no llm-tool route is running", none.getMessage());
        tool("echo", (id, args) -> CompletableFuture.completedFuture("ok"));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> ToolSet.select(context, new ToolOptions(Set.of("x"), 10, true), List.of()));
        assertEquals("toolTags=x matches no running llm-tool route; the running tools are echo [t]", other.getMessage());
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> ToolSet.select(context, new ToolOptions(Set.of("t"), 10, true), List.of("echo")));
        assertTrue(clash.getMessage().contains("Tool echo is both"), clash.getMessage());
    }

    @Test
    void usageNoRoundReportedStaysUnknown() {
        UsageSum sum = new UsageSum();
        sum.add(null);
        assertNull(sum.total());
        assertEquals(Map.of(), ToolLoop.arguments(ToolCall.function("1", "x", " ")));
    }
}
