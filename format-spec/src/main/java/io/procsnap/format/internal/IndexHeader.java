package io.procsnap.format.internal;

import io.procsnap.format.Status;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code key=value} fields of an index header line, shared by {@link IndexTable} and
 * {@link IndexFrames}. Parsed once; numbers are read on demand with a fallback.
 */
record IndexHeader(Map<String, String> fields) {
    static final IndexHeader EMPTY = new IndexHeader(Map.of());

    /** The fields of a header line already split on tabs; {@code parts[0]} (the magic) is skipped. */
    static IndexHeader parse(String[] parts) {
        Map<String, String> f = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                f.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return new IndexHeader(f);
    }

    String get(String field) {
        return fields.get(field);
    }

    String get(String field, String fallback) {
        return fields.getOrDefault(field, fallback);
    }

    long number(String field, long fallback) {
        try {
            return Long.parseLong(fields.getOrDefault(field, ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    boolean partial() {
        return number("partial", 1) != 0;
    }

    Map<Status, Long> counts() {
        Map<Status, Long> m = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            long n = number(s.label(), 0);
            if (n > 0) {
                m.put(s, n);
            }
        }
        return m;
    }
}
