package io.github.camelai.component.databricks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.ServiceDescriptor;
import io.github.camelai.llm.support.LlmComponentSupport;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/**
 * The {@code databricks-ai} component: Databricks Foundation Model APIs (chat, completions, embeddings and the
 * Responses API) on serving endpoints. Every endpoint shares the component's HTTP connection pool, and endpoints
 * with the same workspace and OAuth client share one cached token.
 */
@Component("databricks-ai")
public class DatabricksAiComponent extends LlmComponentSupport {

    /** Serving endpoints name their request id in {@code x-request-id} or, behind some gateways, {@code x-databricks-request-id}. */
    static final ServiceDescriptor SERVICE
            = new ServiceDescriptor("Databricks", List.of(ServiceDescriptor.REQUEST_ID, "x-databricks-request-id"));

    static final String ENV_HOST = "DATABRICKS_HOST";
    static final String ENV_TOKEN = "DATABRICKS_TOKEN";
    static final String ENV_CLIENT_ID = "DATABRICKS_CLIENT_ID";
    static final String ENV_CLIENT_SECRET = "DATABRICKS_CLIENT_SECRET";

    @Metadata(description = "The configuration shared by all endpoints; each endpoint gets its own copy.")
    private DatabricksAiConfiguration configuration = new DatabricksAiConfiguration();

    private final Map<String, DatabricksOAuthTokenProvider> oauthProviders = new ConcurrentHashMap<>();
    private Function<String, String> environment = System::getenv;
    private Clock clock = Clock.systemUTC();

    public DatabricksAiComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DatabricksAiOperation operation;
        try {
            operation = DatabricksAiOperation.valueOf(remaining);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown databricks-ai operation '" + remaining
                                               + "': use chat, completion, embedding or responses", e);
        }
        DatabricksAiEndpoint endpoint = new DatabricksAiEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** Reads an environment variable; tests replace the lookup. */
    protected String environmentVariable(String name) {
        String value = environment.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Replaces where environment variables are read from (tests). */
    void setEnvironment(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Replaces the clock OAuth token expiry is measured against (tests). */
    void setClock(Clock clock) {
        this.clock = clock;
    }

    /**
     * The workspace of an endpoint: its host option, else the component's, else DATABRICKS_HOST. Here and in
     * {@link #resolveAuth} a blank option counts as not set: a Kamelet parameter or property placeholder that resolved
     * to nothing must not hide the component's value.
     */
    DatabricksUrls resolveHost(DatabricksAiConfiguration cfg) {
        String host = option(cfg.getHost());
        if (host != null) {
            return DatabricksUrls.of(host, "The host option");
        }
        String env = environmentVariable(ENV_HOST);
        if (env != null) {
            return DatabricksUrls.of(env, "The " + ENV_HOST + " environment variable");
        }
        // names the property form too: on Spring Boot it binds only with the starter, silently ignored without it
        throw new IllegalArgumentException("No Databricks workspace configured: set the host option "
                                           + "(e.g. https://adb-1234567890123456.7.azuredatabricks.net) on the endpoint, "
                                           + "or the property camel.component.databricks-ai.host (on Spring Boot: with "
                                           + "camel-databricks-ai-starter), or the " + ENV_HOST + " environment variable");
    }

    /**
     * The credentials of an endpoint, first found wins: the token option; the clientId and/or clientSecret options
     * (OAuth machine-to-machine; a half not set as an option comes from its environment variable);
     * DATABRICKS_TOKEN; DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET.
     */
    AuthProvider resolveAuth(DatabricksAiConfiguration cfg, DatabricksUrls urls) throws Exception {
        String optionToken = option(cfg.getToken());
        if (optionToken != null) {
            return AuthProvider.fixed("Bearer " + optionToken);
        }
        String optionId = option(cfg.getClientId());
        String optionSecret = option(cfg.getClientSecret());
        if (optionId != null || optionSecret != null) {
            // as documented (and as the Databricks SDKs do), each half defaults to its environment variable: the
            // client id in the route, the secret in DATABRICKS_CLIENT_SECRET
            String id = optionId != null ? optionId : environmentVariable(ENV_CLIENT_ID);
            String secret = optionSecret != null ? optionSecret : environmentVariable(ENV_CLIENT_SECRET);
            if (id == null) {
                throw new IllegalArgumentException("The clientSecret option is set but clientId is not: OAuth "
                                                   + "machine-to-machine needs both");
            }
            if (secret == null) {
                throw new IllegalArgumentException("The clientId option is set but clientSecret is not: OAuth "
                                                   + "machine-to-machine needs both");
            }
            return oauth(cfg, urls, id, secret);
        }
        String token = environmentVariable(ENV_TOKEN);
        if (token != null) {
            return AuthProvider.fixed("Bearer " + token);
        }
        String id = environmentVariable(ENV_CLIENT_ID);
        String secret = environmentVariable(ENV_CLIENT_SECRET);
        if (id != null && secret != null) {
            return oauth(cfg, urls, id, secret);
        }
        if (id != null || secret != null) {
            throw new IllegalArgumentException("The environment variable " + (id != null ? ENV_CLIENT_ID : ENV_CLIENT_SECRET)
                                               + " is set but " + (id != null ? ENV_CLIENT_SECRET : ENV_CLIENT_ID)
                                               + " is not: OAuth machine-to-machine needs both");
        }
        throw new IllegalArgumentException("No Databricks credentials configured: set the token option (a personal "
                                           + "access token) or the clientId and clientSecret options (OAuth "
                                           + "machine-to-machine), on the endpoint or as the properties "
                                           + "camel.component.databricks-ai.token, .client-id, .client-secret (on Spring "
                                           + "Boot: with camel-databricks-ai-starter), or the environment variable " + ENV_TOKEN
                                           + ", or " + ENV_CLIENT_ID + " and " + ENV_CLIENT_SECRET);
    }

    private AuthProvider oauth(DatabricksAiConfiguration cfg, DatabricksUrls urls, String clientId, String clientSecret)
            throws Exception {
        // one token per workspace and client, shared by every endpoint that uses them
        String key = urls.host() + "\n" + clientId + "\n" + Integer.toHexString(clientSecret.hashCode());
        DatabricksOAuthTokenProvider existing = oauthProviders.get(key);
        if (existing != null) {
            return existing;
        }
        LlmHttpClient tokenClient = newHttpClient(new ServiceDescriptor("Databricks OAuth token endpoint", SERVICE.requestIdHeaders()), cfg,
                () -> CompletableFuture.completedFuture(null));
        DatabricksOAuthTokenProvider created = DatabricksOAuthTokenProvider.create(urls.oauthToken(), clientId, clientSecret,
                tokenClient, clock, Duration.ofMillis(cfg.getTokenRefreshAhead()));
        DatabricksOAuthTokenProvider raced = oauthProviders.putIfAbsent(key, created);
        return raced != null ? raced : created;
    }

    /**
     * An option's value, trimmed; null when blank. The component's value is already in the endpoint's configuration
     * when the endpoint has none (a blank endpoint value does not replace it: LlmComponentSupport.setProperties).
     */
    private static String option(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    protected void doStop() throws Exception {
        oauthProviders.clear();
        super.doStop();
    }

    public DatabricksAiConfiguration getConfiguration() {
        return configuration;
    }

    /** The configuration shared by all endpoints; each endpoint gets its own copy. */
    public void setConfiguration(DatabricksAiConfiguration configuration) {
        this.configuration = configuration;
    }
}
