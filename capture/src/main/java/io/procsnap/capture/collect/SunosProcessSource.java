package io.procsnap.capture.collect;

import io.procsnap.capture.engine.FollowUp;
import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.Outcome;
import io.procsnap.capture.engine.WorkItem;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.KernelFile.Kernel;
import io.procsnap.format.layout.KernelFile.Pass;
import io.procsnap.format.layout.KernelFile.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SunOS processes and LWPs (illumos, Oracle Solaris), as the {@link Kernel#SUNOS} rows of {@link KernelFile}
 * say: the pids from listing the proc root (in the capture: a readdir of /proc takes no process lock), then
 * per process in the fast pass its owner, psinfo, lpsinfo and the {@code lwp} listing, per LWP its
 * lwpsinfo; in the details status, lstatus, usage, lusage, cred, the {@code path} links (listed and read in
 * one step), per LWP its lwpstatus. Every per-process read is made by the disposable reader child
 * ({@link Kind#inChild()}): a stat or read of {@code /proc/PID} can wait for the target's p_lock in a way
 * no signal ends. As on Linux, a process's items share the breaker {@code proc/PID}: after one hung read
 * the rest of that process is skipped (its reader child is killed; the next process gets a fresh one).
 */
public final class SunosProcessSource implements Collector {
    /**
     * {@code -Dprocsnap.sunos.inProcess=true} reads the same rows on the capture's own threads instead of the
     * reader child: only for bench/capture/sunos-reader.sh, which measures what the child costs. Never on a
     * live SunOS machine (the reason for the child).
     */
    static final String IN_PROCESS = "procsnap.sunos.inProcess";

    private final Settings settings;
    private final boolean inProcess;

    public SunosProcessSource(Settings settings) {
        this(settings, Boolean.getBoolean(IN_PROCESS));
    }

    SunosProcessSource(Settings settings, boolean inProcess) {
        this.settings = settings;
        this.inProcess = inProcess;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        switch (phase) {
            case FAST:
                out.accept(ProcessSource.listProcesses(settings, o -> processes(o, inventory)));
                break;
            case DETAILS:
                inventory.processes().forEach((pid, lwps) -> details(pid, lwps, out));
                break;
            default:
                break; // no repeated samples of SunOS files yet
        }
    }

    private List<WorkItem> processes(Outcome listing, Inventory inventory) {
        List<WorkItem> items = new ArrayList<>();
        for (int pid : ProcessSource.numeric(listing.names())) {
            inventory.addProcess(pid);
            String base = ArchivePath.processDirectory(pid);
            String source = settings.source(base);
            List<String> keys = List.of(base);
            for (KernelFile f : KernelFile.rows(Kernel.SUNOS, Scope.PROCESS, Pass.FAST)) {
                if (f == KernelFile.LWPS) {
                    items.add(WorkItem.guarded(ArchivePath.under(base, f), ArchivePath.under(source, f),
                            inProcess ? Kind.LIST_DIR : Kind.CHILD_LIST_DIR, settings.readTimeoutNanos(), keys,
                            o -> lwps(pid, o, inventory)));
                } else {
                    items.add(item(f, base, source, keys, null));
                }
            }
        }
        return items;
    }

    /** Follow-up of an lwp listing: per LWP its fast-pass rows. */
    private List<WorkItem> lwps(int pid, Outcome listing, Inventory inventory) {
        int[] ids = ProcessSource.numeric(listing.names());
        inventory.setThreads(pid, ids);
        List<WorkItem> items = new ArrayList<>();
        lwpItems(pid, ids, Pass.FAST, items::add);
        return items;
    }

    private void details(int pid, int[] lwps, Consumer<WorkItem> out) {
        String base = ArchivePath.processDirectory(pid);
        String source = settings.source(base);
        List<String> keys = List.of(base);
        for (KernelFile f : KernelFile.rows(Kernel.SUNOS, Scope.PROCESS, Pass.DETAILS)) {
            out.accept(item(f, base, source, keys, null));
        }
        lwpItems(pid, lwps, Pass.DETAILS, out);
    }

    private void lwpItems(int pid, int[] lwps, Pass pass, Consumer<WorkItem> out) {
        String base = ArchivePath.processDirectory(pid);
        List<String> keys = List.of(base);
        String archiveLwps = ArchivePath.lwpsOf(base);
        String sourceLwps = ArchivePath.lwpsOf(settings.source(base));
        for (int lwp : lwps) {
            String dir = ArchivePath.threadDirectory(archiveLwps, lwp);
            String dirSource = ArchivePath.threadDirectory(sourceLwps, lwp);
            for (KernelFile f : KernelFile.rows(Kernel.SUNOS, Scope.THREAD, pass)) {
                out.accept(item(f, dir, dirSource, keys, null));
            }
        }
    }

    /** The reader child's item of one row below {@code directory}, guarded by and tripping {@code keys}. */
    private WorkItem item(KernelFile f, String directory, String source, List<String> keys, FollowUp followUp) {
        if (inProcess) {
            return inProcessItem(f, directory, source, keys);
        }
        switch (f.kind()) {
            case OWNERSHIP:
                return WorkItem.guarded(directory, source, Kind.CHILD_OWNER, settings.readTimeoutNanos(), keys, followUp);
            case LISTING: // path/: its links, each read, never opened
                return WorkItem.guarded(ArchivePath.under(directory, f), ArchivePath.under(source, f),
                        Kind.CHILD_LIST_LINKS, settings.readTimeoutNanos(), keys, followUp);
            case LINK:
            case FILE:
            default:
                return WorkItem.guarded(ArchivePath.under(directory, f), ArchivePath.under(source, f),
                        Kind.CHILD_READ_FILE, settings.readTimeoutNanos(), keys, followUp);
        }
    }

    /** The same row read on a capture thread ({@link #IN_PROCESS}): the path links listed, then each readlinked. */
    private WorkItem inProcessItem(KernelFile f, String directory, String source, List<String> keys) {
        switch (f.kind()) {
            case OWNERSHIP:
                return WorkItem.guarded(directory, source, Kind.OWNER, settings.readTimeoutNanos(), keys, null);
            case LISTING:
                String dir = ArchivePath.under(directory, f);
                String dirSource = ArchivePath.under(source, f);
                return WorkItem.guarded(dir, dirSource, Kind.LIST_DIR, settings.readTimeoutNanos(), keys, o -> {
                    List<WorkItem> links = new ArrayList<>();
                    for (String name : o.names()) {
                        links.add(WorkItem.guarded(ArchivePath.under(dir, name), ArchivePath.under(dirSource, name),
                                Kind.READLINK, settings.readTimeoutNanos(), keys, null));
                    }
                    return links;
                });
            default:
                return WorkItem.guarded(ArchivePath.under(directory, f), ArchivePath.under(source, f), Kind.READ_FILE,
                        settings.readTimeoutNanos(), keys, null);
        }
    }
}
