package io.procsnap.replay.parse.sunos;

import io.procsnap.replay.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text of the {@code mdb -k} dcmds the capture runs in the global zone. Formats from the dcmd sources
 * (illumos-gate {@code usr/src/cmd/mdb/common/modules/genunix/findstack.c} and {@code genunix.c}):
 * <pre>
 * ::stacks        "%-?s %-8s %-?s %8s" THREAD STATE SOBJ COUNT, then "%?s %a" per frame
 * THREAD           STATE    SOBJ                COUNT
 * fffffe0c1e2a7c20 SLEEP    CV                      1
 *                  swtch+0x18a
 *                  cv_wait+0x89
 *                  txg_wait_open+0x83
 * ::findstack -v  stack pointer for thread fffffe0c1e2a7c20 (dd/1): fffffe00f5a1e8f0
 *                 [ fffffe00f5a1e8f0 _resume_from_idle+0x12b() ]
 *                   fffffe00f5a1e920 swtch+0x18a()
 * ::ps -t         "%c %6d %6d %6d %6d %6d 0x%08x %0?p %s", then "\tT  %?a &lt;%b&gt;" per thread
 * </pre>
 */
public final class MdbParser {
    private static final Pattern FINDSTACK_HEAD = Pattern.compile(
            "^stack pointer for thread ([0-9a-f]+)(?: \\((.*)\\))?: ([0-9a-f]+)\\s*$");
    private static final Pattern FRAME = Pattern.compile("^\\s*\\[?\\s*([0-9a-f]+) ([^\\s(]+)\\((.*)\\)\\s*]?\\s*$");
    private static final Pattern PS_THREAD = Pattern.compile("^\\tT\\s+(?:0x)?([0-9a-f]+) <(.*)>\\s*$");
    private static final Pattern PS_LWP = Pattern.compile("^\\tL\\s+(?:0x)?([0-9a-f]+) ID: (\\d+)\\s*$");
    private static final int MAX_FRAMES = 512;

    private MdbParser() {
    }

    /** One stack of {@code ::stacks}: a representative thread and how many share the stack. */
    public record StackGroup(long thread, String state, String syncObject, int count, List<String> frames) {
        public StackGroup {
            frames = List.copyOf(frames);
        }

        /** The stack has a frame of this function ({@code txg_wait_open} matches {@code txg_wait_open+0x83}). */
        public boolean has(String function) {
            return frames.stream().anyMatch(f -> f.equals(function) || f.startsWith(function + "+")
                    || f.endsWith("`" + function) || f.contains("`" + function + "+"));
        }
    }

    /** One thread of {@code ::findstack -v}: {@code process} is "dd/1" where mdb prints it, else empty. */
    public record ThreadStack(long thread, String process, long stackPointer, List<Frame> frames) {
        public ThreadStack {
            frames = List.copyOf(frames);
        }
    }

    /** A frame: stack pointer, {@code symbol+offset}, arguments as printed (hex, comma-separated). */
    public record Frame(long stackPointer, String symbol, String arguments) {
    }

    /** A process of {@code ::ps -t} and its kernel threads (address, TS_* state). */
    public record Process(char state, int pid, int ppid, int pgid, int sid, long uid, long flags, long addr,
                          String name, List<Thread> threads) {
        public Process {
            threads = List.copyOf(threads);
        }
    }

    public record Thread(long addr, String state, int lwpid) {
    }

    public static List<StackGroup> stacks(String text) {
        List<StackGroup> out = new ArrayList<>();
        long thread = 0;
        String state = null;
        String sobj = null;
        int count = 0;
        List<String> frames = new ArrayList<>();
        int n = 0;
        for (String line : SunosText.lines(text)) {
            n++;
            if (line.isBlank() || line.startsWith("THREAD ")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (state != null) {
                    out.add(new StackGroup(thread, state, sobj, count, frames));
                }
                String[] f = SunosText.fields(line);
                if (f.length != 4) {
                    throw SunosText.at("mdb ::stacks", n, line, "expected THREAD STATE SOBJ COUNT");
                }
                thread = SunosText.hex("mdb ::stacks", n, line, f[0]);
                state = f[1];
                sobj = f[2];
                count = f[3].equals("-") ? 0 : (int) SunosText.number("mdb ::stacks", n, line, f[3]);
                frames = new ArrayList<>();
                continue;
            }
            if (state == null) {
                throw SunosText.at("mdb ::stacks", n, line, "frame before any THREAD line");
            }
            String frame = line.strip();
            if (!frame.startsWith("<") && frames.size() < MAX_FRAMES) {
                frames.add(frame);
            }
        }
        if (state != null) {
            out.add(new StackGroup(thread, state, sobj, count, frames));
        }
        return out;
    }

