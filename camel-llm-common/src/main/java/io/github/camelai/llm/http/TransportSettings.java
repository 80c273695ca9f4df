package io.github.camelai.llm.http;

import javax.net.ssl.SSLContext;

/**
 * How a component's one HTTP client is built. Shared by every endpoint of the component.
 *
 * @param ioThreads         I/O reactor threads; a couple serve thousands of calls in flight
 * @param maxConnections    connection pool size (total and per host); calls beyond it wait for a connection
 * @param http2             negotiate HTTP/2 over TLS (ALPN) instead of HTTP/1.1
 * @param sslContext        TLS context, or {@code null} for the JVM default
 * @param proxyHost         HTTP proxy host, or {@code null}
 * @param proxyPort         HTTP proxy port
 * @param streamWindowBytes how many bytes of a streamed answer may wait for the route before the connection is
 *                          paused
 * @param socketReceiveBuffer the TCP receive buffer in bytes, or 0 for the operating system's (self-tuning)
 *                          default. A fixed size also caps what the kernel holds for a paused stream.
 */
public record TransportSettings(int ioThreads, int maxConnections, boolean http2, SSLContext sslContext,
        String proxyHost, int proxyPort, int streamWindowBytes, int socketReceiveBuffer) {

    public TransportSettings(int ioThreads, int maxConnections, boolean http2, SSLContext sslContext, String proxyHost,
                             int proxyPort, int streamWindowBytes) {
        this(ioThreads, maxConnections, http2, sslContext, proxyHost, proxyPort, streamWindowBytes, 0);
    }

    /** These settings with a fixed TCP receive buffer. */
    public TransportSettings withSocketReceiveBuffer(int bytes) {
        return new TransportSettings(ioThreads, maxConnections, http2, sslContext, proxyHost, proxyPort,
                streamWindowBytes, bytes);
    }

    public static TransportSettings defaults() {
        return new TransportSettings(2, 200, false, null, null, 0, 256 * 1024);
    }

    @Override
    public String toString() {
        return "TransportSettings[ioThreads=" + ioThreads + ", maxConnections=" + maxConnections + ", http2=" + http2
               + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort) + "]";
    }
}
