package io.github.camelai.llm.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.http.StreamControl;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.Completion;
import io.github.camelai.llm.model.ToolCall;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ChunkIterator, ToolCalls and ChatStreamAccumulator fed from an SseEventIterator, without a network. */
class StreamFoldingTest {

    /** A StreamControl that records what the reader did. */
    static final class FakeControl implements StreamControl {
        final AtomicInteger released = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public void release(int bytes) {
            released.addAndGet(bytes);
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    private static String q(String s) {
        return s.replace('\'', '"');
    }

    /** An iterator that has received {@code sse} in pieces of 7 bytes, then the end. */
    static SseEventIterator fed(FakeControl control, String sse, boolean complete) {
        SseEventIterator events = new SseEventIterator();
        events.onOpen(200, name -> null, control);
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            events.onData(ByteBuffer.wrap(bytes, i, Math.min(7, bytes.length - i)));
        }
        if (complete) {
            events.onComplete();
        }
        return events;
    }

    private static String sse(String... data) {
        StringBuilder sb = new StringBuilder();
        for (String d : data) {
            sb.append("data: ").append(q(d)).append("\n\n");
        }
        return sb.toString();
    }

    private static List<ChatCompletionChunk> chatChunks(String sse) {
        ChunkIterator<ChatCompletionChunk> it = new ChunkIterator<>(fed(new FakeControl(), sse, true), LlmCalls::chatChunk);
        List<ChatCompletionChunk> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void cumulativeUsageOnEveryChunkIsReportedOnceOnTheLast() {
        List<ChatCompletionChunk> chunks = chatChunks(sse(
                "{'choices':[{'index':0,'delta':{'role':'assistant','content':'A'}}],'usage':{'prompt_tokens':5,'completion_tokens':1,'total_tokens':6}}",
                "{'choices':[{'index':0,'delta':{'content':'B'}}],'usage':{'prompt_tokens':5,'completion_tokens':2,'total_tokens':7}}",
                "{'choices':[{'index':0,'delta':{},'finish_reason':'stop'}],'usage':{'prompt_tokens':5,'completion_tokens':3,'total_tokens':8}}",
                "[DONE]"));
        assertEquals(3, chunks.size());
        assertNull(chunks.get(0).getUsage());
        assertNull(chunks.get(1).getUsage());
        assertEquals(8, chunks.get(2).getUsage().getTotalTokens());
        assertEquals(3, chunks.get(2).getUsage().getCompletionTokens());
        assertEquals("stop", chunks.get(2).finishReason());
        assertEquals("A", chunks.get(0).text());
        assertEquals("B", chunks.get(1).text());
    }

    @Test
    void finalUsageOnlyChunkGoesOnTheLastRealChunk() {
        List<ChatCompletionChunk> chunks = chatChunks(sse(
                "{'choices':[{'index':0,'delta':{'content':'Hel'}}]}",
                "{'choices':[{'index':0,'delta':{'content':'lo'},'finish_reason':'stop'}]}",
                "{'choices':[],'usage':{'prompt_tokens':2,'completion_tokens':2,'total_tokens':4,'reasoning_tokens':1}}",
                "[DONE]"));
        assertEquals(2, chunks.size());
        assertNull(chunks.get(0).getUsage());
        assertEquals(4, chunks.get(1).getUsage().getTotalTokens());
        assertEquals(1, chunks.get(1).getUsage().reasoningTokens());
        assertEquals("lo", chunks.get(1).text());
    }

    @Test
    void aBrokenStreamHandsOverEveryIntactChunkBeforeFailing() {
        SseEventIterator events = fed(new FakeControl(), sse(
                "{'choices':[{'index':0,'delta':{'content':'A'}}]}",
                "{'choices':[{'index':0,'delta':{'content':'B'}}]}"), false);
        events.onError(new java.io.IOException("connection reset"));
        ChunkIterator<ChatCompletionChunk> it = new ChunkIterator<>(events, LlmCalls::chatChunk);
        List<String> texts = new ArrayList<>();
        RuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> it.forEachRemaining(c -> texts.add(c.text())));
        // the chunk held back for look-ahead is not lost with the stream
        assertEquals(List.of("A", "B"), texts);
        org.junit.jupiter.api.Assertions.assertTrue(failure.getMessage().contains("connection reset"), failure.getMessage());
        org.junit.jupiter.api.Assertions.assertFalse(it.hasNext());
    }

