package io.github.camelai.component.baseten;

/**
 * Which end of a text Baseten Embeddings Inference cuts when the text is longer than the model takes
 * ({@code truncation_direction}; only with {@code truncate=true}).
 */
public enum TruncationDirection {
    /** Cut the start, keep the end. */
    Left,
    /** Cut the end, keep the start (the service's default). */
    Right
}
