package io.github.camelai.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/** Builds Camel contexts that run the example routes against a {@link LocalLlmEmulator}. */
final class ExampleContexts {

    static final String BASETEN_KEY = "test-baseten-key";
    static final String DATABRICKS_TOKEN = "dapi-test-token";
    static final String BASETEN_MODEL = "deepseek-ai/DeepSeek-V3.1";
    static final String DATABRICKS_ENDPOINT = "databricks-meta-llama-3-3-70b-instruct";
    static final String WEBHOOK_SECRET = "whsec_test_examples_secret";

    private ExampleContexts() {
    }

    /** The properties the example routes read, pointed at the emulator. */
    static Properties properties(LocalLlmEmulator emulator) {
        Properties p = new Properties();
        p.setProperty("baseten.model", BASETEN_MODEL);
        p.setProperty("baseten.baseUrl", emulator.basetenBaseUrl());
        p.setProperty("baseten.apiKey", BASETEN_KEY);
        p.setProperty("baseten.modelUrl", emulator.basetenModelUrl());
        p.setProperty("baseten.webhookSecret", WEBHOOK_SECRET);
        p.setProperty("databricks.host", emulator.url());
        p.setProperty("databricks.token", DATABRICKS_TOKEN);
        p.setProperty("databricks.chatEndpoint", DATABRICKS_ENDPOINT);
        return p;
    }

    /** A context (not started) with the given YAML files of {@code classpath:routes/} loaded. */
    static CamelContext withYamlRoutes(Properties properties, String... files) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        for (String file : files) {
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/" + file));
        }
        return context;
    }

    /** Adds a Vert.x platform-http server on {@code port} (what the webhook consumer is served by). */
    static void addHttpServer(CamelContext context, int port) throws Exception {
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
