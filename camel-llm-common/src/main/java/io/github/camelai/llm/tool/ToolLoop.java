package io.github.camelai.llm.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.model.UsageSum;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.ShortText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded tool loop: call the model; while it answers with tool calls, run the tool routes (the calls of one
 * answer concurrently, on the component's worker executor), append its turn and the results to the conversation,
 * and call it again. At most {@code maxIterations} rounds of tool calls run; an answer that still asks for tools
 * after that fails. A tool that fails, or that does not exist, answers {@code error: <message>} and the loop goes
 * on: the model can recover, which is what a human would want it to do.
 */
public final class ToolLoop {

    /** One conversation with the model in the shape of one API (chat messages, Responses items...). */
    public interface Conversation<A> {

        /** Sends the conversation as it stands; completes with the whole answer. */
        CompletableFuture<A> send();

        /** The tool calls of an answer; empty when it is final. */
        List<ToolCall> toolCalls(A answer);

        /** What the answer cost; {@code null} when not reported. */
        Usage usage(A answer);

        /** Adds the model's turn and the tools' results, in the model's order, to the conversation. */
        void append(A answer, List<ToolResult> results);
    }

    /** The final answer, the usage of all rounds, and how many rounds of tool calls ran. */
    public record Outcome<A>(A answer, Usage usage, int iterations) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ToolLoop.class);

    private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {
    };

    private final ToolSet tools;
    private final int maxIterations;
    private final Executor executor;

    public ToolLoop(ToolSet tools, int maxIterations, Executor executor) {
        this.tools = tools;
        this.maxIterations = maxIterations;
        this.executor = executor;
    }

    /** Runs the loop; the future completes on the executor, never on an HTTP I/O thread. */
    public <A> CompletableFuture<Outcome<A>> run(Conversation<A> conversation) {
        CompletableFuture<Outcome<A>> done = new CompletableFuture<>();
        round(conversation, 0, new UsageSum(), done);
        return done;
    }

    private <A> void round(Conversation<A> c, int iterations, UsageSum usage, CompletableFuture<Outcome<A>> done) {
        CompletableFuture<A> sent;
        try {
            sent = c.send();
        } catch (Throwable t) {
            done.completeExceptionally(t);
            return;
        }
        sent.whenCompleteAsync((answer, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            try {
                usage.add(c.usage(answer));
                List<ToolCall> calls = c.toolCalls(answer);
                if (!runs(calls)) {
                    done.complete(new Outcome<>(answer, usage.total(), iterations));
                    return;
                }
                checkLimit(calls, iterations);
                runTools(calls).whenComplete((results, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                        return;
                    }
                    try {
                        c.append(answer, results);
                    } catch (Throwable t) {
                        done.completeExceptionally(t);
                        return;
                    }
                    round(c, iterations + 1, usage, done);
                });
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, executor);
    }

    /**
     * Whether the loop runs these calls: not when there are none, and not when the model called one of the
     * caller's own tools (the answer then goes to the route, as without the loop: the caller runs those).
     */
    public boolean runs(List<ToolCall> calls) {
        return !calls.isEmpty() && calls.stream().noneMatch(call -> tools.isCallers(name(call)));
    }

    /** Fails when {@code iterations} rounds of tool calls already ran and the model asks for more. */
    public void checkLimit(List<ToolCall> calls, int iterations) {
        if (iterations >= maxIterations) {
            throw new ToolIterationsExceededException(maxIterations,
                    calls.stream().map(ToolLoop::name).distinct().collect(Collectors.joining(", ")));
        }
    }

    /** Runs the calls of one answer concurrently; the results come back in the calls' order. */
    public CompletableFuture<List<ToolResult>> runTools(List<ToolCall> calls) {
        List<CompletableFuture<ToolResult>> futures = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            // each call starts on its own executor task, so a tool route that blocks does not hold up the others
            futures.add(CompletableFuture.supplyAsync(() -> runOne(call), executor).thenCompose(f -> f));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Runs the calls of one answer for a thread that blocks until their results are in (the reader of a streamed
     * tool loop, itself often a worker of the executor). The calls go to the executor as usual; those no worker
     * has started within {@code helpAfterMillis} the waiting thread runs itself. On a bounded worker pool whose
     * workers all wait like this, a call queued behind them would otherwise never run.
     */
    public List<ToolResult> runToolsWaiting(List<ToolCall> calls, long helpAfterMillis) {
        List<CompletableFuture<ToolResult>> futures = new ArrayList<>(calls.size());
        List<Runnable> tasks = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            CompletableFuture<CompletableFuture<ToolResult>> started = new CompletableFuture<>();
            AtomicBoolean taken = new AtomicBoolean();
            Runnable task = () -> {
                if (taken.compareAndSet(false, true)) {
                    try {
                        started.complete(runOne(call));
                    } catch (Throwable t) {
                        started.completeExceptionally(t);
                    }
                }
            };
            tasks.add(task);
            futures.add(started.thenCompose(f -> f));
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // run below, by the waiting thread
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        try {
            all.get(helpAfterMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            tasks.forEach(Runnable::run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // each result carries its own error
        }
        try {
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (java.util.concurrent.CompletionException e) {
            // a call that could not run at all fails the reader with its own exception
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private CompletableFuture<ToolResult> runOne(ToolCall call) {
        String name = name(call);
        LlmTool tool = name == null ? null : tools.get(name);
        if (tool == null) {
            return CompletableFuture.completedFuture(new ToolResult(call, "error: there is no tool named '" + name
                                                                          + "'; the tools are "
                                                                          + String.join(", ", tools.names())));
        }
        Map<String, Object> arguments;
        try {
            arguments = arguments(call);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new ToolResult(call, ToolResult.error(e)));
        }
        try {
            return tool.invoke(call.getId(), arguments).handle((output, error) -> failedOrNot(call, name, output, error));
        } catch (Throwable t) {
            try {
                return CompletableFuture.completedFuture(failedOrNot(call, name, null, t));
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    /**
     * A tool's answer, or its failure as the model's answer, logged here once at WARN: the loop recovers from it
     * (the model reads the error and carries on), so it is no route error. A call that could not run at all (the
     * context is stopping) throws instead: that failure is ours, and fails the exchange.
     */
    private static ToolResult failedOrNot(ToolCall call, String name, String output, Throwable error) {
        if (error == null) {
            return new ToolResult(call, output);
        }
        if (ToolResult.refusedToRun(error)) {
            throw refused(name, error);
        }
        String answer = ToolResult.error(error);
        LOG.warn("The tool '{}' failed (call {}); the model is told: {}", name, call.getId(), answer);
        return new ToolResult(call, answer);
    }

    /** A tool call that could not run: the exchange fails with this, the model is not asked about it. */
    private static RejectedExecutionException refused(String tool, Throwable cause) {
        RejectedExecutionException e = new RejectedExecutionException("The tool '" + tool + "' could not run: its route "
                                                                       + "refused the call (is the Camel context stopping?)",
                cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null ? cause.getCause() : cause);
        return e;
    }

    /** The call's arguments as a Map: missing or empty arguments are no arguments. */
    static Map<String, Object> arguments(ToolCall call) {
        String text = call.getFunction() == null ? null : call.getFunction().getArguments();
        if (text == null || text.isBlank()) {
            return new java.util.LinkedHashMap<>();
        }
        JsonNode node;
        try {
            node = LlmJson.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("the arguments are not valid JSON: " + ShortText.abbreviate(text, 200));
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the arguments must be a JSON object, not: " + ShortText.abbreviate(text, 200));
        }
        return LlmJson.MAPPER.convertValue(node, ARGUMENTS);
    }

    static String name(ToolCall call) {
        return call.getFunction() == null ? null : call.getFunction().getName();
    }
}
