package io.github.camelai.llm.error;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable text of an HTML error page (a proxy's or load balancer's): its title, else its text without tags,
 * scripts and comments, entities decoded. Regular expressions, not a parser: these pages are small and the aim
 * is a one-line message, not fidelity.
 */
final class HtmlText {

    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title\\s*>");
    private static final Pattern SCRIPT_STYLE = Pattern.compile("(?is)<(script|style|head)\\b[^>]*>.*?</\\1\\s*>");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});");
    private static final Map<String, String> NAMED_ENTITIES = Map.of(
            "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", "\"", "&apos;", "'", "&#39;", "'", "&nbsp;", " ");

    private HtmlText() {
    }

    static boolean looksLikeHtml(String text, String contentType) {
        if (contentType.contains("html")) {
            return true;
        }
        if (text.charAt(0) != '<') {
            return false;
        }
        String head = text.substring(0, Math.min(text.length(), 512)).toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype") || head.contains("<html") || head.contains("<head")
                || head.contains("<body") || head.contains("<title") || head.contains("<h1")
                || head.contains("<center");
    }

    static String of(String html, int maxChars) {
        Matcher t = TITLE.matcher(html);
        if (t.find()) {
            String title = cleanHtmlFragment(t.group(1));
            if (!title.isEmpty()) {
                return ErrorText.truncate(title, maxChars);
            }
        }
        String s = COMMENT.matcher(html).replaceAll(" ");
        s = SCRIPT_STYLE.matcher(s).replaceAll(" ");
        s = cleanHtmlFragment(s);
        return s.isEmpty() ? "(HTML page without text)" : ErrorText.truncate(s, maxChars);
    }

    private static String cleanHtmlFragment(String fragment) {
        String s = TAG.matcher(fragment).replaceAll(" ");
        s = decodeEntities(s);
        return ErrorText.collapseWhitespace(s);
    }

    private static String decodeEntities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        String out = s;
        for (Map.Entry<String, String> e : NAMED_ENTITIES.entrySet()) {
            if (!e.getKey().equals("&amp;")) {
                out = out.replace(e.getKey(), e.getValue());
            }
        }
        Matcher m = NUMERIC_ENTITY.matcher(out);
        StringBuilder sb = new StringBuilder(out.length());
        while (m.find()) {
            String g = m.group(1);
            String replacement;
            try {
                int cp = g.charAt(0) == 'x' ? Integer.parseInt(g.substring(1), 16) : Integer.parseInt(g);
                replacement = Character.isValidCodePoint(cp) && !Character.isISOControl(cp)
                        ? new String(Character.toChars(cp)) : " ";
            } catch (NumberFormatException e) {
                replacement = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        // last, so that "&amp;lt;" becomes "&lt;" and not "<"
        return sb.toString().replace("&amp;", "&");
    }
}
