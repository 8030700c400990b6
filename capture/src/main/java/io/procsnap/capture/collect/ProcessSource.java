package io.procsnap.capture.collect;

import io.procsnap.capture.engine.FollowUp;
import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.Outcome;
import io.procsnap.capture.engine.WorkItem;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.KernelFile.Pass;
import io.procsnap.format.layout.KernelFile.Scope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Processes and threads, as the rows of {@link KernelFile} say: the pids come from listing the proc root
 * and the tids from listing each {@code PID/task}; every other name is a row of the table (never a
 * crawl). Rows are read in table order, a process's thread rows thread by thread where the first of
 * them stands, so cmdline and environ (they take the target's mmap lock) come after the threads.
 * Every item of a process is guarded by and trips the breaker {@code proc/PID}: after one hung read
 * the rest of that process is skipped.
 *
 * <p>Paths are printed by {@link ArchivePath}'s plain-concatenation printers, each directory once per
 * process or thread: about 100,000 paths per capture, on the main thread and the readers.
 */
public final class ProcessSource implements Collector {
    private final Settings settings;

    public ProcessSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        switch (phase) {
            case FAST:
                out.accept(listProcesses(settings, o -> processes(o, inventory)));
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

    /** The listing of the proc root (both kernels': a readdir of /proc takes no process's lock), then {@code followUp}. */
    static WorkItem listProcesses(Settings settings, FollowUp followUp) {
        String root = KernelFile.PROCESSES.path();
        return WorkItem.of(root, settings.source(root), Kind.LIST_DIR, settings.readTimeoutNanos()).then(followUp);
    }

    /** Follow-up of the proc root listing: per pid the fast-pass rows, the task listing last. */
    private List<WorkItem> processes(Outcome listing, Inventory inventory) {
        List<WorkItem> items = new ArrayList<>();
        for (int pid : numeric(listing.names())) {
            inventory.addProcess(pid);
            String base = ArchivePath.processDirectory(pid);
            String source = settings.source(base);
            List<String> keys = List.of(base);
            for (KernelFile f : KernelFile.rows(Scope.PROCESS, Pass.FAST)) {
                if (f == KernelFile.TASKS) {
                    items.add(list(ArchivePath.under(base, f), ArchivePath.under(source, f), keys,
                            o -> threads(pid, o, inventory)));
                } else {
                    items.add(item(f, base, source, keys));
                }
            }
        }
        return items;
    }

    /** Follow-up of a task listing: per thread its fast-pass rows. */
    private List<WorkItem> threads(int pid, Outcome listing, Inventory inventory) {
        int[] tids = numeric(listing.names());
        inventory.setThreads(pid, tids);
        String key = ArchivePath.processDirectory(pid);
        List<String> keys = List.of(key);
        List<KernelFile> rows = KernelFile.rows(Scope.THREAD, Pass.FAST);
        List<WorkItem> items = new ArrayList<>(tids.length * rows.size());
        threadItems(key, settings.source(key), tids, rows, keys, items::add);
        return items;
    }

    private void details(int pid, int[] tids, Consumer<WorkItem> out) {
        String key = ArchivePath.processDirectory(pid);
        String source = settings.source(key);
        List<String> keys = List.of(key);
        boolean threadsDone = false;
        for (KernelFile f : KernelFile.rows(Scope.PROCESS, Pass.DETAILS)) {
            if (!threadsDone && f.ordinal() > firstThreadRow(Pass.DETAILS).ordinal()) {
                threadItems(key, source, tids, KernelFile.rows(Scope.THREAD, Pass.DETAILS), keys, out);
                threadsDone = true;
            }
            if (f == KernelFile.ENVIRON && !settings.includeEnviron()) {
                continue;
            }
            if (f.kind() == KernelFile.Kind.LISTING) {
                String dir = ArchivePath.under(key, f);
                String dirSource = ArchivePath.under(source, f);
                out.accept(list(dir, dirSource, keys, o -> links(dir, dirSource, keys, o)));
            } else {
                out.accept(item(f, key, source, keys));
            }
        }
        if (!threadsDone) {
            threadItems(key, source, tids, KernelFile.rows(Scope.THREAD, Pass.DETAILS), keys, out);
        }
    }

    /** The first thread row of a pass: where in the table a process's threads are read. */
    private static KernelFile firstThreadRow(Pass pass) {
        return KernelFile.rows(Scope.THREAD, pass).get(0);
    }

    /** The rows for every thread, thread by thread, below the process's archive and live directories. */
    private void threadItems(String processDirectory, String processSource, int[] tids, List<KernelFile> rows,
                             List<String> keys, Consumer<WorkItem> out) {
        String archiveTasks = ArchivePath.tasksOf(processDirectory);
        String sourceTasks = ArchivePath.tasksOf(processSource);
        for (int tid : tids) {
            String base = ArchivePath.threadDirectory(archiveTasks, tid);
            String baseSource = ArchivePath.threadDirectory(sourceTasks, tid);
            for (KernelFile f : rows) {
                out.accept(item(f, base, baseSource, keys));
            }
        }
    }

    /** Follow-up of an fd/ or ns/ listing: readlink each entry, never open it. */
    private List<WorkItem> links(String dir, String dirSource, List<String> keys, Outcome listing) {
        List<WorkItem> items = new ArrayList<>(listing.names().size());
        List<String> names = new ArrayList<>(listing.names());
        names.sort(ProcessSource::numericFirst);
        for (String name : names) {
            items.add(WorkItem.guarded(ArchivePath.under(dir, name), ArchivePath.under(dirSource, name), Kind.READLINK,
                    settings.readTimeoutNanos(), keys, null));
        }
        return items;
    }

    private void samples(int k, int pid, int[] tids, Consumer<WorkItem> out) {
        String key = ArchivePath.processDirectory(pid);
        List<String> keys = List.of(key);
        String prefixTask = ArchivePath.inSample(k, ArchivePath.tasksOf(key));
        String sourceTask = ArchivePath.tasksOf(settings.source(key));
        List<KernelFile> rows = KernelFile.rows(Scope.THREAD, Pass.SAMPLES);
        for (int tid : tids) {
            String base = ArchivePath.threadDirectory(prefixTask, tid);
            String baseSource = ArchivePath.threadDirectory(sourceTask, tid);
            for (KernelFile f : rows) {
                out.accept(item(f, base, baseSource, keys));
            }
        }
    }

    /**
     * The item of one row below {@code directory} ({@code proc/PID} or {@code proc/PID/task/TID}; the
     * directory itself for an ownership row), guarded by and tripping its process's breaker {@code keys}
     * ({@code [proc/PID]}), built once. {@code source} is {@link Settings#source} of {@code directory}.
     */
    private WorkItem item(KernelFile f, String directory, String source, List<String> keys) {
        if (f.kind() == KernelFile.Kind.OWNERSHIP) {
            return WorkItem.guarded(directory, source, Kind.OWNER, settings.readTimeoutNanos(), keys, null);
        }
        Kind kind = f.kind() == KernelFile.Kind.LINK ? Kind.READLINK : Kind.READ_FILE;
        return WorkItem.guarded(ArchivePath.under(directory, f), ArchivePath.under(source, f), kind,
                settings.readTimeoutNanos(), keys, null);
    }

    private WorkItem list(String path, String source, List<String> keys, FollowUp followUp) {
        return WorkItem.guarded(path, source, Kind.LIST_DIR, settings.readTimeoutNanos(), keys, followUp);
    }

    /** The numeric names, sorted as numbers (pids and tids). */
    static int[] numeric(List<String> names) {
        int[] out = new int[names.size()];
        int n = 0;
        for (String name : names) {
            int number = ArchivePath.number(name);
            if (number >= 0) {
                out[n++] = number;
            }
        }
        int[] result = Arrays.copyOf(out, n);
        Arrays.sort(result);
        return result;
    }

    private static int numericFirst(String a, String b) {
        int na = ArchivePath.number(a);
        int nb = ArchivePath.number(b);
        if (na >= 0 && nb >= 0) {
            return Integer.compare(na, nb);
        }
        return (na >= 0) == (nb >= 0) ? a.compareTo(b) : na >= 0 ? -1 : 1;
    }
}
