package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.List;

/** Parses the small per-task files: {@code wchan}, {@code syscall}, {@code stack}, {@code cmdline}. */
public final class TaskFileParser {
    private TaskFileParser() {
    }

    /**
     * {@code /proc/PID/wchan}: a symbol ({@code do_msgsnd}, {@code futex_wait_queue}) with no newline, or
     * {@code 0} when the task is not waiting (running, or kptr hidden on some kernels).
     *
     * @return the symbol, or {@code ""} for {@code 0} and empty files
     */
    public static String wchan(String text) {
        String t = text.strip();
        return t.equals("0") ? "" : t.intern();
    }

    public static String wchan(byte[] bytes) {
        return wchan(Text.decode(bytes));
    }

    /**
     * {@code /proc/PID/task/TID/syscall}:
     * <pre>
     * running
     * -1 0x7ffd643ff1b8 0x7ff4223632ad
     * 202 0x7f1c2c0009d0 0x80 0x2 0x0 0x0 0x0 0x7f1c33ffed48 0x7f1c3a7a6d61
     * 0 0x3 0x7ff4221e7000 0x20000 0x7ff42227ab60 0xffffffff 0x0 0x7ffd643ff1b8 0x7ff4223632ad
     * </pre>
     */
    public static Syscall syscall(String text) {
        String line = text.strip();
        if (line.equals("running")) {
            return new Syscall(Syscall.Kind.RUNNING, -1, List.of(), -1, -1);
        }
        String[] f = Text.fields(line);
        if (f.length == 0) {
            throw ParseException.at("syscall", 1, line, "empty");
        }
        int number = (int) Text.number("syscall", 1, line, f[0]);
        if (number < 0) {
            long sp = f.length > 1 ? Text.hex("syscall", 1, line, f[1]) : -1;
            long ip = f.length > 2 ? Text.hex("syscall", 1, line, f[2]) : -1;
            return new Syscall(Syscall.Kind.NOT_IN_SYSCALL, -1, List.of(), sp, ip);
        }
        if (f.length < 3) {
            throw ParseException.at("syscall", 1, line, "expected arguments, stack and instruction pointers");
        }
        List<Long> args = new ArrayList<>();
        for (int i = 1; i < f.length - 2; i++) {
            args.add(Text.hex("syscall", 1, line, f[i]));
        }
        return new Syscall(Syscall.Kind.IN_SYSCALL, number, args, Text.hex("syscall", 1, line, f[f.length - 2]),
                Text.hex("syscall", 1, line, f[f.length - 1]));
    }

    public static Syscall syscall(byte[] bytes) {
        return syscall(Text.decode(bytes));
    }

    /**
     * {@code /proc/PID/task/TID/stack}, innermost frame first:
     * <pre>
     * [&lt;0&gt;] do_msgsnd+0x3a5/0x4b0
     * [&lt;0&gt;] do_syscall_64+0x82/0x190
     * [&lt;0&gt;] entry_SYSCALL_64_after_hwframe+0x76/0x7e
     * [&lt;0&gt;] txg_wait_open+0xc3/0x110 [zfs]
     * </pre>
     * An empty file (running task, kernel without stack tracing) gives an empty list.
     */
    public static List<StackFrame> stack(String text) {
        List<StackFrame> frames = new ArrayList<>();
        int n = 0;
        for (String raw : Text.lines(text)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String address = "";
            String rest = line;
            if (line.startsWith("[<")) {
                int end = line.indexOf(">]");
                if (end < 0) {
                    throw ParseException.at("stack", n, raw, "unterminated '[<address>]'");
                }
                address = line.substring(2, end);
                rest = line.substring(end + 2).strip();
            }
            String module = "";
            if (rest.endsWith("]")) {
                int open = rest.lastIndexOf(" [");
                if (open > 0) {
                    module = rest.substring(open + 2, rest.length() - 1);
                    rest = rest.substring(0, open).strip();
                }
            }
            String function = rest;
            String offset = "";
            String size = "";
            int plus = rest.lastIndexOf('+');
            if (plus > 0) {
                function = rest.substring(0, plus);
                String off = rest.substring(plus + 1);
                int slash = off.indexOf('/');
                offset = slash < 0 ? off : off.substring(0, slash);
                size = slash < 0 ? "" : off.substring(slash + 1);
            }
            // Kernel symbols repeat across thousands of threads: share one copy of each.
            frames.add(new StackFrame(address.intern(), function.intern(), offset.intern(), size.intern(),
                    module.intern()));
        }
        return frames;
    }

    public static List<StackFrame> stack(byte[] bytes) {
        return stack(Text.decode(bytes));
    }

    /**
     * {@code /proc/PID/cmdline}: NUL-separated argv, usually NUL-terminated; empty for kernel threads and
     * zombies. A process that rewrote its argv into one space-separated string comes back as one element.
     */
    public static List<String> cmdline(byte[] bytes) {
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                argv.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            argv.add(new String(bytes, start, bytes.length - start, java.nio.charset.StandardCharsets.UTF_8));
        }
        return argv;
    }
}
