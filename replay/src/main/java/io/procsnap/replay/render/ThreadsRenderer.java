package io.procsnap.replay.render;

import io.procsnap.replay.analysis.ThreadGroups;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints thread groups psn-style: one row per distinct combination of the group-by keys, largest first. */
public final class ThreadsRenderer {
    private ThreadsRenderer() {
    }

    public static void table(ThreadGroups.Report r, PrintWriter out) {
        boolean psn = r.passes() > 1;
        out.println(psn ? r.total() + " thread samples in " + r.passes() + " passes by " + String.join(", ", r.keys()) + ":"
                : r.total() + " threads by " + String.join(", ", r.keys()) + ":");
        List<String> headers = new ArrayList<>();
        headers.add(psn ? ">SAMPLES" : ">THREADS");
        if (psn) {
            headers.add(">AVG_THREADS");
        }
        r.keys().forEach(k -> headers.add(k.toUpperCase(Locale.ROOT)));
        headers.add("PIDS");
        Table t = new Table(headers.toArray(String[]::new));
        for (ThreadGroups.Group g : r.groups()) {
            List<Object> cells = new ArrayList<>();
            cells.add(g.count());
            if (psn) {
                cells.add(String.format(Locale.ROOT, "%.1f", (double) g.count() / r.passes()));
            }
            cells.addAll(g.values());
            cells.add(Format.ids(g.pids(), 6));
            t.row(cells.toArray());
        }
        t.print(out);
    }
}
