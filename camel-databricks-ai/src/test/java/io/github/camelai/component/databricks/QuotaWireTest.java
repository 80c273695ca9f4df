package io.github.camelai.component.databricks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.testing.LimitedChatService;
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
 * tokensPerMinute against a stand-in service that refuses calls beyond its tokens a second with 429: the quota
 * keeps a burst of calls within it.
 */
class QuotaWireTest {

    private LimitedChatService service;
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aBurstOfCallsStaysWithinATokensQuotaJustUnderTheServices() throws Exception {
        // the service charges each call its body / 4 plus 20 completion tokens, 4,000 a second at most
        service = LimitedChatService.builder().tokensPerSecond(4_000).completionTokens(20)
                .latency(Duration.ofMillis(50)).start();
        long tokensPerMinute = 4_000 * 60 * 9 / 10;
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to("databricks-ai:chat?host=" + service.baseUrl() + "&token=dapi-test&model=m"
                                      + "&maxTokens=20&tokensPerMinute=" + tokensPerMinute);
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        int calls = 100;
        String question = "q".repeat(400); // about 135 tokens a call, as the service counts: 26 calls a second
        long start = System.nanoTime();
        List<CompletableFuture<Exchange>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(template.asyncSend("direct:ask", e -> e.getMessage().setBody(question)));
        }
        int failed = 0;
        for (CompletableFuture<Exchange> a : answers) {
            if (a.get(60, TimeUnit.SECONDS).getException() != null) {
                failed++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, failed, "no call failed");
        assertEquals(calls, service.answered());
        assertTrue(service.refused() <= calls / 10, service.refused() + " calls were refused with 429");
        // 100 calls of ~135 tokens at 3,600 a minute's second: about 3.7 s; the same burst unlimited takes < 1 s
        assertTrue(seconds >= 2.5 && seconds < 20, "took " + seconds + " s");
    }
}
