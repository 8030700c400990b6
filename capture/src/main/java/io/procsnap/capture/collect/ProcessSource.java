package io.procsnap.capture.collect;

import io.procsnap.capture.engine.FollowUp;
import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.Outcome;
import io.procsnap.capture.engine.WorkItem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Processes and threads. The pids come from listing the proc root and the tids from listing each
 * {@code PID/task}; every other name is fixed here (never a crawl). Every item of a process is guarded
 * by and trips the breaker {@code proc/PID}: after one hung read the rest of that process is skipped.
 * Within a process the reads most likely to block (cmdline, environ: they take the target's mmap
 * lock) come last.
 */
public final class ProcessSource implements Collector {
    /** Fast pass, per process and per thread. */
    static final List<String> FAST_FILES = List.of("stat", "wchan");
    /** Details per process, read after the fast pass (cmdline and environ are added last). */
    static final List<String> PROCESS_FILES = List.of("status", "comm", "syscall", "stack", "sched", "io", "limits",
            "cgroup", "statm", "oom_score");
    static final List<String> PROCESS_LINKS = List.of("exe", "cwd", "root");
    static final List<String> LINK_DIRS = List.of("fd", "ns");
    static final List<String> THREAD_FILES = List.of("status", "comm", "syscall", "stack", "sched");
    /** Repeated samples per thread. */
    static final List<String> SAMPLE_FILES = List.of("stat", "wchan", "syscall", "stack");

    /*
     * The same names with their leading slash, as arrays: the per-item paths below are built with
     * String.concat (one plain call, one allocation per string) instead of '+', whose invokedynamic
     * concatenation runs through method-handle chains that C1 (the bundle's only JIT) does not inline:
     * about 100,000 paths per capture, on the main thread and the readers.
     */
    private static final String[] FAST = slashed(FAST_FILES);
    private static final String[] PROCESS = slashed(PROCESS_FILES);
    private static final String[] LINKS = slashed(PROCESS_LINKS);
    private static final String[] THREAD = slashed(THREAD_FILES);
    private static final String[] SAMPLE = slashed(SAMPLE_FILES);

    private final Settings settings;

