package io.procsnap.capture.holders;

import java.util.List;

/**
 * One bounded look at the live kernel: a short-lived process ({@code lockholder read PATH}, {@code ps ...})
 * that either ends or hangs in a lock. {@code name} is what the lock-class table calls it ({@code "stat"},
 * {@code "task/311/wchan"}, {@code "fd/0"}, {@code ""} for the directory itself) or a command's name.
 */
public record Probe(String name, List<String> argv) {
    public Probe {
        argv = List.copyOf(argv);
    }

    /** The per-process probes of {@code proc/PID/name}, by the kind of access the capture makes. */
    public static Probe read(Reproduction r, long pid, String name) {
        return new Probe(name, List.of(r.helper().toString(), "read", "/proc/" + pid + "/" + name));
    }

    public static Probe readlink(Reproduction r, long pid, String name) {
        return new Probe(name, List.of(r.helper().toString(), "readlink", "/proc/" + pid + "/" + name));
    }

    public static Probe list(Reproduction r, long pid, String name) {
        return new Probe(name, List.of(r.helper().toString(), "list", "/proc/" + pid + "/" + name));
    }

    /** lstat of {@code proc/PID} or {@code proc/PID/task/TID} (name "" or "task/TID"). */
    public static Probe owner(Reproduction r, long pid, String name) {
        String path = "/proc/" + pid + (name.isEmpty() ? "" : "/" + name);
        return new Probe(name, List.of(r.helper().toString(), "owner", path));
    }
}
