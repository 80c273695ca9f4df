package io.github.camelai.component.baseten;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureVerifierTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    // Computed outside Java: printf '{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    private static final String TEST_HEX = "51426af50a41dd7ff2cd3f116594734766d4018d15d6fb07169aee5d2959adf5";
    // printf '{"a":1}' | openssl dgst -sha256 -hmac whsec_old
    private static final String OLD_HEX = "647fe152b6f118eddb1a0883b242a715dd6619bd3d636d6acf6d87377eff4eec";
    // printf '{"a":2}' | openssl dgst -sha256 -hmac whsec_test
    private static final String TEST_HEX_OTHER_BODY = "6e5258a83befe8960cdc9c486da98d74fa80093b27bc8e2a6cd3e7d9462b5999";

    private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(List.of("whsec_test"));

    @Test
    void signMatchesTheIndependentlyComputedVector() {
        assertEquals("v1=" + TEST_HEX, WebhookSignatureVerifier.sign("whsec_test", BODY));
        assertEquals("v1=" + OLD_HEX, WebhookSignatureVerifier.sign("whsec_old", BODY));
    }

    @Test
    void acceptsTheKnownVector() {
        assertTrue(verifier.verify(BODY, "v1=" + TEST_HEX));
    }

    @Test
    void acceptsUppercaseHexAndSpaces() {
        assertTrue(verifier.verify(BODY, "v1=" + TEST_HEX.toUpperCase()));
        assertTrue(verifier.verify(BODY, "  v1 = " + TEST_HEX + "  "));
        assertTrue(verifier.verify(BODY, "v1=" + OLD_HEX + " ,  v1=" + TEST_HEX));
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = "{\"a\":2}".getBytes(StandardCharsets.UTF_8);
        assertFalse(verifier.verify(tampered, "v1=" + TEST_HEX));
        assertTrue(verifier.verify(tampered, "v1=" + TEST_HEX_OTHER_BODY));

        byte[] trailingNewline = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        assertFalse(verifier.verify(trailingNewline, "v1=" + TEST_HEX));
    }

    @Test
    void rejectsAWrongSecret() {
        assertFalse(new WebhookSignatureVerifier(List.of("whsec_other")).verify(BODY, "v1=" + TEST_HEX));
        assertFalse(verifier.verify(BODY, "v1=" + OLD_HEX));
    }

    @Test
    void rotatedHeaderMatchesEitherSecret() {
        String rotated = "v1=" + TEST_HEX + ",v1=" + OLD_HEX;

        assertTrue(new WebhookSignatureVerifier(List.of("whsec_test")).verify(BODY, rotated));
        assertTrue(new WebhookSignatureVerifier(List.of("whsec_old")).verify(BODY, rotated));
        assertTrue(new WebhookSignatureVerifier(List.of("whsec_old")).verify(BODY, "v1=" + OLD_HEX + ",v1=" + TEST_HEX));
        assertFalse(new WebhookSignatureVerifier(List.of("whsec_other")).verify(BODY, rotated));
    }

    @Test
    void severalConfiguredSecretsSupportRotationOnOurSide() {
        WebhookSignatureVerifier both = new WebhookSignatureVerifier(List.of("whsec_other", "whsec_old"));

        assertTrue(both.verify(BODY, "v1=" + OLD_HEX));
        assertFalse(both.verify(BODY, "v1=" + TEST_HEX));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            ",",
            "v1=",
            "v1",
            "garbage",
            "v1=nothex",
            "v1=" + TEST_HEX + "00", // too long
            "v1=" + "51426af50a41dd7ff2cd3f116594734766d4018d15d6fb07169aee5d2959adf", // too short
            "v1=zz426af50a41dd7ff2cd3f116594734766d4018d15d6fb07169aee5d2959adf5", // not hex
            "v0=" + TEST_HEX,
            "v2=" + TEST_HEX,
            "sha256=" + TEST_HEX,
            "V1x=" + TEST_HEX,
            TEST_HEX,
    })
    void missingBlankOrGarbageHeadersFail(String header) {
        assertFalse(verifier.verify(BODY, header));
    }

    @Test
    void otherVersionsAndMalformedEntriesAreIgnoredNotFatal() {
        assertTrue(verifier.verify(BODY, "v2=" + OLD_HEX + ",v1=" + TEST_HEX));
        assertTrue(verifier.verify(BODY, "v0=deadbeef, v1=nothex, v1=" + TEST_HEX + ", junk"));
        assertFalse(verifier.verify(BODY, "v2=" + TEST_HEX + ",v1=" + OLD_HEX));
    }

    @Test
    void emptyAndNullBodiesAreSignedAsEmpty() {
        String signed = WebhookSignatureVerifier.sign("whsec_test", new byte[0]);

        assertTrue(verifier.verify(new byte[0], signed));
        assertTrue(verifier.verify(null, signed));
        assertFalse(verifier.verify(BODY, signed));
    }

    @Test
    void keyIsTheWholeSecretAsUtf8() {
        // A non-ASCII secret only verifies when both sides use UTF-8 and the whole string, prefix included.
        String secret = "whsec_ünïcødé";
        String header = WebhookSignatureVerifier.sign(secret, BODY);

        assertTrue(new WebhookSignatureVerifier(List.of(secret)).verify(BODY, header));
        assertFalse(new WebhookSignatureVerifier(List.of("ünïcødé")).verify(BODY, header));
        assertFalse(new WebhookSignatureVerifier(List.of("test")).verify(BODY, "v1=" + TEST_HEX));
    }

    @Test
    void toStringHidesSecrets() {
        WebhookSignatureVerifier two = new WebhookSignatureVerifier(List.of("whsec_test", "whsec_old"));

        assertEquals("WebhookSignatureVerifier[secrets=2]", two.toString());
        assertFalse(two.toString().contains("whsec"));
        assertEquals("WebhookSignatureVerifier[secrets=1]", verifier.toString());
    }

    @Test
    void refusesMissingSecrets() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignatureVerifier(null));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignatureVerifier(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignatureVerifier(List.of(" ")));
        assertThrows(IllegalArgumentException.class,
                () -> new WebhookSignatureVerifier(Arrays.asList("whsec_test", null)));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignatureVerifier.sign("", BODY));
    }

    @Test
    void laterChangesToTheSecretListDoNotLeakIn() {
        List<String> secrets = new ArrayList<>(List.of("whsec_test"));
        WebhookSignatureVerifier copy = new WebhookSignatureVerifier(secrets);
        secrets.set(0, "whsec_old");

        assertTrue(copy.verify(BODY, "v1=" + TEST_HEX));
        assertFalse(copy.verify(BODY, "v1=" + OLD_HEX));
    }

    @Test
    void safeToShareAcrossThreads() throws Exception {
        WebhookSignatureVerifier shared = new WebhookSignatureVerifier(List.of("whsec_old", "whsec_test"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                tasks.add(() -> {
                    for (int j = 0; j < 200; j++) {
                        byte[] body = ("{\"n\":" + n + ",\"j\":" + j + "}").getBytes(StandardCharsets.UTF_8);
                        String good = WebhookSignatureVerifier.sign(j % 2 == 0 ? "whsec_test" : "whsec_old", body);
                        if (!shared.verify(body, good) || shared.verify(BODY, good)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
