package io.github.camelai.examples;

import org.apache.camel.main.Main;

/**
 * Runs one or more example routes against the emulator until Ctrl-C, for trying them by hand:
 * {@code RunWithEmulator <route>[,<route>...] [httpPort, default 8080]}, a route named by its file in
 * {@code routes/} without {@code .yaml} (e.g. {@code sse-chat}). The emulator listens on a free port; the routes'
 * HTTP endpoints on {@code 127.0.0.1:<httpPort>}.
 */
public final class RunWithEmulator {

    private RunWithEmulator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: RunWithEmulator <route>[,<route>...] [httpPort]   e.g. sse-chat 8080");
            System.exit(2);
        }
        StringBuilder routes = new StringBuilder();
        for (String name : args[0].split(",")) {
            routes.append(routes.length() == 0 ? "" : ",").append("classpath:routes/").append(name.trim()).append(".yaml");
        }
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        try (LocalLlmEmulator emulator = new LocalLlmEmulator().start()) {
            Main main = new Main();
            DemoMain.pointAt(main, emulator, httpPort, LocalLlmEmulator.DEFAULT_WEBHOOK_SECRET, routes.toString());
            main.addOverrideProperty("camel.main.name", "llm-example");
            System.out.println("LLM emulator at " + emulator.url() + "; routes " + routes + " on http://127.0.0.1:"
                               + httpPort + " (Ctrl-C stops)");
            main.run();
        }
    }
}
