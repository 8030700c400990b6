package io.procsnap.capture.collect;

import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.Outcome;
import io.procsnap.capture.engine.WorkItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * System-wide files, each named here: the SysV IPC tables (in the fast pass) and limits, load and
 * memory, mounts, sockets, locks, host identity, hung-task settings, what procps needs to run on a
 * replay, the ZFS kstats, and the files the user added.
 */
public final class SystemSource implements Collector {
    static final List<String> SYSVIPC = List.of("proc/sysvipc/msg", "proc/sysvipc/sem", "proc/sysvipc/shm");

    static final List<String> FILES = List.of(
            "proc/sys/kernel/msgmnb", "proc/sys/kernel/msgmax", "proc/sys/kernel/msgmni", "proc/sys/kernel/sem",
            "proc/sys/kernel/shmmax", "proc/sys/kernel/shmall", "proc/sys/kernel/shmmni",
            "proc/sys/kernel/shm_rmid_forced",
            "proc/loadavg", "proc/uptime", "proc/stat", "proc/meminfo", "proc/vmstat",
            "proc/pressure/cpu", "proc/pressure/memory", "proc/pressure/io", "proc/pressure/irq",
            "proc/mounts", "proc/self/mountinfo",
            "proc/net/unix", "proc/net/tcp", "proc/net/tcp6", "proc/net/udp", "proc/net/udp6",
            "proc/locks", "proc/interrupts", "proc/swaps", "proc/diskstats",
            "proc/sys/kernel/hostname", "proc/sys/kernel/osrelease", "proc/sys/kernel/random/boot_id",
            "proc/sys/kernel/hung_task_timeout_secs", "proc/sys/kernel/hung_task_panic",
            "proc/sys/kernel/hung_task_warnings", "proc/sys/kernel/hung_task_check_count",
            "proc/sys/kernel/hung_task_check_interval_secs", "proc/sys/kernel/hung_task_detect_count",
            "proc/sys/kernel/pid_max", "proc/sys/kernel/threads-max", "proc/sys/kernel/tainted",
            "proc/tty/drivers", "proc/version", "proc/cmdline", "proc/cpuinfo", "proc/filesystems",
            "proc/sys/kernel/ngroups_max",
            "etc/machine-id");

    /** Files (not pools) directly under /proc/spl/kstat/zfs. */
    static final Set<String> ZFS_KSTAT_FILES = Set.of("arcstats", "abdstats", "dbufstats", "dbufs", "dmu_tx",
            "dnodestats", "fm", "import_progress", "vdev_cache_stats", "vdev_mirror_stats", "xuio_stats",
            "zfetchstats", "zil", "zstd", "vdev_raidz_bench", "fletcher_4_bench", "qat", "brtstats");
    static final List<String> ZFS_POOL_FILES = List.of("state", "txgs");
    static final String ZFS_KSTAT = "proc/spl/kstat/zfs";

    private final Settings settings;

    public SystemSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        switch (phase) {
            case FAST:
                SYSVIPC.forEach(p -> out.accept(file(p)));
                break;
            case SYSTEM:
                for (String p : FILES) {
                    WorkItem w = file(p);
                    if (p.equals("proc/self/mountinfo")) {
                        w = w.keepingContent().then(o -> mountinfo(o, inventory));
                    }
                    out.accept(w);
                }
                out.accept(file("proc/spl/kstat/zfs/arcstats"));
                out.accept(WorkItem.of(ZFS_KSTAT, settings.source(ZFS_KSTAT), Kind.LIST_DIR,
                        settings.readTimeoutNanos()).then(this::pools));
                for (String extra : settings.addFiles()) {
                    String path = extra.substring(1);
                    out.accept(WorkItem.of(path, extra, Kind.READ_FILE, settings.readTimeoutNanos()));
                }
                break;
            default:
                break;
        }
    }

    private List<WorkItem> mountinfo(Outcome o, Inventory inventory) {
        inventory.setMountinfo(o.content());
        return List.of();
    }

    /** Follow-up of the kstat listing: per pool its state and txgs (breaker per pool). */
    private List<WorkItem> pools(Outcome listing) {
        List<WorkItem> items = new ArrayList<>();
        for (String name : listing.names()) {
            if (ZFS_KSTAT_FILES.contains(name) || name.startsWith(".")) {
                continue;
            }
            String key = ZFS_KSTAT + "/" + name;
            for (String f : ZFS_POOL_FILES) {
                String path = key + "/" + f;
                items.add(WorkItem.of(path, settings.source(path), Kind.READ_FILE, settings.readTimeoutNanos())
                        .breaker(key));
            }
        }
        return items;
    }

    private WorkItem file(String path) {
        return WorkItem.of(path, settings.source(path), Kind.READ_FILE, settings.readTimeoutNanos());
    }
}
