package io.github.camelai.component.baseten;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every complete YAML route in docs/baseten.md loads with camel-yaml-dsl and its endpoints configure. */
class BasetenDocsYamlTest {

    @Test
    void yamlRoutesInTheDocsLoad() throws Exception {
        String doc = Files.readString(Path.of("../docs/baseten.md"));
        Matcher m = Pattern.compile("```yaml\\n(- route:.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> routes = new ArrayList<>();
        while (m.find()) {
            routes.add(m.group(1));
        }
        assertTrue(routes.size() >= 8, "routes found: " + routes.size());
        for (int i = 0; i < routes.size(); i++) {
            try (CamelContext ctx = new DefaultCamelContext()) {
                ctx.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", "k")));
                ctx.setAutoStartup(false);
                PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.fromString("doc" + i + ".yaml", routes.get(i)));
                ctx.start();
                assertEquals(1, ctx.getRoutes().size(), routes.get(i));
                // the baseten endpoints were created with the route's options
                assertTrue(ctx.getEndpoints().stream().anyMatch(e -> e instanceof BasetenEndpoint), routes.get(i));
            }
        }
    }

    /** The two routes of docs/baseten-async.md (Kafka swapped for direct and mock, the secret's variable for a value). */
    @Test
    void asyncDocYamlLoads() throws Exception {
        String doc = Files.readString(Path.of("../docs/baseten-async.md"));
        Matcher m = Pattern.compile("```yaml\\n(- route:.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "the async page has a YAML example");
        String yaml = m.group(1).replace("kafka:documents", "direct:documents").replace("kafka:results", "mock:results")
                .replace("{{env:BASETEN_WEBHOOK_SECRET}}", "whsec_doc+secret&x");
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", "k")));
            ctx.setAutoStartup(false);
            PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.fromString("async.yaml", yaml));
            ctx.start();
            assertEquals(2, ctx.getRoutes().size(), yaml);
            BasetenEndpoint submit = ctx.getEndpoints().stream()
                    .filter(e -> e instanceof BasetenEndpoint b && b.getOperation() == BasetenOperation.ASYNC_PREDICT)
                    .map(BasetenEndpoint.class::cast).findFirst().orElseThrow();
            assertEquals("abcd1234", submit.getConfiguration().getModelId());
            assertEquals("https://hooks.example.com/baseten/results", submit.getConfiguration().getWebhookEndpoint());
            assertEquals(1, submit.getConfiguration().getPriority());
            assertEquals(3600, submit.getConfiguration().getMaxTimeInQueueSeconds());
            BasetenEndpoint hook = (BasetenEndpoint) ctx.getRoute("receive-results").getEndpoint();
            assertEquals("/baseten/results", hook.getConfiguration().getPath());
            // the YAML DSL keeps the secret intact (RAW), '+' and '&' included
            assertEquals("whsec_doc+secret&x", hook.getConfiguration().getWebhookSecret());
        }
    }
}
