package io.github.camelai.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's demo, end to end: Camel Main with the YAML routes, the emulator, the webhook; then it stops. */
class DemoMainTest {

    @Test
    void runsEveryStepAndStops() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ok = DemoMain.run(out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, text);
        // Baseten: 5 system-message words + 4 question words in, 4 out
        assertTrue(text.contains("A: WHAT IS APACHE CAMEL?   (model deepseek-ai/DeepSeek-V3.1; tokens: 9 in, 4 out, 13 total)"),
                text);
        assertTrue(text.contains("A: WHAT DOES A SERVING ENDPOINT DO?   (model databricks-meta-llama-3-3-70b-instruct; "
                                 + "tokens: 6 in, 6 out, 12 total)"),
                text);
        assertTrue(text.contains("A: WHY USE A JAVA ROUTE?"), text);
        // two tool calls in one round; 8 question words + 2 tool results of 4 words in; 2 x 5 + 16 words out
        assertTrue(text.contains("A: WHAT IS THE WEATHER IN PARIS AND ROME? [Paris: 21 °C, sunny; Rome: 21 °C, sunny]   "
                                 + "(1 round of tool calls; tokens over all rounds: 24 in, 26 out, 50 total)"), text);
        assertTrue(text.contains("A: STREAM THIS ANSWER WORD BY WORD PLEASE   (9 chunks; tokens: 7 in, 7 out, 14 total)"),
                text);
        assertTrue(text.contains("A: STREAM ON THE WIRE ANSWER ONCE   (model databricks-meta-llama-3-3-70b-instruct; "
                                 + "tokens: 6 in, 6 out, 12 total)"),
                text);
        assertTrue(text.matches("(?s).*first token after \\d+ ms.*"), text);
        assertTrue(text.matches("(?s).*webhook delivered request req-\\d+ from model emu12345: "
                                + "\\{output=\\{prompt=A LONG RUNNING JOB, max_tokens=64}}.*"),
                text);
        assertTrue(text.contains("Demo finished: every answer arrived"), text);
    }
}
