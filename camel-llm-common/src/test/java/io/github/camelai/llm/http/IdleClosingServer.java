package io.github.camelai.llm.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 keep-alive server that closes idle connections the way the JDK's own server does past its
 * {@code maxIdleConnections}: once an answer is written, a connection that would make more than {@code maxIdle}
 * connections wait for their next request is closed, silently (no {@code Connection: close}). A client that reuses
 * it at that moment writes its request onto a connection the server has already given up.
 * <p>
 * Every request is answered 200 with a small chat completion. It counts connections, requests read, and requests
 * whose connection was closed before they could be read (the client's bytes arriving on a closed socket).
 */
final class IdleClosingServer implements AutoCloseable {

    static final String ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                                 + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

    private final ServerSocket server;
    private final int maxIdle;
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closedIdle = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    IdleClosingServer(int maxIdle) throws IOException {
        this.maxIdle = maxIdle;
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "idle-closing-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    /** Connections closed by the idle limit right after an answer. */
    int closedIdle() {
        return closedIdle.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "idle-closing-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                int contentLength = HttpHead.readContentLength(in);
                if (contentLength < 0) {
                    return;
                }
                in.readNBytes(contentLength);
                requests.incrementAndGet();
                byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                           + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (idle.incrementAndGet() > maxIdle) {
                    idle.decrementAndGet();
                    closedIdle.incrementAndGet();
                    return;
                }
                int first = in.read();
                idle.decrementAndGet();
                if (first < 0) {
                    return;
                }
                // the request's first byte is gone; only its head's end and Content-Length are read
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            sockets.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
