package io.github.camelai.llm.http;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlRulesTest {

    @Test
    void onlyHttpSchemesCount() {
        assertEquals("https", UrlRules.httpScheme(URI.create("HTTPS://a.example")));
        assertEquals("http", UrlRules.httpScheme(URI.create("http://a.example")));
        assertNull(UrlRules.httpScheme(URI.create("ftp://a.example")));
        assertNull(UrlRules.httpScheme(URI.create("a.example/x")));
    }

    @Test
    void localMeansLoopbackByName() {
        assertTrue(UrlRules.isLocal("localhost"));
        assertTrue(UrlRules.isLocal("LOCALHOST"));
        assertTrue(UrlRules.isLocal("127.0.0.1"));
        assertTrue(UrlRules.isLocal("127.1.2.3"));
        assertTrue(UrlRules.isLocal(URI.create("http://[::1]:8080/").getHost()));
        assertFalse(UrlRules.isLocal("localhost.example.com"));
        assertFalse(UrlRules.isLocal("10.0.0.1"));
        assertFalse(UrlRules.isLocal("1127.0.0.1"));
        assertFalse(UrlRules.isLocal(null));
    }

    @Test
    void plainHttpOnlyToTheLocalMachine() {
        assertTrue(UrlRules.secureEnough(URI.create("https://api.example.com/v1")));
        assertTrue(UrlRules.secureEnough(URI.create("http://localhost:8089/v1")));
        assertTrue(UrlRules.secureEnough(URI.create("http://127.0.0.1:8089")));
        assertFalse(UrlRules.secureEnough(URI.create("http://api.example.com/v1")));
        assertFalse(UrlRules.secureEnough(URI.create("ws://localhost/")));
    }
}
