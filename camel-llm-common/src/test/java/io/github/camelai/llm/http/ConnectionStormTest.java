package io.github.camelai.llm.http;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: 1,000 calls started at once open a couple of hundred TLS connections at once (the pool's size). A server
 * warming up takes them slowly: a small accept backlog, one handshake at a time, and, like a server that sheds
 * load, it resets connections it accepts while too many wait for their handshake. Nothing was sent on a connection
 * that failed before its handshake completed: those calls are retried, and none fails.
 */
class ConnectionStormTest {

    private static final int CALLS = 1_000;
    /**
     * A busy 2-core build machine completes a couple of hundred simultaneous handshakes (client and server on the
     * same cores) in seconds, not milliseconds: a handshake that times out against a local host is not retried (see
     * {@link TlsFailFastTest}), so the connect timeout here leaves room for that.
     */
    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(60));
    private static final int BACKLOG = 16;
    /** Connections accepted and waiting for their handshake beyond which new ones are reset. */
    private static final int HANDSHAKE_QUEUE = 32;
    /** How many connections the server resets while it warms up; past that it queues them all. */
    private static final int WARM_UP_RESETS = 150;
    private static final int HANDSHAKE_THREADS = 4;

    @Test
    void aThousandCallsOpeningConnectionsAtOnceAgainstASlowTlsServerAllSucceed() throws Exception {
        char[] password = "password".toCharArray();
        KeyStore keys = ecKeyStore(password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        TransportSettings d = TransportSettings.defaults();
        try (SlowTlsServer server = new SlowTlsServer(serverTls);
             HttpClient5Transport transport = new HttpClient5Transport(new TransportSettings(d.ioThreads(),
                     d.maxConnections(), false, clientTls, null, 0, d.streamWindowBytes()))) {
            LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Api-Key k"),
                    new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), false), TIMEOUTS,
                    new ConcurrencyLimiter(0), transport.timer());
            byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            List<CompletableFuture<LlmHttpResponse>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(client.send(LlmHttpRequest.postJson(server.url(), body)));
            }
            Map<String, Integer> failures = new TreeMap<>();
            int answered = 0;
            for (CompletableFuture<LlmHttpResponse> call : calls) {
                try {
                    assertEquals(IdleClosingServer.ANSWER, call.get(60, TimeUnit.SECONDS).bodyAsString());
                    answered++;
                } catch (ExecutionException e) {
                    String kind = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
                    failures.merge(kind.replaceAll("\\d+", "N"), 1, Integer::sum);
                }
            }
            System.out.printf("connection storm: %d calls, %d answered, %d failed; connection attempts the server"
                              + " accepted: %d (%d reset while %d waited for their handshake, %d handshakes failed,"
                              + " %d completed, %d ms each on average); requests served: %d%n", CALLS, answered,
                    CALLS - answered, server.accepted.get(), server.shed.get(), HANDSHAKE_QUEUE,
                    server.handshakeFailures.get(), server.handshakes.get(),
                    server.handshakeNanos.get() / 1_000_000 / Math.max(1, server.handshakes.get()), server.requests.get());
            assertEquals(Map.of(), failures, "no call fails");
            assertTrue(server.shed.get() > 0, "the server reset connections during the storm");
            assertEquals(CALLS, answered);
        }
    }

    /**
     * A self-signed EC certificate for localhost, made with the JDK's keytool: an EC handshake costs a fraction of
     * an RSA one, so a busy build machine still completes hundreds of them within the connect timeout.
     */
    private static KeyStore ecKeyStore(char[] password) throws Exception {
        Path dir = Files.createTempDirectory("storm-tls");
        Path file = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(password))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, password);
        }
        Files.delete(file);
        Files.delete(dir);
        return keys;
    }

    /**
     * A TLS server with a small accept backlog that hands accepted connections to a few handshake threads, a little
     * slow per handshake; once the handshake is done each connection is served (keep-alive) on its own thread.
     */
    private static final class SlowTlsServer implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger shed = new AtomicInteger();
        final AtomicInteger handshakes = new AtomicInteger();
        final AtomicInteger handshakeFailures = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong handshakeNanos = new java.util.concurrent.atomic.AtomicLong();
        private final SSLServerSocket server;
        private final java.util.concurrent.BlockingQueue<SSLSocket> waiting = new java.util.concurrent.LinkedBlockingQueue<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        SlowTlsServer(SSLContext tls) throws IOException {
            server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, BACKLOG,
                    InetAddress.getLoopbackAddress());
            start("storm-acceptor", this::accept);
            for (int i = 0; i < HANDSHAKE_THREADS; i++) {
                start("storm-handshaker", this::handshake);
            }
        }

        String url() {
            return "https://localhost:" + server.getLocalPort() + "/v1/chat/completions";
        }

        private void start(String name, Runnable r) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        private void accept() {
            while (!closed) {
                try {
                    SSLSocket s = (SSLSocket) server.accept();
                    accepted.incrementAndGet();
                    sockets.add(s);
                    if (waiting.size() >= HANDSHAKE_QUEUE && shed.get() < WARM_UP_RESETS) {
                        // overloaded while it warms up: reset it, as a server past its limits does
                        shed.incrementAndGet();
                        s.setSoLinger(true, 0);
                        s.close();
                        continue;
                    }
                    waiting.add(s);
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }

        private void handshake() {
            while (!closed) {
                SSLSocket s;
                try {
                    s = waiting.take();
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    s.setSoTimeout(30_000);
                    long t0 = System.nanoTime();
                    s.startHandshake();
                    handshakeNanos.addAndGet(System.nanoTime() - t0);
                    handshakes.incrementAndGet();
                    start("storm-conn", () -> serve(s));
                } catch (IOException e) {
                    handshakeFailures.incrementAndGet();
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // gone already
                    }
                }
            }
        }

        private void serve(SSLSocket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    int length = HttpHead.readContentLength(in);
                    if (length < 0) {
                        return;
                    }
                    in.readNBytes(length);
                    requests.incrementAndGet();
                    byte[] body = IdleClosingServer.ANSWER.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                               + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // the client closed it
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            server.close();
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
