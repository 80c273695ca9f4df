package io.github.camelai.component.databricks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.camelai.llm.quota.PostgreSqlQuotaStore;
import io.github.camelai.llm.testing.LimitedChatService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas (two CamelContexts, as two JVMs would be: neither sees the other's memory) share one
 * requestsPerMinute quota through a PostgreSQL store, in front of one service that refuses calls beyond 55 a
 * second. Each alone is allowed the whole quota, so without the store they would send twice the service's limit.
 */
class QuotaReplicasTest {

    private EmbeddedPostgres postgres;
    private LimitedChatService service;
    private final List<CamelContext> replicas = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        replicas.forEach(CamelContext::stop);
        pools.forEach(HikariDataSource::close);
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The store example of docs/quotas.md, loaded by camel-yaml-dsl: its beans, against the embedded database. */
    @Test
    void theDocsStoreExampleRuns() throws Exception {
        postgres = EmbeddedPostgres.start();
        service = LimitedChatService.builder().start();
        String doc = Files.readString(Path.of("../docs/quotas.md"));
        Matcher m = Pattern.compile("```yaml\n(- beans:.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/quotas.md has the store example");
        String yaml = m.group(1)
                .replace("jdbc:postgresql://db:5432/app", postgres.getJdbcUrl("postgres", "postgres"))
                .replace("user: app", "user: postgres")
                .replace("\"{{env:QUOTA_DB_PASSWORD}}\"", "postgres")
                .replace("kafka:questions", "direct:questions")
                .replace("kafka:answers", "mock:answers");
        CamelContext context = new DefaultCamelContext();
        DatabricksAiComponent component = new DatabricksAiComponent();
        java.util.Map<String, String> env = java.util.Map.of("DATABRICKS_HOST", service.baseUrl(), "DATABRICKS_TOKEN", "dapi-test");
        component.setEnvironment(env::get);
        context.addComponent("databricks-ai", component);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("quotas.yaml", yaml));
        context.start();
        replicas.add(context);
        Exchange out = context.createProducerTemplate().send("direct:questions", e -> e.getMessage().setBody("Hello"));
        assertNull(out.getException());
        assertEquals("An answer.", out.getMessage().getBody(String.class));
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = c.createStatement().executeQuery("SELECT id FROM camel_llm_quota ORDER BY id")) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            assertEquals(2, ids.size(), "a requests and a tokens bucket: " + ids);
            assertTrue(ids.get(0).contains("requests|600"), ids.toString());
            assertTrue(ids.get(1).contains("tokens|180000"), ids.toString());
        }
    }

    /** A replica's connection pool to the shared database. */
    private DataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private ProducerTemplate replica(DataSource database) throws Exception {
        CamelContext context = new DefaultCamelContext();
        // each replica its own store object over the same database, as separate JVMs have
        context.getRegistry().bind("llmQuotaStore", new PostgreSqlQuotaStore(database));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to("databricks-ai:chat?host=" + service.baseUrl() + "&token=dapi-test&model=m"
                                      + "&requestsPerMinute=3000&rateLimitStore=#llmQuotaStore");
            }
        });
        context.start();
        replicas.add(context);
        return context.createProducerTemplate();
    }

    @Test
    void twoReplicasSharingAStoreStayTogetherWithinTheQuota() throws Exception {
        postgres = EmbeddedPostgres.start();
        service = LimitedChatService.builder().requestsPerSecond(55).latency(Duration.ofMillis(50)).start();
        ProducerTemplate first = replica(pool());
        ProducerTemplate second = replica(pool());
        int perReplica = 100;
        long start = System.nanoTime();
        List<CompletableFuture<Exchange>> answers = new ArrayList<>();
        for (int i = 0; i < perReplica; i++) {
            answers.add(first.asyncSend("direct:ask", e -> e.getMessage().setBody("Hello")));
            answers.add(second.asyncSend("direct:ask", e -> e.getMessage().setBody("Hello")));
        }
        int failed = 0;
        for (CompletableFuture<Exchange> a : answers) {
            if (a.get(90, TimeUnit.SECONDS).getException() != null) {
                failed++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int calls = 2 * perReplica;
        assertEquals(0, failed, "no call failed");
        assertEquals(calls, service.answered());
        // together at 50 a second: about 4 s and few 429s; each at 50 a second would send 100 a second
        assertTrue(service.refused() <= calls * 3 / 100, service.refused() + " calls were refused with 429");
        assertTrue(seconds >= 3.2, "took " + seconds + " s: the replicas did not share the quota");
    }
}
