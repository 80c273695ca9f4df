package io.github.camelai.llm.model;

/**
 * Token counts added up over several answers (the rounds of a tool loop, the batches of an embedding call, the
 * prompts of a multi-prompt completion); a count that no answer reported stays {@code null}, so no header or meter
 * shows a 0 that the service never sent.
 */
public final class UsageSum {

    private Integer prompt;
    private Integer completion;
    private Integer total;
    private Integer reasoning;

    public synchronized void add(Usage u) {
        if (u == null) {
            return;
        }
        prompt = plus(prompt, u.getPromptTokens());
        completion = plus(completion, u.getCompletionTokens());
        total = plus(total, u.getTotalTokens());
        reasoning = plus(reasoning, u.reasoningTokens());
    }

    public synchronized Usage total() {
        if (prompt == null && completion == null && total == null && reasoning == null) {
            return null;
        }
        Usage u = new Usage();
        u.setPromptTokens(prompt);
        u.setCompletionTokens(completion);
        u.setTotalTokens(total);
        u.setReasoningTokens(reasoning);
        return u;
    }

    private static Integer plus(Integer a, Integer b) {
        if (b == null) {
            return a;
        }
        return a == null ? b : Integer.valueOf(a + b);
    }
}
