package io.github.camelai.component.baseten;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code X-BASETEN-SIGNATURE} header of a Baseten async webhook delivery: HMAC-SHA256 of the raw
 * request body, keyed with the whole webhook secret ({@code whsec_...}) as UTF-8, hex encoded, sent as
 * {@code v1=<hex>}. While Baseten rotates a secret the header carries several values ({@code v1=<new>,v1=<old>});
 * several secrets may be configured here too, so the receiving side can rotate without a gap. A delivery is
 * genuine when any configured secret matches any {@code v1} value.
 * <p>
 * Immutable and thread-safe.
 */
public final class WebhookSignatureVerifier {

    /** The HTTP header Baseten puts the signature in. */
    public static final String SIGNATURE_HEADER = "X-BASETEN-SIGNATURE";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";
    private static final int SIGNATURE_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final List<SecretKeySpec> keys;

    /**
     * @param  secrets                  one or more webhook secrets, each the whole {@code whsec_...} string
     * @throws IllegalArgumentException when the list is null or empty or holds a null or blank secret
     */
    public WebhookSignatureVerifier(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("At least one webhook secret is required");
        }
        List<SecretKeySpec> list = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            list.add(key(secrets.get(i), "Webhook secret #" + (i + 1)));
        }
        this.keys = List.copyOf(list);
    }

    /**
     * Whether the body was signed with one of the configured secrets.
     *
     * @param  rawBody         the request body exactly as received (a null body is treated as empty)
     * @param  signatureHeader the {@value #SIGNATURE_HEADER} header value, e.g. {@code v1=<hex>} or
     *                         {@code v1=<hex>, v1=<hex>}; entries of other versions and malformed entries are
     *                         ignored
     * @return                 true when some {@code v1} value equals the HMAC of the body under some secret; false
     *                         for a null, blank or unusable header
     */
    public boolean verify(byte[] rawBody, String signatureHeader) {
        List<byte[]> candidates = parse(signatureHeader);
        if (candidates.isEmpty()) {
            // Computing no HMAC for garbage keeps junk requests cheap.
            return false;
        }
        byte[] body = rawBody == null ? new byte[0] : rawBody;
        boolean match = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, body);
            for (byte[] candidate : candidates) {
                // No early exit: every pair costs the same whether or not an earlier one matched.
                match |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return match;
    }

    /**
     * The header value Baseten would send for this body and secret. For tests and stand-in servers.
     *
     * @param  secret                   the whole webhook secret
     * @param  body                     the raw body
     * @return                          {@code v1=<lowercase hex HMAC-SHA256>}
     * @throws IllegalArgumentException when the secret is null or blank
     */
    public static String sign(String secret, byte[] body) {
        return VERSION + "=" + HEX.formatHex(hmac(key(secret, "Webhook secret"), body == null ? new byte[0] : body));
    }

    /**
     * @return a description with the number of secrets, never the secrets
     */
    @Override
    public String toString() {
        return "WebhookSignatureVerifier[secrets=" + keys.size() + "]";
    }

    private static List<byte[]> parse(String header) {
        List<byte[]> values = new ArrayList<>(2);
        if (header == null || header.isBlank()) {
            return values;
        }
        for (String entry : header.split(",")) {
            int eq = entry.indexOf('=');
            if (eq < 0 || !VERSION.equals(entry.substring(0, eq).trim())) {
                continue;
            }
            String hex = entry.substring(eq + 1).trim();
            if (hex.length() != SIGNATURE_BYTES * 2) {
                continue;
            }
            try {
                values.add(HEX.parseHex(hex));
            } catch (IllegalArgumentException malformed) {
                // One bad entry must not hide a good one next to it.
            }
        }
        return values;
    }

    private static SecretKeySpec key(String secret, String what) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(what + " is null or blank");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            // A fresh Mac per call: Mac is stateful and not thread-safe, and a ThreadLocal would pin one per
            // platform-http worker thread for the life of the application.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory on every Java platform, so this means a broken JCE setup.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
