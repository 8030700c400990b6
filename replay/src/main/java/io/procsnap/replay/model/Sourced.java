package io.procsnap.replay.model;

import java.util.Optional;
import java.util.function.Function;

/**
 * A parsed value together with the entry it was parsed from. The value is null when the entry was not
 * captured, its read did not succeed, or its content did not parse; {@link #whyMissing()} then says
 * which, ready for a rule's "not evaluated" message.
 *
 * @param value   the parsed value, or null
 * @param source  the entry it came from (the evidence path)
 * @param problem why a captured, readable entry gave no value ("unparseable: ..."), or null
 */
public record Sourced<T>(T value, EntryRef source, String problem) {

    public static <T> Sourced<T> of(T value, EntryRef source) {
        return new Sourced<>(value, source, null);
    }

    /** No value, because of the entry's status (or because there is no entry). */
    public static <T> Sourced<T> absent(EntryRef source) {
        return new Sourced<>(null, source, null);
    }

    /** A readable entry whose content did not parse; {@code message} is the parser's message. */
    public static <T> Sourced<T> unparseable(EntryRef source, String message) {
        return new Sourced<>(null, source, "unparseable: " + message);
    }

    /** No value for another reason than the entry's status (e.g. "zpool-list timed out"). */
    public static <T> Sourced<T> unavailable(EntryRef source, String reason) {
        return new Sourced<>(null, source, reason);
    }

    public boolean present() {
        return value != null;
    }

    public Optional<T> optional() {
        return Optional.ofNullable(value);
    }

    public T orElse(T other) {
        return value != null ? value : other;
    }

    /** The archive path. */
    public String path() {
        return source.path();
    }

    public <R> Sourced<R> map(Function<? super T, ? extends R> f) {
        return value == null ? new Sourced<>(null, source, problem) : new Sourced<>(f.apply(value), source, problem);
    }

    /** Null when present; otherwise "proc/26936/stat timed out after 2.0 s" or "proc/1/stat: unparseable: ...". */
    public String whyMissing() {
        if (value != null) {
            return null;
        }
        if (problem != null) {
            return source.path() + ": " + problem;
        }
        return source.describe();
    }
}
