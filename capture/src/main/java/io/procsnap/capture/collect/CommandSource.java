package io.procsnap.capture.collect;

import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.WorkItem;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The commands, each found on the search path or recorded absent: the {@link BuiltinCommand}s of the
 * settings' kernel in their order (SunOS's {@code mdb -k} ones only when {@link Settings#kernelDebugger()}),
 * then the user's own. ZFS: a hung {@code zpool} or {@code zfs} trips {@code zfs}, skipping the
 * other zpool/zfs commands; {@code df} is skipped when a statfs already hung; {@code dmesg} reads the
 * kernel log without consuming it.
 */
public final class CommandSource implements Collector {
    public static final String ZFS_BREAKER = "zfs";

    private final Settings settings;

    public CommandSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        if (phase != Phase.COMMANDS) {
            return;
        }
        List<String> zfs = List.of(ZFS_BREAKER);
        for (BuiltinCommand c : BuiltinCommand.of(settings.kernel())) {
            if (c.needsKernelDebugger() && !settings.kernelDebugger()) {
                continue; // not the global zone, or not all privileges: the manifest's notes say which
            }
            WorkItem w = command(c.commandName(), c.argv(), timeout(c.timeout()));
            if (c.program().equals("zpool") || c.program().equals("zfs")) {
                w = w.withBreakers(zfs, zfs, true);
            } else if (c == BuiltinCommand.DF) { // Linux's: the statfs of the same mounts ran first
                w = w.withBreakers(List.of(FilesystemSource.ANY_STATFS_HUNG), List.of(), true);
            }
            out.accept(w);
        }
        for (Map.Entry<String, List<String>> e : settings.addCommands().entrySet()) {
            out.accept(command(e.getKey(), e.getValue(), settings.commandTimeoutNanos()));
        }
    }

    private long timeout(BuiltinCommand.TimeoutClass timeoutClass) {
        if (timeoutClass == BuiltinCommand.TimeoutClass.COMMAND) {
            return settings.commandTimeoutNanos();
        }
        throw new IllegalArgumentException("no timeout for " + timeoutClass);
    }

    /** The item of a command: its path is the directory of its entries, {@code cmd/NAME}. */
    private WorkItem command(String name, List<String> argv, long timeoutNanos) {
        return WorkItem.of(ArchivePath.commandDirectory(name), "", Kind.COMMAND, timeoutNanos)
                .withArgs(new ArrayList<>(argv));
    }
}
