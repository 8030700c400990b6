package io.procsnap.capture.collect;

import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.Outcome;
import io.procsnap.capture.engine.WorkItem;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.KernelFile.Pass;
import io.procsnap.format.layout.KernelFile.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * System-wide files, the {@link Scope#SYSTEM} rows of {@link KernelFile}: the SysV IPC tables in the fast
 * pass; limits, load and memory, mounts, sockets, locks, host identity, hung-task settings, what procps
 * needs to run on a replay and the ZFS kstats (per pool its {@link Scope#ZFS_POOL} rows, a breaker per
 * pool) in the system pass; and the files the user added.
 */
public final class SystemSource implements Collector {
    private final Settings settings;

    public SystemSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        switch (phase) {
            case FAST:
                rows(Pass.FAST, inventory, out);
                break;
            case SYSTEM:
                rows(Pass.SYSTEM, inventory, out);
                for (String extra : settings.addFiles()) {
                    String path = extra.substring(1);
                    out.accept(WorkItem.of(path, extra, Kind.READ_FILE, settings.readTimeoutNanos()));
                }
                break;
            default:
                break;
        }
    }

    private void rows(Pass pass, Inventory inventory, Consumer<WorkItem> out) {
        for (KernelFile f : KernelFile.rows(Scope.SYSTEM, pass)) {
            if (f == KernelFile.PROCESSES) {
                continue; // listed by ProcessSource, whose follow-up reads the processes
            }
            String path = f.path();
            if (f == KernelFile.ZFS_POOLS) {
                out.accept(WorkItem.of(path, settings.source(path), Kind.LIST_DIR, settings.readTimeoutNanos())
                        .then(this::pools));
                continue;
            }
            WorkItem w = WorkItem.of(path, settings.source(path), Kind.READ_FILE, settings.readTimeoutNanos());
            if (f == KernelFile.MOUNTINFO) {
                w = w.keepingContent().then(o -> mountinfo(o, inventory));
            }
            out.accept(w);
        }
    }

    private List<WorkItem> mountinfo(Outcome o, Inventory inventory) {
        inventory.setMountinfo(o.content());
        return List.of();
    }

    /** Follow-up of the kstat listing: per pool its rows (breaker per pool). */
    private List<WorkItem> pools(Outcome listing) {
        List<WorkItem> items = new ArrayList<>();
        for (String name : listing.names()) {
            if (!KernelFile.isZfsPool(name)) {
                continue;
            }
            String key = ArchivePath.under(KernelFile.ZFS_POOLS.path(), name);
            for (KernelFile f : KernelFile.rows(Scope.ZFS_POOL, Pass.SYSTEM)) {
                String path = ArchivePath.under(key, f);
                items.add(WorkItem.of(path, settings.source(path), Kind.READ_FILE, settings.readTimeoutNanos())
                        .breaker(key));
            }
        }
        return items;
    }
}