    public ProcessSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        switch (phase) {
            case FAST:
                out.accept(WorkItem.of("proc", settings.source("proc"), Kind.LIST_DIR, settings.readTimeoutNanos())
                        .then(o -> processes(o, inventory)));
                break;
            case DETAILS:
                for (Map.Entry<Integer, int[]> e : inventory.processes().entrySet()) {
                    details(e.getKey(), e.getValue(), out);
                }
                break;
            case SAMPLE:
                for (Map.Entry<Integer, int[]> e : inventory.processes().entrySet()) {
                    samples(sample, e.getKey(), e.getValue(), out);
                }
                break;
            default:
                break;
        }
    }

    /** Follow-up of the proc root listing: per pid its ownership, stat, wchan and task listing. */
    private List<WorkItem> processes(Outcome listing, Inventory inventory) {
        List<WorkItem> items = new ArrayList<>();
        for (int pid : numeric(listing.names())) {
            inventory.addProcess(pid);
            String base = "proc/".concat(Integer.toString(pid));
            String source = settings.source(base);
            List<String> keys = List.of(base);
            items.add(item(base, source, Kind.OWNER, keys));
            for (String f : FAST) {
                items.add(item(base.concat(f), source.concat(f), Kind.READ_FILE, keys));
            }
            items.add(list(base.concat("/task"), source.concat("/task"), keys, o -> threads(pid, o, inventory)));
        }
        return items;
    }

    /** Follow-up of a task listing: per thread its ownership, stat and wchan. */
    private List<WorkItem> threads(int pid, Outcome listing, Inventory inventory) {
        int[] tids = numeric(listing.names());
        inventory.setThreads(pid, tids);
        String key = "proc/".concat(Integer.toString(pid));
        List<String> keys = List.of(key);
        String source = settings.source(key);
        String keyTask = key.concat("/task/");
        String sourceTask = source.concat("/task/");
        List<WorkItem> items = new ArrayList<>(tids.length * 3);
        for (int tid : tids) {
            String t = Integer.toString(tid);
            String base = keyTask.concat(t);
            String baseSource = sourceTask.concat(t);
            items.add(item(base, baseSource, Kind.OWNER, keys));
            for (String f : FAST) {
                items.add(item(base.concat(f), baseSource.concat(f), Kind.READ_FILE, keys));
            }
        }
        return items;
    }

    private void details(int pid, int[] tids, Consumer<WorkItem> out) {
        String key = "proc/".concat(Integer.toString(pid));
        String source = settings.source(key);
        List<String> keys = List.of(key);
        for (String f : PROCESS) {
            out.accept(item(key.concat(f), source.concat(f), Kind.READ_FILE, keys));
        }
        for (String l : LINKS) {
            out.accept(item(key.concat(l), source.concat(l), Kind.READLINK, keys));
        }
        for (String d : LINK_DIRS) {
            String dir = key + "/" + d;
            String dirSource = source + "/" + d;
            out.accept(list(dir, dirSource, keys, o -> links(dir, dirSource, keys, o)));
        }
        String keyTask = key.concat("/task/");
        String sourceTask = source.concat("/task/");
        for (int tid : tids) {
            String t = Integer.toString(tid);
            String base = keyTask.concat(t);
            String baseSource = sourceTask.concat(t);
            for (String f : THREAD) {
                out.accept(item(base.concat(f), baseSource.concat(f), Kind.READ_FILE, keys));
            }
        }
        out.accept(item(key.concat("/cmdline"), source.concat("/cmdline"), Kind.READ_FILE, keys));
        if (settings.includeEnviron()) {
            out.accept(item(key.concat("/environ"), source.concat("/environ"), Kind.READ_FILE, keys));
        }
    }

    /** Follow-up of an fd/ or ns/ listing: readlink each entry, never open it. */
    private List<WorkItem> links(String dir, String dirSource, List<String> keys, Outcome listing) {
        List<WorkItem> items = new ArrayList<>(listing.names().size());
        List<String> names = new ArrayList<>(listing.names());
        names.sort(ProcessSource::numericFirst);
        String dirSlash = dir.concat("/");
        String dirSourceSlash = dirSource.concat("/");
        for (String name : names) {
            items.add(item(dirSlash.concat(name), dirSourceSlash.concat(name), Kind.READLINK, keys));
        }
        return items;
    }

    private void samples(int k, int pid, int[] tids, Consumer<WorkItem> out) {
        String key = "proc/".concat(Integer.toString(pid));
        String source = settings.source(key);
        List<String> keys = List.of(key);
        String prefixTask = "samples/" + k + "/" + key + "/task/";
        String sourceTask = source.concat("/task/");
        for (int tid : tids) {
            String t = Integer.toString(tid);
            String base = prefixTask.concat(t);
            String baseSource = sourceTask.concat(t);
            for (String f : SAMPLE) {
                out.accept(item(base.concat(f), baseSource.concat(f), Kind.READ_FILE, keys));
            }
        }
    }

    /**
     * One item of a process, guarded by and tripping its breaker {@code keys} ({@code [proc/PID]}),
     * built once. {@code source} is {@link Settings#source} of the archive path: every path here is
     * under {@code proc/}, so the source of {@code proc/PID/x} is that of {@code proc/PID} plus {@code /x}.
     */
    private WorkItem item(String path, String source, Kind kind, List<String> keys) {
        return WorkItem.guarded(path, source, kind, settings.readTimeoutNanos(), keys, null);
    }

    private WorkItem list(String path, String source, List<String> keys, FollowUp followUp) {
        return WorkItem.guarded(path, source, Kind.LIST_DIR, settings.readTimeoutNanos(), keys, followUp);
    }

    private static String[] slashed(List<String> names) {
        String[] out = new String[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = "/".concat(names.get(i));
        }
        return out;
    }

    /** The numeric names, sorted as numbers (pids and tids). */
    static int[] numeric(List<String> names) {
        int[] out = new int[names.size()];
        int n = 0;
        for (String name : names) {
            if (isNumber(name)) {
                try {
                    out[n++] = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    // longer than an int: not a pid
                }
            }
        }
        int[] result = Arrays.copyOf(out, n);
        Arrays.sort(result);
        return result;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int numericFirst(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return na == nb ? a.compareTo(b) : na ? -1 : 1;
    }
}
