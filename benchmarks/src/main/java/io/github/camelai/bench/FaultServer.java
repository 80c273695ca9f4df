package io.github.camelai.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model server on loopback that misbehaves on request: the prompt says which {@link Fault} to inject and names
 * the call, e.g. {@code soak:503-once:b-17}. It counts the attempts it saw per call, so a test can check retries
 * on the wire, and the connections still open, so it can check that a stopped client left none behind.
 * <p>
 * Plain sockets, HTTP/1.1 with keep-alive, one thread per connection: it has to do what a well-behaved server
 * library will not (close without answering, cut a chunk in half, go silent mid-stream). Chat answers carry the
 * text {@code answer <call id>}, so a caller can tell its own answer from another's.
 */
public final class FaultServer implements AutoCloseable {

    /** What the server does with a call. Streamed requests ({@code "stream": true}) get the stream variants. */
    public enum Fault {
        /** A normal answer: JSON, or an event stream for a streamed request. */
        OK("ok"),
        /** 429 with {@code Retry-After: 1} on the first attempt, then a normal answer. */
        RATE_LIMITED_ONCE("429-once"),
        /** 502 on the first attempt, then a normal answer. */
        BAD_GATEWAY_ONCE("502-once"),
        /** 503 on the first attempt, then a normal answer. */
        UNAVAILABLE_ONCE("503-once"),
        /** 504 on the first attempt, then a normal answer. */
        GATEWAY_TIMEOUT_ONCE("504-once"),
        /** 503 on every attempt. */
        UNAVAILABLE_ALWAYS("503-always"),
        /** 400 with the service's own error body (Databricks' or Baseten's shape, by the path). */
        BAD_REQUEST("400"),
        /** The connection is closed after the request was read, with no answer. */
        CLOSE_WITHOUT_ANSWER("close"),
        /** 200 whose JSON body stops halfway (a complete HTTP message, a broken answer). */
        TRUNCATED_JSON("truncated-json"),
        /** The answer comes after {@link #slowAnswer}, later than the caller's request timeout. */
        SLOWER_THAN_TIMEOUT("slow"),
        /** A stream that sends its first event and then nothing, holding the connection open. */
        STREAM_SILENT("stream-silent"),
        /** A stream whose connection closes in the middle of an event. */
        STREAM_CUT("stream-cut"),
        /**
         * A stream that ends cleanly (the chunked body's last chunk) after one event, with neither a finish reason
         * nor {@code [DONE]}: a truncated answer that looks whole on the wire.
         */
        STREAM_ENDS_EARLY("stream-early"),
        /** A streamed request answered with one whole JSON answer, as a server that ignores stream: true. */
        STREAM_WHOLE_JSON("stream-json"),
        /** A streamed request answered 200 with an HTML page. */
        STREAM_HTML("stream-html");

        private final String marker;

        Fault(String marker) {
            this.marker = marker;
        }

        /** The text in a prompt that asks for this fault. */
        public String marker() {
            return marker;
        }

        static Fault of(String marker) {
            for (Fault f : values()) {
                if (f.marker.equals(marker)) {
                    return f;
                }
            }
            return OK;
        }
    }

    private static final Pattern CALL = Pattern.compile("soak:([a-z0-9-]+):([A-Za-z0-9_-]+)");

    private final ServerSocket server;
    private final Duration slowAnswer;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final Object openChanged = new Object();
    private volatile boolean closed;

