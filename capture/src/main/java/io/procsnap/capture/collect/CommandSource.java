package io.procsnap.capture.collect;

import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.WorkItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The commands, each found on the search path or recorded absent: ZFS (a hung {@code zpool} trips
 * {@code zfs}, skipping the other zpool/zfs commands), {@code dmesg} (never {@code /proc/kmsg},
 * which consumes the log), {@code df -P} (skipped when a statfs already hung), and the user's own.
 */
public final class CommandSource implements Collector {
    public static final String ZFS_BREAKER = "zfs";
    /** Columns of the {@code zpool list -H} fallback; replay reads them in this order. */
    public static final String ZPOOL_LIST_H_COLUMNS = "name,size,allocated,free,capacity,dedupratio,health";
    /** Columns of the {@code zfs list -H} fallback. */
    public static final String ZFS_LIST_H_COLUMNS = "name,used,available,referenced,mountpoint";

    /** name -> argv of the built-in commands; names are the archive's cmd/NAME. */
    static final Map<String, List<String>> BUILT_IN = builtIn();

    private final Settings settings;

    public CommandSource(Settings settings) {
        this.settings = settings;
    }

    private static Map<String, List<String>> builtIn() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("zpool-list", List.of("zpool", "list", "-Hp"));
        // older ZFS (zfs-fuse 0.7, Solaris 10) refuse -p: the same figures in units, read when -Hp failed
        m.put("zpool-list-H", List.of("zpool", "list", "-H", "-o", ZPOOL_LIST_H_COLUMNS));
        m.put("zpool-status", List.of("zpool", "status", "-v"));
        m.put("zpool-get", List.of("zpool", "get", "all"));
        m.put("zfs-list", List.of("zfs", "list", "-Hp"));
        m.put("zfs-list-H", List.of("zfs", "list", "-H", "-o", ZFS_LIST_H_COLUMNS));
        m.put("zfs-get", List.of("zfs", "get", "-Hp",
                "used,available,referenced,quota,refquota,reservation,refreservation,usedbysnapshots,"
                        + "usedbydataset,usedbychildren,usedbyrefreservation,logicalused,compressratio"));
        m.put("dmesg", List.of("dmesg"));
        m.put("df", List.of("df", "-P"));
        return m;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        if (phase != Phase.COMMANDS) {
            return;
        }
        List<String> zfs = List.of(ZFS_BREAKER);
        for (Map.Entry<String, List<String>> e : BUILT_IN.entrySet()) {
            WorkItem w = command(e.getKey(), e.getValue());
            String program = e.getValue().get(0);
            if (program.equals("zpool") || program.equals("zfs")) {
                w = w.withBreakers(zfs, zfs, true);
            } else if (program.equals("df")) {
                w = w.withBreakers(List.of(FilesystemSource.ANY_STATFS_HUNG), List.of(), true);
            }
            out.accept(w);
        }
        for (Map.Entry<String, List<String>> e : settings.addCommands().entrySet()) {
            out.accept(command(e.getKey(), e.getValue()));
        }
    }

    private WorkItem command(String name, List<String> argv) {
        return WorkItem.of("cmd/" + name, "", Kind.COMMAND, settings.commandTimeoutNanos())
                .withArgs(new ArrayList<>(argv));
    }
}
