package io.github.camelai.llm.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One typed part of a message's content: {@code text}, {@code image_url}, {@code input_audio}, or a
 * {@code reasoning} part whose {@code summary} holds {@code summary_text} parts (gpt-oss and Gemini on Databricks).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class ContentPart extends JsonExtensible {

    public static final String TEXT = "text";
    public static final String IMAGE_URL = "image_url";
    public static final String INPUT_AUDIO = "input_audio";
    public static final String REASONING = "reasoning";

    private String type;
    private String text;
    private ImageUrl imageUrl;
    private InputAudio inputAudio;
    private List<ContentPart> summary;

    public static ContentPart text(String text) {
        ContentPart p = new ContentPart();
        p.setType(TEXT);
        p.setText(text);
        return p;
    }

    /** An image by URL or by {@code data:<mime>;base64,...} URL. */
    public static ContentPart imageUrl(String url) {
        ContentPart p = new ContentPart();
        p.setType(IMAGE_URL);
        ImageUrl image = new ImageUrl();
        image.setUrl(url);
        p.setImageUrl(image);
        return p;
    }

    /** Audio as base64 data with its format ({@code wav}, {@code mp3}). */
    public static ContentPart inputAudio(String base64Data, String format) {
        ContentPart p = new ContentPart();
        p.setType(INPUT_AUDIO);
        InputAudio audio = new InputAudio();
        audio.setData(base64Data);
        audio.setFormat(format);
        p.setInputAudio(audio);
        return p;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public ImageUrl getImageUrl() {
        return imageUrl;
    }

    public void setImageUrl(ImageUrl imageUrl) {
        this.imageUrl = imageUrl;
    }

    public InputAudio getInputAudio() {
        return inputAudio;
    }

    public void setInputAudio(InputAudio inputAudio) {
        this.inputAudio = inputAudio;
    }

    public List<ContentPart> getSummary() {
        return summary;
    }

    public void setSummary(List<ContentPart> summary) {
        this.summary = summary;
    }

    /** {@code image_url}: {@code url} and optional {@code detail}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class ImageUrl extends JsonExtensible {
        private String url;
        private String detail;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getDetail() {
            return detail;
        }

        public void setDetail(String detail) {
            this.detail = detail;
        }
    }

    /** {@code input_audio}: base64 {@code data} and {@code format}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class InputAudio extends JsonExtensible {
        private String data;
        private String format;

        public String getData() {
            return data;
        }

        public void setData(String data) {
            this.data = data;
        }

        public String getFormat() {
            return format;
        }

        public void setFormat(String format) {
            this.format = format;
        }

        @Override
        public String toString() {
            // base64 audio can be megabytes: never print it
            return "InputAudio[format=" + format + ", " + (data == null ? 0 : data.length()) + " chars]";
        }
    }
}
