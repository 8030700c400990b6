package io.procsnap.format.layout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of the {@code procsnap/self} entry (SPEC.md, "Entry paths"): the capture's own process,
 * the reader threads it left blocked in the kernel and the child processes it started, so that replay
 * tells the capture's own tasks from the machine's. Written last, when all of them are known (the
 * manifest is written first). Text lines {@code key: value}:
 *
 * <pre>
 * pid: 4242
 * abandoned: 4250 main proc/306/stat
 * abandoned: 4263 lane proc/306/cmdline
 * child: 4301 stat
 * child: 4302 df
 * </pre>
 *
 * <p>{@code abandoned}: a reader thread's tid (-1 when it could not be learnt), its lane ({@code main} or
 * {@code lane}, the second lane of processes with a hung read) and the entry it was reading when it was
 * abandoned. {@code child}: a process the capture started ({@code stat -f}, a built-in or added command)
 * and the program's name. Its writer ({@link #toBytes}, the capture) and its parser ({@link #parse},
 * replay).
 *
 * @param pid       the capture's process id
 * @param abandoned reader threads abandoned in the kernel, in order
 * @param children  processes started, in order
 */
public record SelfRecord(long pid, List<Reader> abandoned, List<Child> children) {
    private static final String KIND = "procsnap/self";

    public SelfRecord {
        abandoned = List.copyOf(abandoned);
        children = List.copyOf(children);
    }

    /** A reader thread left blocked in the kernel on the read of {@code path}. */
    public record Reader(long tid, boolean lane, String path) { }

    /** A process the capture started. */
    public record Child(long pid, String program) { }

    /** The entry's bytes. */
    public byte[] toBytes() {
        StringBuilder b = new StringBuilder("pid: ").append(pid).append('\n');
        for (Reader r : abandoned) {
            b.append("abandoned: ").append(r.tid()).append(r.lane() ? " lane " : " main ").append(r.path()).append('\n');
        }
        for (Child c : children) {
            b.append("child: ").append(c.pid()).append(' ').append(c.program()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses an entry's text; unknown keys are ignored.
     *
     * @throws RecordFormatException when a line is not {@code key: value}, a number is not one, or there is
     *                               no {@code pid}
     */
    public static SelfRecord parse(byte[] content) {
        long pid = -1;
        List<Reader> readers = new ArrayList<>();
        List<Child> children = new ArrayList<>();
        int lineNo = 0;
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0) {
                throw new RecordFormatException(KIND + ": " + "line " + lineNo + " is not 'key: value': " + line);
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 2);
            switch (key) {
                case "pid" -> pid = number(value, lineNo);
                case "abandoned" -> {
                    String[] f = value.split(" ", 3);
                    if (f.length < 3) {
                        throw new RecordFormatException(KIND + ": " + "line " + lineNo + ": want 'TID LANE PATH': " + value);
                    }
                    readers.add(new Reader(number(f[0], lineNo), "lane".equals(f[1]), f[2]));
                }
                case "child" -> {
                    String[] f = value.split(" ", 2);
                    children.add(new Child(number(f[0], lineNo), f.length > 1 ? f[1] : ""));
                }
                default -> {
                    // a newer writer's key
                }
            }
        }
        if (pid < 0) {
            throw new RecordFormatException(KIND + ": " + "no pid");
        }
        return new SelfRecord(pid, readers, children);
    }

    private static long number(String s, int lineNo) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new RecordFormatException(KIND + ": " + "line " + lineNo + ": not a number: " + s);
        }
    }
}
