package io.github.camelai.component.databricks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.support.LlmJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token cache on its own: no HTTP, a hand-moved clock, token requests completed by the test. */
class DatabricksOAuthTokenProviderTest {

    final OAuthTest.MutableClock clock = new OAuthTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<CompletableFuture<JsonNode>> requests = new ArrayList<>();
    final DatabricksOAuthTokenProvider provider = new DatabricksOAuthTokenProvider("test", () -> {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        requests.add(f);
        return f;
    }, clock, Duration.ofMinutes(5));

    static JsonNode token(String value, long expiresIn) {
        return LlmJson.parse("t", "{\"access_token\":\"" + value + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn + "}");
    }

    @Test
    void concurrentCallersShareOnePendingRefresh() throws Exception {
        CompletableFuture<String> a = provider.authorization();
        CompletableFuture<String> b = provider.authorization();

        assertSame(a, b);
        assertFalse(a.isDone());
        assertEquals(1, requests.size());
        requests.get(0).complete(token("t1", 3600));
        assertEquals("Bearer t1", a.get());
        assertEquals("Bearer t1", provider.authorization().getNow(null));
        assertEquals(1, provider.tokenRequests());
    }

    @Test
    void staleTokenIsServedWhileOneBackgroundRefreshRuns() throws Exception {
        provider.authorization();
        requests.get(0).complete(token("t1", 3600));

        clock.advance(Duration.ofSeconds(3600 - 299)); // inside the 5 minute window
        assertEquals("Bearer t1", provider.authorization().getNow(null));
        assertEquals("Bearer t1", provider.authorization().getNow(null));
        assertEquals(2, requests.size());

        requests.get(1).complete(token("t2", 3600));
        assertEquals("Bearer t2", provider.authorization().getNow(null));
    }

    @Test
    void aFailedBackgroundRefreshIsNotRepeatedByEveryCallWhileTheTokenStillWorks() throws Exception {
        provider.authorization();
        requests.get(0).complete(token("t1", 3600));
        clock.advance(Duration.ofSeconds(3600 - 299)); // stale, still usable
        provider.authorization();
        assertEquals(2, requests.size());
        requests.get(1).completeExceptionally(new LlmException("token endpoint down"));

        for (int i = 0; i < 5; i++) {
            assertEquals("Bearer t1", provider.authorization().getNow(null));
        }
        assertEquals(2, requests.size(), "no new token request during the pause");

        clock.advance(DatabricksOAuthTokenProvider.BACKGROUND_RETRY_PAUSE);
        assertEquals("Bearer t1", provider.authorization().getNow(null));
        assertEquals(3, requests.size(), "tried again after the pause");
    }

    @Test
    void neverWithin40SecondsOfExpiryAndShortLivedTokensRefreshAtHalfLife() throws Exception {
        provider.authorization();
        requests.get(0).complete(token("t1", 100)); // 100 s: stale after 50 s, unusable after 60 s

        clock.advance(Duration.ofSeconds(49));
        assertEquals("Bearer t1", provider.authorization().getNow(null));
        assertEquals(1, requests.size());
        clock.advance(Duration.ofSeconds(2));
        assertEquals("Bearer t1", provider.authorization().getNow(null));
        assertEquals(2, requests.size());
        requests.get(1).completeExceptionally(new LlmException("down"));

        clock.advance(Duration.ofSeconds(10)); // 61 s: within 40 s of expiry
        CompletableFuture<String> waiting = provider.authorization();
        assertFalse(waiting.isDone());
        requests.get(2).complete(token("t3", 3600));
        assertEquals("Bearer t3", waiting.get());
    }

    @Test
    void aFailedRefreshFailsItsWaitersAndTheNextCallTriesAgain() {
        CompletableFuture<String> first = provider.authorization();
        requests.get(0).completeExceptionally(new LlmException("token endpoint down"));

        assertTrue(first.isCompletedExceptionally());
        provider.authorization();
        assertEquals(2, requests.size());
    }

    @Test
    void anAnswerWithoutAccessTokenIsAnError() {
        CompletableFuture<String> f = provider.authorization();
        requests.get(0).complete(LlmJson.parse("t", "{\"token_type\":\"Bearer\"}"));

        Exception e = assertThrows(Exception.class, f::get);
        assertEquals("The Databricks OAuth token answer for test has no access_token", e.getCause().getMessage());
    }

    @Test
    void unauthorizedDropsOnlyTheCurrentToken() {
        provider.authorization();
        requests.get(0).complete(token("t1", 3600));

        provider.unauthorized("Bearer something-else");
        assertEquals("Bearer t1", provider.authorization().getNow(null));
        provider.unauthorized("Bearer t1");
        assertFalse(provider.authorization().isDone());
        assertEquals(2, requests.size());
        assertFalse(provider.toString().contains("t1"));
    }
}
