package io.github.camelai.component.baseten;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hostile input the other Baseten tests do not cover (see the table in docs/reliability.md): headers that try to
 * redirect a call or replace the key, and zero or negative limits.
 */
class BasetenHostileInputTest extends BasetenWireMockSupport {

    private static String chat(String options) {
        return "baseten:chat?baseUrl=" + baseUrl() + "&model=m" + (options.isEmpty() ? "" : "&" + options);
    }

    @Test
    void urlAndCredentialHeadersNeitherRedirectTheCallNorReplaceTheKey() {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(chatResponse("ok"))));
        Map<String, Object> hostile = Map.of(
                "Authorization", "Bearer stolen-token-999",
                "Host", "evil.example.com",
                Exchange.HTTP_URI, "http://evil.example.com/steal",
                Exchange.HTTP_PATH, "/../../steal",
                "CamelBasetenBaseUrl", "http://evil.example.com/v1",
                "CamelBasetenModelUrl", "http://evil.example.com/predict",
                "CamelBasetenApiKey", "stolen-key-999",
                "X-Forwarded-Host", "evil.example.com");
        Exchange out = send(chat(""), "Hi", hostile);
        assertNull(out.getException());
        assertEquals("ok", out.getMessage().getBody());
        wm.verify(1, anyRequestedFor(anyUrl()));
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withHeader("Host", equalTo("localhost:" + wm.port()))
                .withoutHeader("X-Forwarded-Host"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "requestTimeout=0|requestTimeout must be positive, got 0; use e.g. 300000 or 5m",
            "connectTimeout=-1|connectTimeout must be positive, got -1; use e.g. 10000 or 10s",
            "streamIdleTimeout=0|streamIdleTimeout must be positive, got 0; use e.g. 60000 or 60s",
            "retryInitialDelay=0|retryInitialDelay must be positive, got 0; use e.g. 1000 or 1s; set maxRetries=0 to turn retries off",
            "maxRetries=-1|maxRetries must not be negative, got -1; 0 turns retries off",
            "maxConcurrentRequests=-5|maxConcurrentRequests must not be negative, got -5; 0 means no cap",
            "batchSize=0|batchSize must be positive, got 0; use e.g. 32",
            "maxTokens=0|maxTokens must be positive, got 0 (option); leave it unset for the service's default",
            "n=-1|n must be positive, got -1 (option); it is the number of answers to generate",
    })
    void zeroOrNegativeOptionsFailTheRouteAtStart(String option, String message) {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad").to(chat(option));
            }
        }));
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, root);
        assertEquals(message, root.getMessage());
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CamelBasetenMaxTokens|0|maxTokens must be positive, got 0 (option or header); leave it unset for the service's default",
            "CamelBasetenN|-2|n must be positive, got -2 (option or header); it is the number of answers to generate",
    })
    void zeroOrNegativeCountsInHeadersFailTheExchangeBeforeAnyCall(String header, String value, String message) {
        Exception e = send(chat(""), "Hi", Map.of(header, value)).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals(message, e.getMessage());
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void zeroIoThreadsOrNegativeConnectionsAreRefused() throws Exception {
        BasetenComponent component = (BasetenComponent) context.getComponent("baseten");
        component.setIoThreads(0);
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad").to(chat(""));
            }
        }));
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        assertEquals("ioThreads must be positive and maxConnections 0 (sized from the endpoints) or positive, got 0 and 0; "
                     + "the defaults are 2 and 0", root.getMessage());
    }
}
