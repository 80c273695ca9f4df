package io.github.camelai.llm.sse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Incremental decoder for a {@code text/event-stream} body, following the WHATWG "Server-sent events"
 * parsing rules.
 * <p>
 * Bytes may be fed in chunks of any size, split at any position: a line terminator, a CRLF pair or a
 * multi-byte UTF-8 character may straddle two {@code feed} calls and the decoded events are the same as if
 * the whole stream had been fed at once. Each complete event is handed to the listener synchronously, from
 * inside the {@code feed} (or {@link #finish()}) call that completed it.
 * <p>
 * Behaviour:
 * <ul>
 * <li>lines end with LF, CR or CRLF;</li>
 * <li>{@code data:} values accumulate, joined with {@code "\n"}; {@code event:} sets the event type;
 * {@code id:} sets the last event ID (ignored if it contains U+0000); lines starting with {@code :} are
 * comments; other fields, including {@code retry}, are ignored;</li>
 * <li>one space directly after the colon is stripped; a line without a colon is a field name with an
 * empty value;</li>
 * <li>a blank line dispatches the pending event if at least one {@code data} field was seen, otherwise it
 * just resets the pending event;</li>
 * <li>a UTF-8 byte order mark at the very start of the stream is skipped; malformed UTF-8 decodes to
 * U+FFFD, or fails the stream when the decoder is strict.</li>
 * </ul>
 * Deliberate departure from the spec: {@link #finish()} dispatches a trailing event that was not followed by
 * a blank line, because some servers close the connection right after the last {@code data:} line and
 * dropping it would lose e.g. the {@code [DONE]} marker.
 * <p>
 * <b>Not thread-safe.</b> Use one decoder per stream, fed from one I/O thread at a time (calls from
 * different threads must be ordered by a happens-before edge, as a reactive or NIO callback chain does).
 * After an exception from {@code feed} or {@code finish} the decoder's state is unspecified; discard it.
 */
public final class SseDecoder {

    /** Default limit for one line: 8 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

    private static final int INITIAL_LINE_CAPACITY = 256;
    // A single huge line or event should not pin a huge buffer for the rest of a long-lived stream.
    private static final int RETAINED_LINE_CAPACITY = 64 * 1024;
    private static final int DIRECT_CHUNK = 8 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';

    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");

    private final Consumer<SseEvent> listener;
    private final int maxLineBytes;
    private final boolean strictUtf8;

    // Raw bytes of a line that is not terminated yet; decoding waits for the whole line so that a UTF-8
    // sequence split across feeds is never decoded in halves.
    private byte[] line = new byte[INITIAL_LINE_CAPACITY];
    private int lineLen;
    // The previous feed ended in CR: an LF at the start of the next feed belongs to the same line end.
    private boolean pendingCr;
    private boolean firstLine = true;
    private boolean finished;

    private StringBuilder data = new StringBuilder();
    private boolean dataSeen;
    private String eventType;
    private String lastEventId;

    private byte[] directScratch;

    private long bytesSeen;
    private int eventsDispatched;

    /**
     * Creates a decoder with the default line limit of {@value #DEFAULT_MAX_LINE_BYTES} bytes.
     *
     * @param listener receives each dispatched event, on the thread calling {@code feed}/{@code finish}
     */
    public SseDecoder(Consumer<SseEvent> listener) {
        this(listener, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * @param listener     receives each dispatched event, on the thread calling {@code feed}/{@code finish}
     * @param maxLineBytes largest accepted line, in bytes without its terminator; a longer line makes
     *                     {@code feed} throw {@link IllegalStateException}. The data of one event (all its
     *                     {@code data} lines joined) is held to the same limit, in characters: a stream of
     *                     {@code data} lines that never ends its event must not grow memory without bound.
     */
    public SseDecoder(Consumer<SseEvent> listener, int maxLineBytes) {
        this(listener, maxLineBytes, false);
    }

    /**
     * @param listener     receives each dispatched event
     * @param maxLineBytes largest accepted line (and event data), as for {@link #SseDecoder(Consumer, int)}
     * @param strictUtf8   {@code true}: malformed UTF-8 makes {@code feed} throw {@link IllegalStateException}
     *                     instead of decoding to U+FFFD. A model's answer is always valid UTF-8; bytes that are not
     *                     are damage, and passing them on as replacement characters would hide it.
     */
    public SseDecoder(Consumer<SseEvent> listener, int maxLineBytes, boolean strictUtf8) {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.strictUtf8 = strictUtf8;
    }

    /**
     * Feeds all remaining bytes of {@code bytes}; on return its position equals its limit.
     *
     * @throws IllegalStateException if a line exceeds the limit, or {@link #finish()} was already called
     */
    public void feed(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            int remaining = bytes.remaining();
            int pos = bytes.position();
            feed(bytes.array(), bytes.arrayOffset() + pos, remaining);
            bytes.position(pos + remaining);
            return;
        }
        // Direct and read-only buffers: staging through one reused array keeps a single scanning code path
        // at the cost of a bulk copy, which is cheap next to the network read that filled the buffer.
        if (directScratch == null) {
            directScratch = new byte[DIRECT_CHUNK];
        }
        while (bytes.hasRemaining()) {
            int n = Math.min(directScratch.length, bytes.remaining());
            bytes.get(directScratch, 0, n);
            feed(directScratch, 0, n);
        }
    }

    /**
     * Feeds {@code len} bytes of {@code b} starting at {@code off}. The array is not retained.
     *
     * @throws IllegalStateException if a line exceeds the limit, or {@link #finish()} was already called
     */
    public void feed(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IllegalStateException("SSE decoder already finished; cannot feed more bytes");
        }
        bytesSeen += len;
        int end = off + len;
        int i = off;
        if (pendingCr && i < end) {
            pendingCr = false;
            if (b[i] == LF) {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            byte c = b[i];
            if (c != LF && c != CR) {
                i++;
                continue;
            }
            completeLine(b, lineStart, i - lineStart);
            i++;
            if (c == CR) {
                if (i < end) {
                    if (b[i] == LF) {
                        i++;
                    }
                } else {
                    pendingCr = true;
                }
            }
            lineStart = i;
        }
        if (lineStart < end) {
            appendToLine(b, lineStart, end - lineStart);
        }
    }

    /**
     * Signals the end of the stream: an unterminated last line is processed as a complete line, then a
     * pending event (one without a trailing blank line) is dispatched if it has data. Further calls to
     * {@code finish} do nothing; further calls to {@code feed} throw.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        pendingCr = false;
        if (lineLen > 0) {
            int n = lineLen;
            lineLen = 0;
            processLine(line, 0, n);
        }
        dispatch();
    }

    /** @return the number of bytes fed so far, including any byte order mark and line terminators */
    public long bytesSeen() {
        return bytesSeen;
    }

    /** @return the number of events handed to the listener so far */
    public int eventsDispatched() {
        return eventsDispatched;
    }

    private void completeLine(byte[] b, int off, int len) {
        if (lineLen == 0) {
            // Common case: the whole line arrived in this feed, so decode straight from the caller's array.
            checkLineLength(len);
            processLine(b, off, len);
            return;
        }
        appendToLine(b, off, len);
        int n = lineLen;
        lineLen = 0;
        processLine(line, 0, n);
        if (line.length > RETAINED_LINE_CAPACITY) {
            line = new byte[INITIAL_LINE_CAPACITY];
        }
    }

    private void appendToLine(byte[] b, int off, int len) {
        int needed = lineLen + len;
        checkLineLength(needed);
        if (needed > line.length) {
            int grown = (int) Math.min(Math.max((long) line.length * 2, needed), maxLineBytes);
            line = Arrays.copyOf(line, grown);
        }
        System.arraycopy(b, off, line, lineLen, len);
        lineLen = needed;
    }

    private void checkLineLength(long len) {
        if (len > maxLineBytes) {
            throw new IllegalStateException("SSE line longer than the limit of " + maxLineBytes
                    + " bytes; the stream is not valid SSE (after " + bytesSeen + " bytes and "
                    + eventsDispatched + " events)");
        }
    }

    private void processLine(byte[] b, int off, int len) {
        if (firstLine) {
            firstLine = false;
            if (len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF) {
                off += 3;
                len -= 3;
            }
        }
        if (len == 0) {
            dispatch();
            return;
        }
        if (b[off] == COLON) {
            return;
        }
        int end = off + len;
        int colon = off;
        while (colon < end && b[colon] != COLON) {
            colon++;
        }
        int nameLen = colon - off;
        int valueStart = colon < end ? colon + 1 : end;
        if (valueStart < end && b[valueStart] == SPACE) {
            valueStart++;
        }
        // Field names are matched on raw bytes so that ignored fields cost no String allocation.
        if (matches(b, off, nameLen, DATA)) {
            if ((long) data.length() + (end - valueStart) + 1 > maxLineBytes) {
                throw new IllegalStateException("SSE event data longer than the limit of " + maxLineBytes
                        + " characters; the stream is not valid SSE (after " + bytesSeen + " bytes and "
                        + eventsDispatched + " events)");
            }
            if (dataSeen) {
                data.append('\n');
            }
            dataSeen = true;
            data.append(decode(b, valueStart, end));
        } else if (matches(b, off, nameLen, EVENT)) {
            eventType = valueStart == end ? null : decode(b, valueStart, end);
        } else if (matches(b, off, nameLen, ID)) {
            for (int k = valueStart; k < end; k++) {
                if (b[k] == 0) {
                    return; // the spec ignores IDs containing NUL
                }
            }
            lastEventId = valueStart == end ? null : decode(b, valueStart, end);
        }
        // "retry" only tunes the reconnection delay of an EventSource; this decoder does not reconnect.
    }

    private void dispatch() {
        if (!dataSeen) {
            eventType = null;
            return;
        }
        SseEvent event = new SseEvent(eventType, data.toString(), lastEventId);
        // Reset before calling out so a throwing listener cannot leave half an event behind.
        if (data.capacity() > RETAINED_LINE_CAPACITY) {
            data = new StringBuilder();
        } else {
            data.setLength(0);
        }
        dataSeen = false;
        eventType = null;
        eventsDispatched++;
        listener.accept(event);
    }

    private String decode(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.UTF_8);
        // a replacement character is rare in real text: only then is the line checked strictly
        if (strictUtf8 && s.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from));
            } catch (CharacterCodingException e) {
                throw new IllegalStateException("The event stream is not valid UTF-8 (in the line ending at byte "
                                                + bytesSeen + ", after " + eventsDispatched + " events)", e);
            }
        }
        return s;
    }

    private static boolean matches(byte[] b, int off, int len, byte[] name) {
        return len == name.length && Arrays.equals(b, off, off + len, name, 0, name.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