    private FaultServer(Duration slowAnswer) throws IOException {
        this.slowAnswer = slowAnswer;
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server on 127.0.0.1, any free port.
     *
     * @param slowAnswer how long {@link Fault#SLOWER_THAN_TIMEOUT} waits before it answers, and the longest a
     *                   {@link Fault#STREAM_SILENT} stream holds its connection
     */
    public static FaultServer start(Duration slowAnswer) throws IOException {
        return new FaultServer(slowAnswer);
    }

    /** The prompt that asks for {@code fault} on the call named {@code id}. */
    public static String prompt(Fault fault, String id) {
        return "soak:" + fault.marker() + ":" + id;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** How many times the call named {@code id} reached the server. */
    public int attempts(String id) {
        AtomicInteger n = attempts.get(id);
        return n == null ? 0 : n.get();
    }

    /** Requests served so far. */
    public long requests() {
        return requests.get();
    }

    /** Connections open right now. */
    public int openConnections() {
        return open.get();
    }

    /** Waits until no connection is open, or {@code timeout} passes; returns the connections still open. */
    public int awaitNoOpenConnections(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (openChanged) {
            long left;
            while (open.get() > 0 && (left = end - System.nanoTime()) > 0) {
                openChanged.wait(Math.max(1, left / 1_000_000L));
            }
        }
        return open.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                open.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "fault-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            Request r;
            while ((r = Request.read(in)) != null) {
                requests.incrementAndGet();
                if (!answer(r, socket, in, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: that is what several faults are about
        } finally {
            open.decrementAndGet();
            synchronized (openChanged) {
                openChanged.notifyAll();
            }
        }
    }

    /** Answers one request; {@code false} when the connection must be closed. */
    private boolean answer(Request r, Socket socket, InputStream in, OutputStream out)
            throws IOException, InterruptedException {
        Matcher m = CALL.matcher(r.body);
        boolean named = m.find();
        Fault fault = named ? Fault.of(m.group(1)) : Fault.OK;
        String id = named ? m.group(2) : "none";
        int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        boolean stream = r.body.replace(" ", "").contains("\"stream\":true");
        boolean databricks = r.path.contains("/serving-endpoints/");
        switch (fault) {
            case RATE_LIMITED_ONCE:
                if (attempt == 1) {
                    return json(out, 429, "Retry-After: 1\r\n", errorBody(databricks, "REQUEST_LIMIT_EXCEEDED", "slow down"));
                }
                break;
            case BAD_GATEWAY_ONCE:
            case UNAVAILABLE_ONCE:
            case GATEWAY_TIMEOUT_ONCE:
                if (attempt == 1) {
                    int status = fault == Fault.BAD_GATEWAY_ONCE ? 502 : fault == Fault.UNAVAILABLE_ONCE ? 503 : 504;
                    return json(out, status, "", errorBody(databricks, "TEMPORARILY_UNAVAILABLE", "try again"));
                }
                break;
            case UNAVAILABLE_ALWAYS:
                return json(out, 503, "", errorBody(databricks, "TEMPORARILY_UNAVAILABLE", "overloaded"));
            case BAD_REQUEST:
                return json(out, 400, "", errorBody(databricks, "BAD_REQUEST", "messages must alternate"));
            case CLOSE_WITHOUT_ANSWER:
                return false;
            case TRUNCATED_JSON: {
                String whole = completion(id);
                return json(out, 200, "", whole.substring(0, whole.length() / 2));
            }
            case SLOWER_THAN_TIMEOUT:
                Thread.sleep(slowAnswer.toMillis());
                break;
            case STREAM_SILENT:
                streamHead(out, "text/event-stream");
                chunk(out, event(id, "answer ", null));
                // hold the connection without a byte until the client gives up (or slowAnswer passes)
                socket.setSoTimeout((int) slowAnswer.toMillis());
                try {
                    while (in.read() >= 0) {
                        // a client never sends more on this connection
                    }
                } catch (java.net.SocketTimeoutException timeout) {
                    // the client did not close it within slowAnswer
                }
                return false;
            case STREAM_CUT: {
                streamHead(out, "text/event-stream");
                chunk(out, event(id, "answer ", null));
                byte[] next = event(id, id, "stop").getBytes(StandardCharsets.UTF_8);
                // announce the whole event, send half of it, hang up
                out.write((Integer.toHexString(next.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(next, 0, next.length / 2);
                out.flush();
                return false;
            }
            case STREAM_ENDS_EARLY:
                streamHead(out, "text/event-stream");
                chunk(out, event(id, "answer ", null));
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return true;
            case STREAM_WHOLE_JSON:
                return json(out, 200, "", completion(id));
            case STREAM_HTML:
                return body(out, 200, "text/html; charset=utf-8", "",
                        "<html><head><title>Sign in</title></head><body>Proxy login required</body></html>");
            default:
                break;
        }
        if (!stream) {
            return json(out, 200, "", completion(id));
        }
        streamHead(out, "text/event-stream");
        chunk(out, event(id, "answer ", null));
        chunk(out, event(id, id, "stop"));
        chunk(out, "data: [DONE]\n\n");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
    }

    private static String errorBody(boolean databricks, String code, String message) {
        return databricks
                ? "{\"error_code\":\"" + code + "\",\"message\":\"" + message + "\"}"
                : "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + code.toLowerCase(Locale.ROOT) + "\"}}";
    }

    private static String completion(String id) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
               + "\"message\":{\"role\":\"assistant\",\"content\":\"answer " + id + "\"},\"finish_reason\":\"stop\"}],"
               + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}";
    }

    private static String event(String id, String text, String finish) {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
               + "\"delta\":{\"content\":\"" + text + "\"}" + (finish == null ? "" : ",\"finish_reason\":\"" + finish + "\"")
               + "}]}\n\n";
    }

    private static boolean json(OutputStream out, int status, String extraHeaders, String body) throws IOException {
        return body(out, status, "application/json", extraHeaders, body);
    }

    private static boolean body(OutputStream out, int status, String contentType, String extraHeaders, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                   + bytes.length + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return true;
    }

    private static void streamHead(OutputStream out, String contentType) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    /** One request: its path and body (the body is small JSON, read by Content-Length). */
    private record Request(String path, String body) {

        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            int c;
            while (state < 4 && (c = in.read()) >= 0) {
                head.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                        : c == '\r' ? 1 : 0;
            }
            if (state < 4) {
                return null;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            int length = 0;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new SocketException("request body cut short");
            }
            return new Request(requestLine.length > 1 ? requestLine[1] : "/", new String(body, StandardCharsets.UTF_8));
        }
    }
}
