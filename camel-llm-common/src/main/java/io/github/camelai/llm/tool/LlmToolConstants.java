package io.github.camelai.llm.tool;

import org.apache.camel.spi.Metadata;

/** The headers a tool route receives. It receives none of the calling exchange's headers. */
public final class LlmToolConstants {

    /** The name of the tool the model called (the llm-tool endpoint's name). */
    @Metadata(label = "consumer", description = "The name of the tool the model called.", javaType = "String")
    public static final String TOOL_NAME = "CamelLlmToolName";
    /** The id the model gave this call; its result is sent back under this id. */
    @Metadata(label = "consumer", description = "The id the model gave this tool call; the result goes back to the model under this id.", javaType = "String")
    public static final String TOOL_CALL_ID = "CamelLlmToolCallId";

    private LlmToolConstants() {
    }
}