    public static List<ThreadStack> findstack(String text) {
        List<ThreadStack> out = new ArrayList<>();
        Matcher head = null;
        List<Frame> frames = new ArrayList<>();
        int n = 0;
        for (String line : SunosText.lines(text)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            Matcher h = FINDSTACK_HEAD.matcher(line);
            if (h.matches()) {
                if (head != null) {
                    out.add(threadStack(head, frames, n, line));
                }
                head = h;
                frames = new ArrayList<>();
                continue;
            }
            Matcher f = FRAME.matcher(line);
            if (head == null || !f.matches()) {
                throw SunosText.at("mdb ::findstack", n, line, head == null ? "frame before 'stack pointer for thread'"
                        : "not a frame 'ADDR symbol+off(args)'");
            }
            if (frames.size() < MAX_FRAMES) {
                frames.add(new Frame(SunosText.hex("mdb ::findstack", n, line, f.group(1)), f.group(2), f.group(3)));
            }
        }
        if (head != null) {
            out.add(threadStack(head, frames, n, ""));
        }
        return out;
    }

    private static ThreadStack threadStack(Matcher h, List<Frame> frames, int n, String line) {
        return new ThreadStack(SunosText.hex("mdb ::findstack", n, line, h.group(1)),
                h.group(2) == null ? "" : h.group(2), SunosText.hex("mdb ::findstack", n, line, h.group(3)), frames);
    }

    public static List<Process> ps(String text) {
        List<Process> out = new ArrayList<>();
        List<Thread> threads = null;
        String[] proc = null;
        int procLine = 0;
        String procText = "";
        int n = 0;
        long pendingThread = 0;
        String pendingState = null;
        for (String line : SunosText.lines(text)) {
            n++;
            if (line.isBlank() || line.startsWith("S ") && line.contains("PID")) {
                continue;
            }
            Matcher t = PS_THREAD.matcher(line);
            Matcher l = PS_LWP.matcher(line);
            if (t.matches() || l.matches()) {
                if (threads == null) {
                    throw SunosText.at("mdb ::ps", n, line, "thread line before any process");
                }
                if (t.matches()) {
                    if (pendingState != null) {
                        threads.add(new Thread(pendingThread, pendingState, -1));
                    }
                    pendingThread = SunosText.hex("mdb ::ps", n, line, t.group(1));
                    pendingState = t.group(2);
                } else if (pendingState != null) {
                    threads.add(new Thread(pendingThread, pendingState,
                            (int) SunosText.number("mdb ::ps", n, line, l.group(2))));
                    pendingState = null;
                }
                continue;
            }
            if (proc != null) {
                if (pendingState != null) {
                    threads.add(new Thread(pendingThread, pendingState, -1));
                }
                out.add(process(proc, procLine, procText, threads));
            }
            String[] f = SunosText.fields(line);
            if (f.length < 9 || f[0].length() != 1) {
                throw SunosText.at("mdb ::ps", n, line, "expected S PID PPID PGID SID UID FLAGS ADDR NAME");
            }
            proc = f;
            procLine = n;
            procText = line;
            threads = new ArrayList<>();
            pendingState = null;
        }
        if (proc != null) {
            if (pendingState != null) {
                threads.add(new Thread(pendingThread, pendingState, -1));
            }
            out.add(process(proc, procLine, procText, threads));
        }
        return out;
    }

    private static Process process(String[] f, int n, String line, List<Thread> threads) {
        String k = "mdb ::ps";
        int last = f.length;
        String name = String.join(" ", java.util.Arrays.asList(f).subList(8, last));
        return new Process(f[0].charAt(0), (int) SunosText.number(k, n, line, f[1]), (int) SunosText.number(k, n, line, f[2]),
                (int) SunosText.number(k, n, line, f[3]), (int) SunosText.number(k, n, line, f[4]),
                SunosText.number(k, n, line, f[5]), SunosText.hex(k, n, line, f[6]), SunosText.hex(k, n, line, f[7]),
                name, threads);
    }

    static ParseException error(String kind, String why) {
        return new ParseException(kind + ": " + why);
    }
}
