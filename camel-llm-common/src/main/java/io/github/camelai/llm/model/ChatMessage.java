package io.github.camelai.llm.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A chat message, also used as a stream chunk's {@code delta}. {@code content} is a {@code String} or a
 * {@code List<ContentPart>}; {@link #text()} and {@link #reasoningText()} read either form.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class ChatMessage extends JsonExtensible {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";

    private String role;
    @JsonDeserialize(using = MessageContentDeserializer.class)
    private Object content;
    private String name;
    private List<ToolCall> toolCalls;
    private String toolCallId;
    private String reasoningContent;
    private Object reasoning;

    public ChatMessage() {
    }

    public ChatMessage(String role, Object content) {
        this.role = role;
        this.content = content;
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(SYSTEM, text);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(USER, text);
    }

    /** A user message made of typed parts (text with images or audio). */
    public static ChatMessage user(List<ContentPart> parts) {
        return new ChatMessage(USER, parts);
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(ASSISTANT, text);
    }

    /** The answer to one tool call, sent back on the next turn. */
    public static ChatMessage tool(String toolCallId, String result) {
        ChatMessage m = new ChatMessage(TOOL, result);
        m.setToolCallId(toolCallId);
        return m;
    }

    /**
     * The answer text: the string content, or the {@code text} parts joined; reasoning parts are left out (see
     * {@link #reasoningText()}). {@code null} when there is no text at all.
     */
    public String text() {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof List<?> parts) {
            StringBuilder sb = null;
            for (Object o : parts) {
                if (o instanceof ContentPart part && ContentPart.TEXT.equals(part.getType()) && part.getText() != null) {
                    sb = sb == null ? new StringBuilder() : sb;
                    sb.append(part.getText());
                }
            }
            return sb == null ? null : sb.toString();
        }
        return null;
    }

    /**
     * The model's reasoning, wherever the service put it: {@code reasoning_content}, {@code reasoning} as text,
     * or {@code reasoning} content parts' summaries. {@code null} when there is none.
     */
    public String reasoningText() {
        StringBuilder sb = new StringBuilder();
        if (reasoningContent != null) {
            sb.append(reasoningContent);
        }
        if (reasoning instanceof String s) {
            sb.append(s);
        }
        if (content instanceof List<?> parts) {
            for (Object o : parts) {
                if (o instanceof ContentPart part && ContentPart.REASONING.equals(part.getType())) {
                    if (part.getText() != null) {
                        sb.append(part.getText());
                    }
                    if (part.getSummary() != null) {
                        for (ContentPart s : part.getSummary()) {
                            if (s.getText() != null) {
                                sb.append(s.getText());
                            }
                        }
                    }
                }
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Adds a tool call (used when folding stream deltas). */
    public void addToolCall(ToolCall call) {
        if (toolCalls == null) {
            toolCalls = new ArrayList<>();
        }
        toolCalls.add(call);
    }

    @JsonIgnore
    public boolean hasToolCalls() {
        return toolCalls != null && !toolCalls.isEmpty();
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public Object getContent() {
        return content;
    }

    public void setContent(Object content) {
        this.content = content;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<ToolCall> getToolCalls() {
        return toolCalls;
    }

    public void setToolCalls(List<ToolCall> toolCalls) {
        this.toolCalls = toolCalls;
    }

    public String getToolCallId() {
        return toolCallId;
    }

    public void setToolCallId(String toolCallId) {
        this.toolCallId = toolCallId;
    }

    public String getReasoningContent() {
        return reasoningContent;
    }

    public void setReasoningContent(String reasoningContent) {
        this.reasoningContent = reasoningContent;
    }

    public Object getReasoning() {
        return reasoning;
    }

    public void setReasoning(Object reasoning) {
        this.reasoning = reasoning;
    }

    @Override
    public String toString() {
        return "ChatMessage[role=" + role + ", content=" + content + (hasToolCalls() ? ", toolCalls=" + toolCalls : "")
               + "]";
    }
}
