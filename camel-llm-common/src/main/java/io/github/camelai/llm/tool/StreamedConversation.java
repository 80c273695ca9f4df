package io.github.camelai.llm.tool;

import java.util.concurrent.CompletableFuture;

import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.stream.ChunkIterator;

/**
 * A conversation whose rounds the route reads as one stream of chunks ({@code streamOutput=iterator}): the
 * chunks of every round are folded into that round's answer, and those that carry text reach the reader.
 */
public interface StreamedConversation<T extends StreamChunk, A> extends ToolLoop.Conversation<A> {

    /** A round's chunks and the moment its answer started (a 2xx status; errors before that fail it). */
    record Round<T extends StreamChunk>(ChunkIterator<T> chunks, CompletableFuture<Void> opened) {
    }

    /** Sends the conversation as it stands, streamed. */
    Round<T> open();

    /** Folds a chunk into the answer of the round being read; returns whether the reader sees it now. */
    boolean fold(T chunk);

    /** The folded answer of the round just read; the next round starts a new fold. */
    A roundAnswer();
}
