package io.procsnap.capture.collect;

import io.procsnap.capture.engine.FollowUp;
import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.Outcome;
import io.procsnap.capture.engine.WorkItem;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.KernelFile.Pass;
import io.procsnap.format.layout.KernelFile.Scope;
import io.procsnap.format.layout.LockClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Processes and threads, as the rows of {@link KernelFile} say: the pids come from listing the proc root
 * and the tids from listing each {@code PID/task}; every other name is a row of the table (never a
 * crawl). Rows are read in table order, a process's thread rows thread by thread where the first of
 * them stands, so cmdline and environ (they take the target's mmap lock) come after the threads.
 * Every item of a process is guarded by and trips the breakers of its lock classes for that process
 * ({@link ProcessKeys}: {@code proc/PID EXEC_UPDATE}): after a hung {@code stat} the process's other
 * files of that class are skipped, and the files of other classes ({@code status}, {@code comm}, the
 * task listing, the threads' {@code status}) are still read, in the engine's second lane, so the
 * process is named and its threads' states known.
 *
 * <p>Paths are printed by {@link ArchivePath}'s plain-concatenation printers, each directory once per
 * process or thread: about 100,000 paths per capture, on the main thread and the readers.
 */
public final class ProcessSource implements Collector {
    /** The fast-pass thread rows that say where a thread waits: all but the directory's ownership. */
    private static final List<KernelFile> WAIT_ROWS = KernelFile.rows(Scope.THREAD, Pass.FAST).stream()
            .filter(f -> f.kind() != KernelFile.Kind.OWNERSHIP).toList();
    /** The fast-pass thread rows of the directory's ownership ({@link Phase#FAST_OWNERSHIP}). */
    private static final List<KernelFile> OWNERSHIP_ROWS = KernelFile.rows(Scope.THREAD, Pass.FAST).stream()
            .filter(f -> f.kind() == KernelFile.Kind.OWNERSHIP).toList();
    private final Settings settings;
    /** Processes whose threads' waits were declared right after their task listing ({@link #processes}). */
    private final Set<Integer> threadsRead = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ProcessSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        switch (phase) {
            case FAST:
                out.accept(listProcesses(settings, o -> processes(o, inventory)));
                break;
            case FAST_THREADS:
                for (boolean suspects : new boolean[] {true, false}) {
                    for (Map.Entry<Integer, int[]> e : inventory.processes().entrySet()) {
                        if (inventory.looksBlocked(e.getKey()) == suspects && !threadsRead.contains(e.getKey())) {
                            waits(e.getKey(), e.getValue(), inventory, out);
                        }
                    }
                }
                break;
            case FAST_OWNERSHIP:
                for (Map.Entry<Integer, int[]> e : inventory.processes().entrySet()) {
                    String key = ArchivePath.processDirectory(e.getKey());
                    threadItems(key, settings.source(key), e.getValue(), OWNERSHIP_ROWS, new ProcessKeys(key), out);
                }
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
            case RESAMPLE:
                for (Map.Entry<Integer, int[]> e : inventory.blocked().entrySet()) {
                    samples(1, e.getKey(), e.getValue(), out);
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

    /**
     * Follow-up of the proc root listing: per pid the fast-pass rows, the task listing last (it notes the
     * tids; their rows are {@link Phase#FAST_THREADS}'s). With the re-sample watched, the process's own
     * {@code stat} and {@code wchan} tell the inventory whether its main thread looks blocked; read before
     * the task listing (a process's items run in order on one reader), so the listing's follow-up hands
     * such a process's threads' {@code stat} and {@code wchan} to the front of the queue, ahead of the
     * other processes' rows: their re-sample is due that much sooner. Every other process's threads wait
     * for {@link Phase#FAST_THREADS}.
     */
    private List<WorkItem> processes(Outcome listing, Inventory inventory) {
        List<WorkItem> items = new ArrayList<>();
        for (int pid : numeric(listing.names())) {
            inventory.addProcess(pid);
            String base = ArchivePath.processDirectory(pid);
            String source = settings.source(base);
            ProcessKeys keys = new ProcessKeys(base);
            for (KernelFile f : KernelFile.rows(Scope.PROCESS, Pass.FAST)) {
                if (f == KernelFile.TASKS) {
                    items.add(list(f, ArchivePath.under(base, f), ArchivePath.under(source, f), keys, o -> {
                        int[] tids = numeric(o.names());
                        inventory.setThreads(pid, tids);
                        if (!inventory.looksBlocked(pid) || !threadsRead.add(pid)) {
                            return List.of();
                        }
                        List<WorkItem> waits = new ArrayList<>();
                        waits(pid, tids, inventory, waits::add);
                        return waits;
                    }));
                } else if (inventory.watchesBlocked() && (f == KernelFile.PROCESS_STAT || f == KernelFile.PROCESS_WCHAN)) {
                    java.util.function.BiConsumer<Integer, byte[]> saw = f == KernelFile.PROCESS_STAT
                            ? inventory::sawProcessStat : inventory::sawProcessWchan;
                    items.add(item(f, base, source, keys).keepingContent().then(o -> {
                        saw.accept(pid, o.content());
                        return List.of();
                    }));
                } else {
                    items.add(item(f, base, source, keys));
                }
            }
        }
        return items;
    }

    /**
     * A process's threads' fast-pass rows that say where each waits ({@code stat}, {@code wchan}); the
     * ownership of their directories comes after every thread's ({@link Phase#FAST_OWNERSHIP}), so the
     * threads that look blocked are known, and their re-sample due, as early as can be.
     */
    private void waits(int pid, int[] tids, Inventory inventory, Consumer<WorkItem> out) {
        String key = ArchivePath.processDirectory(pid);
        ProcessKeys keys = new ProcessKeys(key);
        List<KernelFile> rows = WAIT_ROWS;
        List<WorkItem> items = new ArrayList<>(tids.length * rows.size());
        threadItems(key, settings.source(key), tids, rows, keys, items::add);
        if (inventory.watchesBlocked()) {
            watch(pid, tids, rows.size(), rows, items, inventory);
        }
        items.forEach(out);
    }

    /**
     * For the default re-sample: the fast pass's {@code stat} and {@code wchan} of each thread hand their
     * content to the inventory, which notes the threads that look blocked. {@code items} holds
     * {@code rowsPerThread} items per thread, in {@code rows} order.
     */
    private static void watch(int pid, int[] tids, int rowsPerThread, List<KernelFile> rows, List<WorkItem> items,
                              Inventory inventory) {
        int stat = rows.indexOf(KernelFile.THREAD_STAT);
        int wchan = rows.indexOf(KernelFile.THREAD_WCHAN);
        for (int i = 0; i < tids.length; i++) {
            int tid = tids[i];
            int base = i * rowsPerThread;
            if (stat >= 0) {
                items.set(base + stat, items.get(base + stat).keepingContent().then(o -> {
                    inventory.sawStat(pid, tid, o.content());
                    return List.of();
                }));
            }
            if (wchan >= 0) {
                items.set(base + wchan, items.get(base + wchan).keepingContent().then(o -> {
                    inventory.sawWchan(pid, tid, o.content());
                    return List.of();
                }));
            }
        }
    }

    private void details(int pid, int[] tids, Consumer<WorkItem> out) {
        String key = ArchivePath.processDirectory(pid);
        String source = settings.source(key);
        ProcessKeys keys = new ProcessKeys(key);
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
                out.accept(list(f, dir, dirSource, keys, o -> links(f, dir, dirSource, keys, o)));
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
                             ProcessKeys keys, Consumer<WorkItem> out) {
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
    private List<WorkItem> links(KernelFile listingRow, String dir, String dirSource, ProcessKeys keys,
                                 Outcome listing) {
        List<WorkItem> items = new ArrayList<>(listing.names().size());
        List<String> names = new ArrayList<>(listing.names());
        names.sort(ProcessSource::numericFirst);
        Set<LockClass> locks = listingRow.entryLocks();
        List<String> guards = keys.guards(locks);
        List<String> trips = keys.trips(locks);
        for (String name : names) {
            items.add(WorkItem.guarded(ArchivePath.under(dir, name), ArchivePath.under(dirSource, name), Kind.READLINK,
                    settings.readTimeoutNanos(), guards, trips, null));
        }
        return items;
    }

    private void samples(int k, int pid, int[] tids, Consumer<WorkItem> out) {
        String key = ArchivePath.processDirectory(pid);
        ProcessKeys keys = new ProcessKeys(key);
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
     * directory itself for an ownership row), guarded by and tripping its process's breakers of the
     * row's lock classes ({@link ProcessKeys}), built once. {@code source} is {@link Settings#source} of
     * {@code directory}.
     */
    private WorkItem item(KernelFile f, String directory, String source, ProcessKeys keys) {
        List<String> guards = keys.guards(f.locks());
        List<String> trips = keys.trips(f.locks());
        if (f.kind() == KernelFile.Kind.OWNERSHIP) {
            return WorkItem.guarded(directory, source, Kind.OWNER, settings.readTimeoutNanos(), guards, trips, null);
        }
        Kind kind = f.kind() == KernelFile.Kind.LINK ? Kind.READLINK : Kind.READ_FILE;
        return WorkItem.guarded(ArchivePath.under(directory, f), ArchivePath.under(source, f), kind,
                settings.readTimeoutNanos(), guards, trips, null);
    }

    private WorkItem list(KernelFile f, String path, String source, ProcessKeys keys, FollowUp followUp) {
        return WorkItem.guarded(path, source, Kind.LIST_DIR, settings.readTimeoutNanos(), keys.guards(f.locks()),
                keys.trips(f.locks()), followUp);
    }

    /**
     * The breaker keys of one process: {@code proc/PID} is the serial key (its items run one after
     * another, on one reader) and never trips; {@code proc/PID CLASS} is the breaker of one lock class
     * of that process. An item guards on the serial key and on its classes' keys and trips its classes'
     * keys (a row of no class counts as {@link LockClass#NONE}). The lists are built once per class set.
     */
    static final class ProcessKeys {
        private final String serial;
        private final Map<Set<LockClass>, List<String>> guards = new HashMap<>(8);
        private final Map<Set<LockClass>, List<String>> trips = new HashMap<>(8);

        ProcessKeys(String processDirectory) {
            this.serial = processDirectory;
        }

        /** The breaker key of lock class {@code c} of process {@code processDirectory}: {@code proc/306 EXEC_UPDATE}. */
        static String of(String processDirectory, LockClass c) {
            return processDirectory + " " + c.name();
        }

        List<String> guards(Set<LockClass> locks) {
            return guards.computeIfAbsent(locks, l -> {
                List<String> g = new ArrayList<>(l.size() + 1);
                g.add(serial);
                g.addAll(trips(l));
                return List.copyOf(g);
            });
        }

        List<String> trips(Set<LockClass> locks) {
            return trips.computeIfAbsent(locks, l -> {
                List<String> t = new ArrayList<>(Math.max(1, l.size()));
                if (l.isEmpty()) {
                    t.add(of(serial, LockClass.NONE));
                }
                for (LockClass c : l) {
                    t.add(of(serial, c));
                }
                return List.copyOf(t);
            });
        }
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