    @Test
    void aChunkIsHandedOverWhenItArrivesNotWhenTheNextOneDoes() throws Exception {
        FakeControl control = new FakeControl();
        // one chunk on the wire and nothing after it yet: the reader must get it now, not after the next token
        ChunkIterator<ChatCompletionChunk> it = new ChunkIterator<>(fed(control,
                sse("{'choices':[{'index':0,'delta':{'content':'first'}}]}"), false), LlmCalls::chatChunk);
        try {
            java.util.concurrent.CompletableFuture<String> read = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> it.next().text());
            assertEquals("first", read.get(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            it.close();
        }
    }

    @Test
    void multipleChoicesKeepTheirOrderAndTheUsageGoesOnTheLastToEnd() {
        List<ChatCompletionChunk> chunks = chatChunks(sse(
                "{'choices':[{'index':0,'delta':{'content':'a'}}]}",
                "{'choices':[{'index':0,'delta':{},'finish_reason':'stop'}]}",
                "{'choices':[{'index':1,'delta':{'content':'b'}}]}",
                "{'choices':[{'index':1,'delta':{},'finish_reason':'length'}]}",
                "{'choices':[],'usage':{'prompt_tokens':2,'completion_tokens':2,'total_tokens':4}}",
                "[DONE]"));
        assertEquals(4, chunks.size());
        assertEquals("a", chunks.get(0).text());
        assertEquals("stop", chunks.get(1).finishReason());
        assertNull(chunks.get(1).getUsage());
        assertEquals("b", chunks.get(2).text());
        assertEquals("length", chunks.get(3).finishReason());
        assertEquals(4, chunks.get(3).getUsage().getTotalTokens());
    }

    @Test
    void usageWithoutAFinishReasonEndsTheStreamOnItsOwnChunk() {
        List<ChatCompletionChunk> chunks = chatChunks(sse(
                "{'choices':[{'index':0,'delta':{'content':'x'}}]}",
                "{'choices':[],'usage':{'prompt_tokens':1,'completion_tokens':1,'total_tokens':2}}",
                "[DONE]"));
        assertEquals(2, chunks.size());
        assertNull(chunks.get(0).getUsage());
        assertFalse(chunks.get(1).hasChoices());
        assertEquals(2, chunks.get(1).getUsage().getTotalTokens());
    }

    @Test
    void anEmptyClosingChunkWithoutUsageIsDropped() {
        List<ChatCompletionChunk> chunks = chatChunks(sse("{'choices':[{'delta':{'content':'x'}}]}", "{'choices':[]}",
                "[DONE]"));
        assertEquals(1, chunks.size());
        assertEquals("x", chunks.get(0).text());
    }

    @Test
    void withoutUsageNothingIsInvented() {
        List<ChatCompletionChunk> chunks = chatChunks(sse("{'choices':[{'delta':{'content':'x'}}]}",
                "{'choices':[{'delta':{'content':'y'}}]}", "[DONE]"));
        assertEquals(2, chunks.size());
        assertTrue(chunks.stream().allMatch(c -> c.getUsage() == null));
    }

    @Test
    void completionChunksToo() {
        ChunkIterator<Completion> it = new ChunkIterator<>(fed(new FakeControl(), sse(
                "{'choices':[{'index':0,'text':'Once'}],'usage':{'total_tokens':1}}",
                "{'choices':[{'index':0,'text':' upon','finish_reason':'length'}],'usage':{'total_tokens':2}}",
                "[DONE]"), true), e -> LlmCalls.parse(e, Completion.class));
        Completion first = it.next();
        Completion second = it.next();
        assertFalse(it.hasNext());
        assertEquals("Once", first.text());
        assertNull(first.getUsage());
        assertEquals(2, second.getUsage().getTotalTokens());
        assertEquals("length", second.finishReason());
    }

    @Test
    void closingTheChunkIteratorCancelsTheCall() {
        FakeControl control = new FakeControl();
        ChunkIterator<ChatCompletionChunk> it = new ChunkIterator<>(fed(control,
                sse("{'choices':[{'delta':{'content':'a'}}]}", "{'choices':[{'delta':{'content':'b'}}]}",
                        "{'choices':[{'delta':{'content':'c'}}]}"), false), LlmCalls::chatChunk);
        assertEquals("a", it.next().text());
        it.close();
        assertEquals(1, control.cancels.get());
        assertFalse(it.hasNext());
    }

    @Test
    void closingFromAnotherThreadWakesABlockedReader() throws Exception {
        FakeControl control = new FakeControl();
        SseEventIterator events = fed(control, "", false);
        java.util.concurrent.CompletableFuture<Boolean> result = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> result.complete(events.hasNext()), "blocked-reader");
        reader.setDaemon(true);
        reader.start();
        // close once the reader is parked in hasNext(), not after a guessed pause
        while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TIMED_WAITING
               && !result.isDone()) {
            Thread.onSpinWait();
        }
        events.close();
        assertFalse(result.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, control.cancels.get());
    }

