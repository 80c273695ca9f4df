package com.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.github.camelai.examples.LocalLlmEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the local emulator before the application and points both components at it, as a user would with
 * {@code camel.component.*} properties; it accepts only {@link #CREDENTIAL}, so a token that is not bound gets a 401.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

    static final String CREDENTIAL = "emulator-token";

    private LocalLlmEmulator emulator;

    @Override
    public Map<String, String> start() {
        try {
            emulator = new LocalLlmEmulator().credential(CREDENTIAL).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "camel.component.databricks-ai.host", emulator.url(),
                "camel.component.databricks-ai.token", CREDENTIAL,
                "camel.component.baseten.baseUrl", emulator.basetenBaseUrl(),
                "camel.component.baseten.apiKey", CREDENTIAL);
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
