package io.github.camelai.component.databricks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.support.LlmJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth machine-to-machine for a Databricks service principal: a token from {@code {host}/oidc/v1/token}
 * ({@code grant_type=client_credentials&scope=all-apis}, client credentials as HTTP Basic), cached and shared by
 * every request.
 * <ul>
 * <li>A fresh token is returned at once, with no I/O.</li>
 * <li>A stale token (within {@code refreshAhead} of its expiry, at most half its lifetime) is still returned at
 * once while one refresh runs in the background.</li>
 * <li>A token within 40 seconds of its expiry (Azure rejects tokens within 30 s of it), or none at all: requests
 * wait on the refresh, never blocking a thread: they all get the same {@link CompletableFuture}.</li>
 * <li>At most one token request is in flight at a time, however many calls need one.</li>
 * </ul>
 * Neither the secret nor a token ever appears in {@link #toString()}, logs or messages.
 */
public final class DatabricksOAuthTokenProvider implements AuthProvider {

    private static final Logger LOG = LoggerFactory.getLogger(DatabricksOAuthTokenProvider.class);

    /** A token is never used this close to its expiry. */
    static final Duration NEVER_WITHIN = Duration.ofSeconds(40);
    /** When the answer has no expires_in. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    static final String FORM = "grant_type=client_credentials&scope=all-apis";
    /** After a failed refresh, how long calls that still hold a usable token leave the token endpoint alone. */
    static final Duration BACKGROUND_RETRY_PAUSE = Duration.ofSeconds(10);

    /** One token: its header value and when it goes stale and becomes unusable. */
    record Token(String headerValue, Instant staleAt, Instant unusableAt) {
        @Override
        public String toString() {
            return "Token[****, staleAt=" + staleAt + ", unusableAt=" + unusableAt + "]";
        }
    }

    private final String description;
    private final Supplier<CompletableFuture<JsonNode>> fetch;
    private final Clock clock;
    private final Duration refreshAhead;
    private final AtomicLong tokenRequests = new AtomicLong();

    private volatile Token current;
    private CompletableFuture<String> refreshing; // guarded by this
    private volatile Instant backgroundPausedUntil = Instant.MIN;

    /**
     * @param description  what to call it in messages (host and client id; no secret)
     * @param fetch        sends one token request and completes with the JSON answer
     * @param clock        the time tokens are measured against
     * @param refreshAhead how long before expiry a token counts as stale
     */
    DatabricksOAuthTokenProvider(String description, Supplier<CompletableFuture<JsonNode>> fetch, Clock clock,
                                 Duration refreshAhead) {
        this.description = description;
        this.fetch = fetch;
        this.clock = clock;
        this.refreshAhead = refreshAhead.isNegative() ? Duration.ZERO : refreshAhead;
    }

    /** A provider that asks {@code tokenUrl} through {@code client} (which must send no Authorization of its own). */
    static DatabricksOAuthTokenProvider create(String tokenUrl, String clientId, String clientSecret, LlmHttpClient client,
                                               Clock clock, Duration refreshAhead) {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        LlmHttpRequest request = LlmHttpRequest.postForm(tokenUrl, FORM)
                .withHeader("Authorization", basic)
                .withHeader("Accept", "application/json");
        return new DatabricksOAuthTokenProvider("OAuth client " + clientId + " at " + tokenUrl,
                () -> client.send(request).thenApply(r -> LlmJson.read(r.body(), JsonNode.class, "the OAuth token")),
                clock, refreshAhead);
    }

    @Override
    public CompletableFuture<String> authorization() {
        Token t = current;
        if (t != null) {
            Instant now = clock.instant();
            if (now.isBefore(t.staleAt())) {
                return CompletableFuture.completedFuture(t.headerValue());
            }
            if (now.isBefore(t.unusableAt())) {
                if (!now.isBefore(backgroundPausedUntil)) {
                    refresh(); // in the background: this call goes on with the stale but valid token
                }
                return CompletableFuture.completedFuture(t.headerValue());
            }
        }
        return refresh();
    }

    /** The shared refresh in flight, or a new one. */
    private CompletableFuture<String> refresh() {
        CompletableFuture<String> f;
        synchronized (this) {
            if (refreshing != null) {
                return refreshing;
            }
            f = new CompletableFuture<>();
            refreshing = f;
        }
        tokenRequests.incrementAndGet();
        Instant asked = clock.instant();
        CompletableFuture<JsonNode> answer;
        try {
            answer = fetch.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((json, error) -> {
            Token token = null;
            Throwable failure = error;
            if (failure == null) {
                try {
                    token = token(json, asked);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            synchronized (this) {
                if (token != null) {
                    current = token;
                }
                refreshing = null;
            }
            if (failure != null) {
                // a token endpoint that fails is not asked again by every exchange while the old token still works
                backgroundPausedUntil = clock.instant().plus(BACKGROUND_RETRY_PAUSE);
                LOG.warn("Databricks OAuth token request for {} failed: {}", description, failure.getMessage());
                f.completeExceptionally(failure);
            } else {
                f.complete(token.headerValue());
            }
        });
        return f;
    }

    private Token token(JsonNode json, Instant asked) {
        JsonNode access = json == null ? null : json.get("access_token");
        if (access == null || !access.isTextual() || access.textValue().isBlank()) {
            throw new LlmException("The Databricks OAuth token answer for " + description + " has no access_token");
        }
        String type = json.hasNonNull("token_type") ? json.get("token_type").asText() : "Bearer";
        if (type.equalsIgnoreCase("bearer")) {
            type = "Bearer";
        }
        Duration lifetime = json.hasNonNull("expires_in") && json.get("expires_in").asLong() > 0
                ? Duration.ofSeconds(json.get("expires_in").asLong()) : DEFAULT_LIFETIME;
        Instant expiresAt = asked.plus(lifetime);
        Duration ahead = refreshAhead.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshAhead;
        Instant unusableAt = expiresAt.minus(NEVER_WITHIN);
        Instant staleAt = expiresAt.minus(ahead);
        if (staleAt.isAfter(unusableAt)) {
            staleAt = unusableAt;
        }
        return new Token(type + " " + access.textValue(), staleAt, unusableAt);
    }

    @Override
    public void unauthorized(String headerValue) {
        synchronized (this) {
            Token t = current;
            if (t != null && t.headerValue().equals(headerValue)) {
                current = null; // the next call fetches a new token
            }
        }
    }

    /** How many token requests were started (for monitoring and tests). */
    public long tokenRequests() {
        return tokenRequests.get();
    }

    @Override
    public String toString() {
        return "DatabricksOAuthTokenProvider[" + description + "]";
    }
}