    @Test
    void bytesAreReleasedAsTheReaderTakesEvents() {
        FakeControl control = new FakeControl();
        String sse = sse("{'n':1}", "{'n':2}");
        SseEventIterator events = fed(control, sse, true);
        int before = control.released.get();
        assertTrue(before < sse.length(), "nothing taken yet, yet all bytes were released");
        while (events.hasNext()) {
            events.next();
        }
        assertEquals(sse.length(), control.released.get(), "every byte released once the reader took everything");
    }

    @Test
    void anErrorEventFailsTheIterator() {
        ChunkIterator<ChatCompletionChunk> it = new ChunkIterator<>(fed(new FakeControl(),
                "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\nevent: error\ndata: {\"message\":\"overloaded\"}\n\n",
                true), LlmCalls::chatChunk);
        LlmException e = assertThrows(LlmException.class, () -> {
            while (it.hasNext()) {
                it.next();
            }
        });
        assertTrue(e.getMessage().contains("overloaded"), e.getMessage());
    }

    @Test
    void aStreamThatBreaksSaysHowMuchArrived() {
        FakeControl control = new FakeControl();
        String sse = sse("{'n':1}") + "data: {\"n\"";
        SseEventIterator events = fed(control, sse, false);
        events.onError(new java.io.IOException("Connection reset"));
        assertEquals("{\"n\":1}", events.next().data());
        LlmStreamException e = assertThrows(LlmStreamException.class, events::hasNext);
        assertEquals("Stream broke after receiving " + sse.length() + " bytes and 1 event: Connection reset",
                e.getMessage());
    }

