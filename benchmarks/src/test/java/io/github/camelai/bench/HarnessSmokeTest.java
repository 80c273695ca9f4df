package io.github.camelai.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.support.LlmJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that the harness works (a few seconds, tiny loads); it asserts no timings. The numbers come from
 * {@code benchmarks/run.sh}, see docs/benchmarks.md.
 */
class HarnessSmokeTest {

    private static LoadServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LoadServer.start(0, 4, 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void fixturesAreWhatTheBenchmarksClaim() throws Exception {
        ChatCompletion answer = LlmJson.MAPPER.readValue(Fixtures.chatCompletionJson(), ChatCompletion.class);
        assertEquals(600, answer.firstMessage().text().length());
        assertEquals("stop", answer.finishReason());

        int chunks = 1000;
        byte[] stream = Fixtures.sseStream(chunks);
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add);
        for (int off = 0; off < stream.length; off += 8192) {
            decoder.feed(stream, off, Math.min(8192, stream.length - off));
        }
        decoder.finish();
        assertEquals(chunks + 2, events.size());
        assertTrue(events.get(events.size() - 1).isDone());
        long wire = events.stream().mapToLong(e -> Fixtures.eventBytes(e.data())).sum();
        assertEquals(stream.length, wire, "eventBytes must count exactly what the server writes");
    }

    @Test
    void jmhBenchmarksAreGenerated() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(in, "the JMH annotation processor did not run");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(list.contains("SseDecodeBench"), list);
            assertTrue(list.contains("ChatParseBench"), list);
        }
    }

    @Test
    void transportLoadRunsBothClients() throws Exception {
        for (String client : new String[] {"hc5", "jdk"}) {
            long before = server.chatCalls();
            TransportLoad.Result r = TransportLoad.run(client, server.baseUrl(), 4, 5, 0.3, 1.0, 2);
            assertEquals(client, r.client());
            assertEquals(0, r.errors(), String.valueOf(r.firstError()));
            assertNull(r.firstError());
            assertTrue(r.calls() > 0, "no call answered");
            assertTrue(server.chatCalls() - before >= r.calls(), "the server saw fewer calls than counted");
            assertTrue(r.p50Ms() > 0 && r.p99Ms() >= r.p50Ms() && r.maxMs() >= r.p99Ms());
            assertTrue(r.threadsDuring() > 0 && r.peakThreads() >= r.threadsDuring());
        }
    }

    @Test
    void streamBenchRunsBothReaders() throws Exception {
        StreamBench.Result r = StreamBench.run(server.baseUrl(), 3, 5, 0, 3000, 1.2, 0);
        assertEquals(3, r.ttfc().streams());
        assertEquals(5 + 2, r.ttfc().eventsPerStream());
        assertEquals(3, r.slowReaders().size());
        for (StreamBench.SlowReader s : r.slowReaders()) {
            assertEquals(Fixtures.sseStream(3000).length, s.streamBytes());
            assertFalse(s.samples().isEmpty(), s.mode());
            StreamBench.Sample last = s.samples().get(s.samples().size() - 1);
            assertTrue(last.eventsRead() > 0, s.mode());
            assertTrue(last.serverBytesWritten() >= last.bytesRead(), s.mode() + ": read more than written?");
        }
    }

    @Test
    void endToEndHarnessRunsTheComponentAndTheRawClientAndDrawsItsChart() throws Exception {
        try (E2eServer e2e = E2eServer.start(null, null)) {
            E2eClients.Target target = new E2eClients.Target(e2e.port(), -1, null, null);
            for (String client : new String[] {"raw-hc5", "baseten"}) {
                E2eLoad.Result r = E2eLoad.run(client, target, 4, 5, 0.3, 1.0);
                assertEquals(0, r.errors(), String.valueOf(r.firstError()));
                assertTrue(r.calls() > 0, client + ": no call answered");
                assertTrue(r.cpuMicrosPerCall() > 0 && r.peakThreads() > 0, client);
            }
            for (String client : new String[] {"raw-hc5", "baseten"}) {
                E2eStream.Result s = E2eStream.run(client, target, 3, 1);
                assertEquals(3, s.streams());
                assertTrue(s.chunks() >= E2eServer.STREAM_CHUNKS, client + " read " + s.chunks() + " chunks");
                assertTrue(s.p50Ms() > 0, client);
            }
        }
        String svg = SvgChart.document("caption", 600, java.util.List.of(new SvgChart("t", java.util.List.of("a", "b"), false)
                .row("x", 1, 2), new SvgChart("u", java.util.List.of("a"), true).row("y", 1000)));
        assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>") && svg.contains(">x</text>"), svg);
    }

    @Test
    void theReportKeepsTheMedianRunAndSortsThreadsByRole() {
        E2eLoad.Result a = result(90);
        E2eLoad.Result b = result(70);
        E2eLoad.Result c = result(120);
        assertEquals(90, E2eReport.median(java.util.List.of(a, b, c)).cpuNoJitMicrosPerCall());
        assertEquals(70, E2eReport.median(java.util.List.of(a, b)).cpuNoJitMicrosPerCall(), "of two, the lower");
        double[] parts = E2eReport.parts(java.util.Map.of("httpclient-disp", 40.0, "Camel (camel-1)", 20.0, "hop-worker", 1.0,
                "GC Thread", 3.0, "G1 Refine", 5.0, "VM Thread", 0.5));
        assertEquals(40.0, parts[0]);
        assertEquals(21.0, parts[1]);
        assertEquals(8.0, parts[2]);
        assertEquals(0.5, parts[3]);
    }

    private static E2eLoad.Result result(double noJit) {
        return new E2eLoad.Result("c", 1, 1, 1, 1, 0, null, 1, noJit + 10, 0, 0, 0, 0, 0, 0, 0, "", 0, noJit, 0,
                java.util.Map.of());
    }
}
