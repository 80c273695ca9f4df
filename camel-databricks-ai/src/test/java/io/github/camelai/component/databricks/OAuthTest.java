package io.github.camelai.component.databricks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.camelai.llm.error.LlmAuthenticationException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class OAuthTest extends DatabricksTestSupport {

    static final String TOKEN_PATH = "/oidc/v1/token";
    static final String CHAT = "/serving-endpoints/my-llm/invocations";
    static final String CLIENT_ID = "sp-client-id";
    static final String CLIENT_SECRET = "dose-sp-secret-value";
    static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    static final String ANSWER = """
            {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Override
    void customize(DatabricksAiComponent component) {
        component.setClock(clock);
    }

    static String oauthUri(String query) {
        return "databricks-ai:chat?host=" + host() + "&clientId=" + CLIENT_ID + "&clientSecret=" + CLIENT_SECRET
               + "&model=my-llm" + (query.isEmpty() ? "" : "&" + query);
    }

    static void tokenAnswer(String token, int delayMs) {
        wm.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(okJson(
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                .withFixedDelay(delayMs)));
    }

    static int tokenRequests() {
        return wm.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).size();
    }

    static int chatRequestsWith(String authorization) {
        return wm.findAll(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo(authorization))).size();
    }

    @Test
    void tokenIsFetchedWithClientCredentialsAndSentAsBearer() {
        tokenAnswer("oauth-token-1", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        Exchange out = send(oauthUri(""), "Hi");

        assertNull(out.getException());
        assertEquals("ok", out.getMessage().getBody());
        wm.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials&scope=all-apis")));
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer oauth-token-1")));
    }

    @Test
    void concurrentExchangesShareOneTokenRequestAndAnExpiredTokenIsRefreshedOnce() throws Exception {
        tokenAnswer("oauth-token-1", 400);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        sendConcurrently(20);

        assertEquals(1, tokenRequests());
        assertEquals(20, chatRequestsWith("Bearer oauth-token-1"));

        clock.advance(Duration.ofSeconds(3600)); // expired
        tokenAnswer("oauth-token-2", 400);
        sendConcurrently(20);

        assertEquals(2, tokenRequests());
        assertEquals(20, chatRequestsWith("Bearer oauth-token-2"));
    }

    private void sendConcurrently(int n) throws Exception {
        // one thread per exchange, released together: all n need a token at the same moment
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<CompletableFuture<Exchange>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return template.send(oauthUri(""), e -> e.getMessage().setBody("Hi"));
                }, pool));
            }
            go.countDown();
            for (CompletableFuture<Exchange> f : all) {
                assertNull(f.get(20, TimeUnit.SECONDS).getException());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStaleTokenIsStillUsedWhileOneRefreshRunsInTheBackground() throws Exception {
        tokenAnswer("oauth-token-1", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
        send(oauthUri(""), "Hi");

        clock.advance(Duration.ofSeconds(3600 - 120)); // 2 minutes before expiry: stale, still usable
        tokenAnswer("oauth-token-2", 300);
        Exchange during = send(oauthUri(""), "Hi");

        assertNull(during.getException());
        assertEquals(2, chatRequestsWith("Bearer oauth-token-1"));
        await(() -> tokenRequests() == 2);
        await(() -> {
            send(oauthUri(""), "Hi");
            return chatRequestsWith("Bearer oauth-token-2") >= 1;
        });
        assertEquals(2, tokenRequests());
    }

    @Test
    void concurrentExchangesOnAStaleTokenStartOneBackgroundRefresh() throws Exception {
        tokenAnswer("oauth-token-1", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
        send(oauthUri(""), "Hi");

        clock.advance(Duration.ofSeconds(3600 - 120)); // stale, still usable
        tokenAnswer("oauth-token-2", 1500); // slow: the 20 exchanges are done long before it answers
        sendConcurrently(20);

        // none waited for the slow refresh, and only one was started
        assertEquals(21, chatRequestsWith("Bearer oauth-token-1"));
        await(() -> tokenRequests() == 2);
        await(() -> {
            send(oauthUri(""), "Hi");
            return chatRequestsWith("Bearer oauth-token-2") >= 1;
        });
        assertEquals(2, tokenRequests());
    }

    @Test
    void aTokenWithin40SecondsOfExpiryIsNeverUsed() {
        tokenAnswer("oauth-token-1", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
        send(oauthUri(""), "Hi");

        clock.advance(Duration.ofSeconds(3600 - 39));
        tokenAnswer("oauth-token-2", 0);
        Exchange out = send(oauthUri(""), "Hi");

        assertNull(out.getException());
        assertEquals(1, chatRequestsWith("Bearer oauth-token-1"));
        assertEquals(1, chatRequestsWith("Bearer oauth-token-2"));
        assertEquals(2, tokenRequests());
    }

    @Test
    void endpointsOfTheSameWorkspaceAndClientShareTheToken() {
        tokenAnswer("oauth-token-1", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
        wm.stubFor(post(urlEqualTo("/serving-endpoints/other/invocations")).willReturn(okJson(ANSWER)));

        send(oauthUri(""), "Hi");
        send(oauthUri("temperature=0.5").replace("model=my-llm", "model=other"), "Hi");

        assertEquals(1, tokenRequests());
        wm.verify(1, postRequestedFor(urlEqualTo("/serving-endpoints/other/invocations"))
                .withHeader("Authorization", equalTo("Bearer oauth-token-1")));
    }

    @Test
    void a401DropsTheCachedToken() {
        tokenAnswer("oauth-token-1", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\":401,\"message\":\"Token expired\"}")));
        Exchange first = send(oauthUri(""), "Hi");
        assertInstanceOf(LlmAuthenticationException.class, first.getException());

        tokenAnswer("oauth-token-2", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
        Exchange second = send(oauthUri(""), "Hi");

        assertNull(second.getException());
        assertEquals(2, tokenRequests());
        assertEquals(1, chatRequestsWith("Bearer oauth-token-2"));
    }

    @Test
    void aRefusedTokenRequestFailsTheExchangeWithoutShowingTheSecret() {
        wm.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}")));

        Exchange out = send(oauthUri(""), "Hi");

        LlmAuthenticationException e = assertInstanceOf(LlmAuthenticationException.class, out.getException());
        assertEquals(401, e.getStatusCode());
        assertEquals("Databricks OAuth token endpoint returned HTTP 401: invalid_client; check that the configured API key "
                     + "or token is valid and may use this model or endpoint", e.getMessage());
        assertFalse(e.getMessage().contains(CLIENT_SECRET));
        assertEquals(0, wm.findAll(postRequestedFor(urlEqualTo(CHAT))).size());
    }

    @Test
    void clientCredentialsFromTheEnvironment() {
        env.put("DATABRICKS_HOST", host());
        env.put("DATABRICKS_CLIENT_ID", CLIENT_ID);
        env.put("DATABRICKS_CLIENT_SECRET", CLIENT_SECRET);
        tokenAnswer("oauth-env", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        Exchange out = send("databricks-ai:chat?model=my-llm", "Hi");

        assertNull(out.getException());
        wm.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer oauth-env")));
    }

    @Test
    void theClientIdOptionWithTheSecretFromTheEnvironment() {
        // the clientSecret option is documented to default to DATABRICKS_CLIENT_SECRET: id in the route, secret in env
        env.put("DATABRICKS_CLIENT_SECRET", CLIENT_SECRET);
        env.put("DATABRICKS_TOKEN", "dapi-not-used");
        tokenAnswer("oauth-mixed", 0);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        Exchange out = send("databricks-ai:chat?host=" + host() + "&clientId=" + CLIENT_ID + "&model=my-llm", "Hi");

        assertNull(out.getException());
        wm.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)).withHeader("Authorization", equalTo(BASIC)));
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer oauth-mixed")));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
