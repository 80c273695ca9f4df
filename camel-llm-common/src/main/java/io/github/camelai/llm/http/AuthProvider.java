package io.github.camelai.llm.http;

import java.util.concurrent.CompletableFuture;

/**
 * Supplies the {@code Authorization} header value for each attempt of a call (a static key, or an OAuth token
 * that is refreshed ahead of expiry). Implementations must keep the value out of {@code toString()}.
 */
@FunctionalInterface
public interface AuthProvider {

    /** The full header value, e.g. {@code Api-Key abc} or {@code Bearer xyz}; {@code null} sends none. */
    CompletableFuture<String> authorization();

    /** Told when the service answered 401 to {@code headerValue}, so a cached token can be dropped. */
    default void unauthorized(String headerValue) {
    }

    /** A fixed header value. */
    static AuthProvider fixed(String headerValue) {
        CompletableFuture<String> value = CompletableFuture.completedFuture(headerValue);
        return new AuthProvider() {
            @Override
            public CompletableFuture<String> authorization() {
                return value;
            }

            @Override
            public String toString() {
                return "AuthProvider[fixed, ****]";
            }
        };
    }
}
