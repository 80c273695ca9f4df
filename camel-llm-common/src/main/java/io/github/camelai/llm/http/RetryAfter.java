package io.github.camelai.llm.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header: delta-seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * The wait the header asks for: a date in the past gives zero, a number too large for a {@link Duration} gives
     * the longest one (callers cap it).
     *
     * @return the wait, or {@code null} when the header is absent or unreadable
     */
    public static Duration parse(String header, Clock clock) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.isEmpty()) {
            return null;
        }
        if (isDigits(value)) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(Long.MAX_VALUE);
            }
        }
        try {
            Instant date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), date);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
