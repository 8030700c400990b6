package io.procsnap.replay.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and aligned columns separated by two spaces, numeric columns
 * right-aligned, the last column never padded (so long command lines do not pad every row).
 */
public final class Table {
    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    /** Headers; a header starting with {@code >} marks a right-aligned column (the {@code >} is not printed). */
    public Table(String... headers) {
        this.headers = new ArrayList<>();
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].startsWith(">");
            this.headers.add(right[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size());
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "-" : c.toString());
        }
        rows.add(r);
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void print(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, headers, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
    }

    private void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append("  ");
            }
            String c = cells.get(i);
            boolean last = i == cells.size() - 1;
            if (right[i]) {
                b.append(" ".repeat(width[i] - c.length())).append(c);
            } else {
                b.append(c);
                if (!last) {
                    b.append(" ".repeat(width[i] - c.length()));
                }
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
