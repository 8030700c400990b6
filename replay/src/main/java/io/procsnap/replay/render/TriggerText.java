package io.procsnap.replay.render;

import io.procsnap.format.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Why {@code procsnap watch} took a capture, as the text commands print it: the trigger and since
 * when, its values, and the other conditions that held at that moment.
 */
public final class TriggerText {
    private TriggerText() {
    }

    /** {@code msgq-full since 01:00:00Z, captured 01:00:10Z: SysV queue ...}, then values and the others. */
    public static String headline(Manifest.Trigger t) {
        return t.name() + " since " + Format.utc(t.since()) + ", captured " + Format.utc(t.fired())
                + (t.summary() == null ? "" : ": " + t.summary());
    }

    public static List<String> lines(Manifest.Trigger t) {
        List<String> out = new ArrayList<>();
        out.add(headline(t));
        if (!t.values().isEmpty()) {
            StringBuilder b = new StringBuilder("  ");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(t.values()).entrySet()) {
                String v = e.getValue();
                b.append(b.length() == 2 ? "" : " ").append(e.getKey()).append('=')
                        .append(v.isEmpty() || v.contains(" ") ? "'" + v + "'" : v);
            }
            out.add(b.toString());
        }
        t.also().forEach(a -> out.add("  also: " + a));
        return out;
    }
}
