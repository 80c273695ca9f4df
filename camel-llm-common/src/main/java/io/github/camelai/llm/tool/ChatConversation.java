package io.github.camelai.llm.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.quota.TokenEstimate;
import io.github.camelai.llm.stream.ChatStreamAccumulator;
import io.github.camelai.llm.stream.ChunkIterator;
import io.github.camelai.llm.stream.SseEventIterator;
import io.github.camelai.llm.stream.StreamEnd;
import io.github.camelai.llm.stream.StreamFold;
import io.github.camelai.llm.support.FirstTokenClock;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmJson;

/**
 * A chat-completions conversation for the tool loop: each round sends the messages so far; a round with tool
 * calls appends the assistant turn with its {@code tool_calls} and one {@code tool} message per call, carrying
 * the call's {@code tool_call_id}.
 */
public final class ChatConversation implements StreamedConversation<ChatCompletionChunk, ChatCompletion> {

    private final LlmHttpClient client;
    private final String url;
    private final Map<String, String> extraHeaders;
    private final ChatCompletionRequest request;
    private final boolean streamed;
    private volatile LlmHttpResponse lastResponse;
    private ChatStreamAccumulator round = new ChatStreamAccumulator();
    private volatile long timeToFirstToken = -1;

    /** {@code streamed}: each round streams on the wire and is folded into the answer a plain call gives. */
    public ChatConversation(LlmHttpClient client, String url, Map<String, String> extraHeaders,
                            ChatCompletionRequest request, boolean streamed) {
        this.client = client;
        this.url = url;
        this.extraHeaders = extraHeaders;
        this.request = request;
        this.streamed = streamed;
        request.setMessages(new ArrayList<>(request.getMessages()));
    }

    @Override
    public CompletableFuture<ChatCompletion> send() {
        if (!streamed) {
            if (!Boolean.FALSE.equals(request.getStream())) {
                // an explicit false stays: a service whose default is to stream needs it said
                request.setStream(null);
            }
            LlmHttpRequest http = LlmCalls.request(url, request, extraHeaders);
            return client.send(http).thenApply(response -> {
                lastResponse = response;
                ChatCompletion answer = LlmJson.read(response.body(), ChatCompletion.class, "the chat completion");
                client.tokensUsed(http, TokenEstimate.used(answer.getUsage()));
                return answer;
            });
        }
        request.setStream(true);
        ChatStreamAccumulator acc = new ChatStreamAccumulator();
        FirstTokenClock clock = new FirstTokenClock();
        LlmHttpRequest http = LlmCalls.request(url, request, extraHeaders);
        return StreamFold.foldChunks(client, http, UnaryOperator.identity(),
                LlmCalls::chatChunk, StreamEnd.DONE_OR_FINISH_REASON, chunk -> {
                    if (chunk.text() != null) {
                        clock.textArrived();
                    }
                    acc.add(chunk);
                }).thenApply(v -> {
            timeToFirstToken = clock.millis();
            ChatCompletion answer = acc.result();
            client.tokensUsed(http, TokenEstimate.used(answer.getUsage()));
            return answer;
        });
    }

    @Override
    public Round<ChatCompletionChunk> open() {
        request.setStream(true);
        SseEventIterator events = new SseEventIterator();
        LlmHttpRequest http = LlmCalls.request(url, request, extraHeaders);
        // what the quota holds for this round: the estimate, then each usage the stream reports (some report a
        // running total in every chunk), so each report corrects only what changed
        LlmHttpRequest[] charged = { http };
        ChunkIterator<ChatCompletionChunk> chunks = new ChunkIterator<>(events, event -> {
            ChatCompletionChunk chunk = LlmCalls.chatChunk(event);
            long used = chunk == null ? -1 : TokenEstimate.used(chunk.getUsage());
            if (used >= 0) {
                client.tokensUsed(charged[0], used);
                charged[0] = charged[0].withEstimatedTokens(used);
            }
            return chunk;
        });
        client.stream(http, events);
        return new Round<>(chunks, events.opened());
    }

    @Override
    public boolean fold(ChatCompletionChunk chunk) {
        round.add(chunk);
        if (chunk.getChoices() == null) {
            return true;
        }
        // the tool calls and their closing chunk are the loop's business; text reaches the reader at once
        return !"tool_calls".equals(chunk.finishReason()) && chunk.getChoices().stream().noneMatch(c -> c.getDelta() != null && c.getDelta().hasToolCalls());
    }

    @Override
    public ChatCompletion roundAnswer() {
        ChatCompletion answer = round.result();
        round = new ChatStreamAccumulator();
        return answer;
    }

    @Override
    public List<ToolCall> toolCalls(ChatCompletion answer) {
        ChatMessage m = answer.firstMessage();
        return m != null && m.hasToolCalls() ? m.getToolCalls() : List.of();
    }

    @Override
    public Usage usage(ChatCompletion answer) {
        return answer.getUsage();
    }

    @Override
    public void append(ChatCompletion answer, List<ToolResult> results) {
        request.getMessages().add(assistantTurn(answer.firstMessage()));
        for (ToolResult r : results) {
            request.getMessages().add(ChatMessage.tool(r.call().getId(), r.output()));
        }
    }

    /**
     * The model's turn as it goes back: its text and its tool calls (id, name, arguments), without reasoning or
     * stream bookkeeping (an index) that some servers refuse in a request.
     */
    static ChatMessage assistantTurn(ChatMessage m) {
        ChatMessage turn = new ChatMessage(ChatMessage.ASSISTANT, m.getContent());
        List<ToolCall> calls = new ArrayList<>();
        for (ToolCall c : m.getToolCalls()) {
            calls.add(ToolCall.function(c.getId(), ToolLoop.name(c),
                    c.getFunction() == null ? null : c.getFunction().getArguments()));
        }
        turn.setToolCalls(calls);
        return turn;
    }

    /** The last buffered answer of a non-streamed conversation (its HTTP headers), else {@code null}. */
    public LlmHttpResponse lastResponse() {
        return lastResponse;
    }

    /** Milliseconds to the first text of the last streamed round; -1 when none. */
    public long timeToFirstToken() {
        return timeToFirstToken;
    }
}