    @Test
    void normalizeMergesDeltasWithTheSameIndexKeepingTheFirstId() {
        ChatCompletionChunk chunk = LlmCalls.chatChunk(new SseEvent(null, q("""
                {'choices':[{'index':0,'delta':{'tool_calls':[
                  {'index':0,'id':'call_a','type':'function','function':{'name':'get_weather','arguments':'{\\'ci'}},
                  {'index':0,'id':'call_b','function':{'arguments':'ty\\':\\'Paris\\'}'}},
                  {'index':1,'id':'call_c','type':'function','function':{'name':'get_time','arguments':'{}'}}]}}]}
                """), null));
        List<ToolCall> calls = chunk.getChoices().get(0).getDelta().getToolCalls();
        assertEquals(2, calls.size());
        assertEquals("call_a", calls.get(0).getId());
        assertEquals(0, calls.get(0).getIndex());
        assertEquals("get_weather", calls.get(0).getFunction().getName());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).getFunction().getArguments());
        assertEquals("call_c", calls.get(1).getId());
        assertEquals(1, calls.get(1).getIndex());
        assertEquals("get_time", calls.get(1).getFunction().getName());
    }

    @Test
    void normalizeLeavesDistinctIndexesAlone() {
        ChatCompletionChunk chunk = LlmCalls.chatChunk(new SseEvent(null, q("""
                {'choices':[{'delta':{'tool_calls':[{'index':0,'id':'a','function':{'name':'f','arguments':''}},
                                                    {'index':1,'id':'b','function':{'name':'g','arguments':''}}]}}]}
                """), null));
        List<ToolCall> calls = chunk.getChoices().get(0).getDelta().getToolCalls();
        assertEquals(List.of("a", "b"), calls.stream().map(ToolCall::getId).toList());
    }

    @Test
    void accumulatorFoldsTextReasoningToolCallsAndChoices() throws Exception {
        ChatStreamAccumulator acc = new ChatStreamAccumulator();
        String[] chunks = {
            "{'id':'chatcmpl-9','model':'m1','created':77,'choices':[{'index':0,'delta':{'role':'assistant','reasoning_content':'Let me '}},"
                    + "{'index':1,'delta':{'role':'assistant','content':'Second'}}]}",
            "{'id':'chatcmpl-9','choices':[{'index':0,'delta':{'reasoning_content':'think.'}}]}",
            "{'choices':[{'index':0,'delta':{'content':'Calling '}}]}",
            "{'choices':[{'index':0,'delta':{'content':'tools.','tool_calls':[{'index':1,'id':'call_2','type':'function','function':{'name':'g','arguments':'{\\'b\\''}}]}}]}",
            "{'choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'call_1','type':'function','function':{'name':'f','arguments':''}}]}}]}",
            "{'choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'function':{'arguments':'{\\'a\\':1}'}},{'index':1,'function':{'arguments':':2}'}}]}}]}",
            "{'choices':[{'index':1,'delta':{'content':' answer'},'finish_reason':'length'}]}",
            "{'choices':[{'index':0,'delta':{},'finish_reason':'tool_calls'}]}",
            "{'choices':[],'usage':{'prompt_tokens':3,'completion_tokens':9,'total_tokens':12}}"
        };
        for (String c : chunks) {
            acc.add(LlmJson.MAPPER.readValue(q(c), ChatCompletionChunk.class));
        }
        assertEquals(9, acc.chunkCount());
        ChatCompletion result = acc.result();
        assertEquals("chatcmpl-9", result.getId());
        assertEquals("m1", result.getModel());
        assertEquals(77L, result.getCreated());
        assertEquals("chat.completion", result.getObject());
        assertEquals(12, result.getUsage().getTotalTokens());
        assertEquals(2, result.getChoices().size());

        ChatMessage first = result.getChoices().get(0).getMessage();
        assertEquals("assistant", first.getRole());
        assertEquals("Calling tools.", first.text());
        assertEquals("Let me think.", first.reasoningText());
        assertEquals("tool_calls", result.getChoices().get(0).getFinishReason());
        List<ToolCall> calls = first.getToolCalls();
        assertEquals(2, calls.size());
        assertEquals("call_1", calls.get(0).getId());
        assertEquals("f", calls.get(0).getFunction().getName());
        assertEquals("{\"a\":1}", calls.get(0).getFunction().getArguments());
        assertEquals("call_2", calls.get(1).getId());
        assertEquals("g", calls.get(1).getFunction().getName());
        assertEquals("{\"b\":2}", calls.get(1).getFunction().getArguments());

        ChatMessage second = result.getChoices().get(1).getMessage();
        assertEquals(1, result.getChoices().get(1).getIndex());
        assertEquals("Second answer", second.text());
        assertNull(second.reasoningText());
        assertEquals("length", result.getChoices().get(1).getFinishReason());
        assertEquals("tool_calls", result.finishReason());

        // the folded result is what a non-streamed call returns, on the wire too
        assertEquals(LlmJson.MAPPER.readTree(q("""
                {'id':'chatcmpl-9','object':'chat.completion','created':77,'model':'m1',
                 'choices':[{'index':0,'finish_reason':'tool_calls','message':{'role':'assistant','content':'Calling tools.',
                    'reasoning_content':'Let me think.','tool_calls':[
                      {'id':'call_1','type':'function','function':{'name':'f','arguments':'{\\'a\\':1}'}},
                      {'id':'call_2','type':'function','function':{'name':'g','arguments':'{\\'b\\':2}'}}]}},
                   {'index':1,'finish_reason':'length','message':{'role':'assistant','content':'Second answer'}}],
                 'usage':{'prompt_tokens':3,'completion_tokens':9,'total_tokens':12}}
                """)), LlmJson.MAPPER.readTree(LlmJson.write(result)));
    }

    @Test
    void accumulatorReadsReasoningPartsAndLeavesContentNullWithoutText() throws Exception {
        ChatStreamAccumulator acc = new ChatStreamAccumulator();
        acc.add(LlmJson.MAPPER.readValue(q("{'choices':[{'delta':{'content':[{'type':'reasoning','summary':"
                                           + "[{'type':'summary_text','text':'hmm'}]}]}}]}"), ChatCompletionChunk.class));
        acc.add(LlmJson.MAPPER.readValue(q("{'choices':[{'delta':{'tool_calls':[{'index':0,'id':'c','function':"
                                           + "{'name':'f','arguments':'{}'}}]},'finish_reason':'tool_calls'}]}"),
                ChatCompletionChunk.class));
        ChatMessage m = acc.result().firstMessage();
        assertNull(m.getContent(), "no text arrived: content stays null, as in a non-streamed tool call answer");
        assertEquals("hmm", m.reasoningText());
        assertEquals("assistant", m.getRole());
        assertEquals(1, m.getToolCalls().size());
        assertInstanceOf(ToolCall.class, m.getToolCalls().get(0));
    }
}
