package io.github.camelai.examples;

import org.apache.camel.main.Main;

/**
 * Runs {@code routes/sse-chat.yaml} on Camel Main against the local emulator until Ctrl-C, so that a browser or
 * {@code curl -N} can watch the events arrive: {@code SseChatDemo [port, default 8080]}.
 */
public final class SseChatDemo {

    private SseChatDemo() {
    }

    public static void main(String[] args) throws Exception {
        String port = args.length > 0 ? args[0] : "8080";
        // slow enough to see the answer arrive word by word
        try (LocalLlmEmulator emulator = new LocalLlmEmulator().chunkDelay(150).start()) {
            Main main = new Main();
            main.addOverrideProperty("camel.main.routesIncludePattern", "classpath:routes/sse-chat.yaml");
            main.addOverrideProperty("camel.server.port", port);
            main.addOverrideProperty("databricks.host", emulator.url());
            main.addOverrideProperty("databricks.token", "dapi-emulator-token");
            System.out.println("Ask with:  curl -N 'http://localhost:" + port + "/chat?q=What%20is%20Apache%20Camel%3F'");
            System.out.println("or open    http://localhost:" + port + "/  (Ctrl-C stops)");
            main.run();
        }
    }
}
