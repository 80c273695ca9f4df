package io.github.camelai.component.databricks;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hostile input the other Databricks tests do not cover (see the table in docs/reliability.md): headers that try
 * to redirect a call or replace the token, and zero or negative limits.
 */
class HostileInputTest extends DatabricksTestSupport {

    private static final String PATH = "/serving-endpoints/ep/invocations";

    @Test
    void urlAndCredentialHeadersNeitherRedirectTheCallNorReplaceTheToken() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"ep\","
                                                             + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                                             + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
        Exchange out = send(uri("chat", "model=ep"), "Hi", Map.of(
                "Authorization", "Bearer dapi-stolen-0000000000",
                "Host", "evil.example.com",
                Exchange.HTTP_URI, "http://evil.example.com/steal",
                "CamelDatabricksAiHost", "http://evil.example.com",
                "CamelDatabricksAiToken", "dapi-stolen-0000000000",
                "CamelDatabricksAiServedModel", "../../api/2.0/secrets"));
        assertNull(out.getException());
        assertEquals("ok", out.getMessage().getBody());
        assertEquals(1, requestCount());
        wm.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Host", equalTo("localhost:" + wm.port())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "requestTimeout=0|requestTimeout must be positive, got 0; use e.g. 300000 or 5m",
            "maxRetries=-1|maxRetries must not be negative, got -1; 0 turns retries off",
            "maxTokens=-3|maxTokens must be positive, got -3 (option); leave it unset for the service's default",
    })
    void zeroOrNegativeOptionsFailTheRouteAtStart(String option, String message) {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad").to(uri("chat", "model=ep&" + option));
            }
        }));
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, root);
        assertEquals(message, root.getMessage());
        assertEquals(0, requestCount());
    }

    @Test
    void aZeroCountInAHeaderFailsTheExchangeBeforeAnyCall() {
        Exception e = send(uri("chat", "model=ep"), "Hi", Map.of(DatabricksAiConstants.MAX_TOKENS, 0)).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("maxTokens must be positive, got 0 (option or header); leave it unset for the service's default",
                e.getMessage());
        assertEquals(0, requestCount());
    }
}
