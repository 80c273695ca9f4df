package io.github.camelai.component.databricks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.camelai.llm.quota.PostgreSqlQuotaStore;
import io.github.camelai.llm.testing.LimitedChatService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @AfterEach
    void stop() throws Exception {
        replicas.forEach(CamelContext::stop);
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
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
        ProducerTemplate first = replica(postgres.getPostgresDatabase());
        ProducerTemplate second = replica(postgres.getPostgresDatabase());
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
        System.out.printf("REPLICAS %d calls in %.2f s, %d refused%n", calls, seconds, service.refused());
        assertEquals(0, failed, "no call failed");
        assertEquals(calls, service.answered());
        // together at 50 a second: about 4 s and few 429s; each at 50 a second would send 100 a second
        assertTrue(service.refused() <= calls * 3 / 100, service.refused() + " calls were refused with 429");
        assertTrue(seconds >= 3.2, "took " + seconds + " s: the replicas did not share the quota");
    }
}
