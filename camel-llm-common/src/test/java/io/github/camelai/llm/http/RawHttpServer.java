package io.github.camelai.llm.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a plain socket, for what WireMock cannot do: write a response piece by piece under
 * the test's control, see how far a write gets before TCP pushes back, stall, or cut the connection mid-body.
 * Each connection is served once (one request) on its own thread.
 */
public final class RawHttpServer implements AutoCloseable {

    /** Serves one request; the request head and body have been read. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Socket socket, OutputStream out) throws Exception;
    }

    public record Request(String method, String path, List<String> headerLines, byte[] body) {
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Throwable> handlerErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    public RawHttpServer(Handler handler) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "raw-http-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    public int connections() {
        return connections.get();
    }

    /** Exceptions thrown by the handler (other than the expected ones of a closed peer, which it handles). */
    public List<Throwable> handlerErrors() {
        return handlerErrors;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            sockets.add(s);
            Thread t = new Thread(() -> serve(s), "raw-http-conn-" + connections.get());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            Request request = readRequest(in);
            if (request == null) {
                return;
            }
            handler.handle(request, s, s.getOutputStream());
        } catch (Throwable e) {
            if (!closed) {
                handlerErrors.add(e);
            }
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] first = lines[0].split(" ");
        List<String> headers = List.of(lines).subList(1, lines.length);
        Request r = new Request(first[0], first[1], headers, new byte[0]);
        String length = r.header("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Request(first[0], first[1], headers, body);
    }

    /** Status line and headers of a chunked {@code text/event-stream} answer. */
    public static void writeSseHead(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                   + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One chunk of a chunked body. */
    public static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    public static void writeChunk(OutputStream out, String data) throws IOException {
        writeChunk(out, data.getBytes(StandardCharsets.UTF_8));
    }

    /** The last chunk: the body is complete. */
    public static void endChunks(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A complete answer with a Content-Length body. */
    public static void writeResponse(OutputStream out, int status, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + b.length
                   + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
