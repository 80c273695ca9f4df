package io.github.camelai.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;

/**
 * The emulator as a JUnit 5 extension, for testing your own routes against it:
 *
 * <pre>
 * &#64;RegisterExtension
 * static LlmEmulatorExtension emulator = LlmEmulatorExtension.create();
 * </pre>
 *
 * A static field starts one emulator on a free port before the class's tests and stops it after them; an instance
 * field, one per test. Before each test the requests it received are forgotten, so {@link #requests()} holds the
 * test's own. It accepts only {@link #credential()} (the API key and the Databricks token; see
 * {@link LocalLlmEmulator#credential(String)}), so a route that sends another gets the 401 the service would give.
 * {@link #properties()} holds the {@code camel.component.*} settings that point both components at it.
 */
public final class LlmEmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** The credential the extension's emulator accepts unless told otherwise. */
    public static final String DEFAULT_CREDENTIAL = "emulator-credential";

    private final String credential;
    private final String webhookSecret;
    private LocalLlmEmulator emulator;
    private boolean perTest;

    private LlmEmulatorExtension(String credential, String webhookSecret) {
        this.credential = credential;
        this.webhookSecret = webhookSecret;
    }

    /** An emulator accepting {@link #DEFAULT_CREDENTIAL}, signing webhooks with the default secret. */
    public static LlmEmulatorExtension create() {
        return new LlmEmulatorExtension(DEFAULT_CREDENTIAL, LocalLlmEmulator.DEFAULT_WEBHOOK_SECRET);
    }

    /** The same, accepting another credential (null: any non-empty one). */
    public LlmEmulatorExtension withCredential(String credential) {
        return new LlmEmulatorExtension(credential, webhookSecret);
    }

    /** The same, signing webhook deliveries with another secret ({@code whsec_...}). */
    public LlmEmulatorExtension withWebhookSecret(String webhookSecret) {
        return new LlmEmulatorExtension(credential, webhookSecret);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            // registered on an instance field: beforeAll never ran
            perTest = true;
            start();
        }
        emulator.reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void start() {
        try {
            emulator = new LocalLlmEmulator(0, webhookSecret).credential(credential).start();
        } catch (IOException e) {
            throw new UncheckedIOException("The LLM emulator could not start", e);
        }
    }

    private void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    /** The running emulator, for its settings (chunk delay, webhook delays) and webhook deliveries. */
    public LocalLlmEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("The emulator runs only while the tests that registered it do");
        }
        return emulator;
    }

    /** {@code http://127.0.0.1:<port>}: the Databricks {@code host}. */
    public String url() {
        return emulator().url();
    }

    /** The Baseten Model APIs {@code baseUrl} ({@code http://127.0.0.1:<port>/v1}). */
    public String basetenBaseUrl() {
        return emulator().basetenBaseUrl();
    }

    /** A Baseten dedicated deployment {@code modelUrl} ({@code .../environments/production/predict}). */
    public String basetenModelUrl() {
        return emulator().basetenModelUrl();
    }

    /** The API key or token the emulator accepts; null when it accepts any. */
    public String credential() {
        return credential;
    }

    /** The secret webhook deliveries are signed with: the {@code webhookSecret} of a {@code baseten:webhook} route. */
    public String webhookSecret() {
        return webhookSecret;
    }

    /**
     * Settings that point both components at the emulator, by their property names: Databricks {@code host} and
     * {@code token}, Baseten {@code baseUrl} and {@code apiKey}. Give them to Camel Main
     * ({@code main.addOverrideProperty}), a Quarkus test resource or Spring's {@code @DynamicPropertySource}.
     */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.component.databricks-ai.host", url());
        p.put("camel.component.baseten.baseUrl", basetenBaseUrl());
        if (credential != null) {
            p.put("camel.component.databricks-ai.token", credential);
            p.put("camel.component.baseten.apiKey", credential);
        }
        return p;
    }

    /** The requests received since the test started, oldest first. */
    public List<RecordedRequest> requests() {
        return emulator().requests();
    }

    /** The last request received. */
    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests();
        if (all.isEmpty()) {
            throw new AssertionError("The emulator has received no request in this test");
        }
        return all.get(all.size() - 1);
    }
}
