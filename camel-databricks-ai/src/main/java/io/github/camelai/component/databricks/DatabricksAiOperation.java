package io.github.camelai.component.databricks;

/** What a {@code databricks-ai:} endpoint does. */
public enum DatabricksAiOperation {
    /** Chat completions on a serving endpoint ({@code llm/v1/chat}). */
    chat,
    /** Text completions on a serving endpoint ({@code llm/v1/completions}). */
    completion,
    /** Embeddings on a serving endpoint ({@code llm/v1/embeddings}). */
    embedding,
    /** The Responses API ({@code POST /serving-endpoints/responses}, OpenAI models only). */
    responses
}
