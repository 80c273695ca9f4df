package io.github.camelai.llm.vertx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/** Camel's Vert.x platform-http server on a free loopback port, as Camel Main's {@code camel.server.*} starts it. */
final class PlatformHttpServer {

    private PlatformHttpServer() {
    }

    /** Adds the server to {@code context} (not started yet) and gives its port. */
    static int addTo(CamelContext context) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
        return port;
    }
}
