package io.procsnap.format.layout;

import java.util.List;

/**
 * The commands a capture runs by itself, each stored under {@code cmd/NAME/} ({@link ArchivePath.CommandStream}):
 * the capture runs them in this order, replay finds their output by them.
 */
public enum BuiltinCommand {
    ZPOOL_LIST("zpool-list", TimeoutClass.COMMAND, "zpool", "list", "-Hp"),
    /** Older ZFS (zfs-fuse 0.7, Solaris 10) refuse {@code -p}: the same figures in units, read when -Hp failed. */
    ZPOOL_LIST_H("zpool-list-H", TimeoutClass.COMMAND, "zpool", "list", "-H", "-o",
            "name,size,allocated,free,capacity,dedupratio,health"),
    ZPOOL_STATUS("zpool-status", TimeoutClass.COMMAND, "zpool", "status", "-v"),
    ZPOOL_GET("zpool-get", TimeoutClass.COMMAND, "zpool", "get", "all"),
    ZFS_LIST("zfs-list", TimeoutClass.COMMAND, "zfs", "list", "-Hp"),
    /** The {@code zfs list -H} fallback of {@link #ZPOOL_LIST_H}; replay reads the columns from the argv run. */
    ZFS_LIST_H("zfs-list-H", TimeoutClass.COMMAND, "zfs", "list", "-H", "-o", "name,used,available,referenced,mountpoint"),
    ZFS_GET("zfs-get", TimeoutClass.COMMAND, "zfs", "get", "-Hp",
            "used,available,referenced,quota,refquota,reservation,refreservation,usedbysnapshots,"
                    + "usedbydataset,usedbychildren,usedbyrefreservation,logicalused,compressratio"),
    /** The kernel log, never through {@code /proc/kmsg} (reading that consumes it). */
    DMESG("dmesg", TimeoutClass.COMMAND, "dmesg"),
    DF("df", TimeoutClass.COMMAND, "df", "-P");

    /** Which of the capture's timeouts a command runs under. */
    public enum TimeoutClass {
        /** The command timeout ({@code --command-timeout}), then SIGTERM, then SIGKILL. */
        COMMAND
    }

    private final String commandName;
    private final TimeoutClass timeout;
    private final List<String> argv;

    BuiltinCommand(String commandName, TimeoutClass timeout, String... argv) {
        this.commandName = commandName;
        this.timeout = timeout;
        this.argv = List.of(argv);
    }

    /** The name in the archive: {@code cmd/zpool-list/...}. */
    public String commandName() {
        return commandName;
    }

    public TimeoutClass timeout() {
        return timeout;
    }

    /** The command line; the program is found on the search path. */
    public List<String> argv() {
        return argv;
    }

    /** The program: {@code zpool}, {@code dmesg}, ... */
    public String program() {
        return argv.get(0);
    }

    /** The archive path of one of its entries. */
    public String path(ArchivePath.Stream stream) {
        return ArchivePath.command(commandName, stream);
    }

    /** The built-in command stored under this name, or null. */
    public static BuiltinCommand named(String commandName) {
        for (BuiltinCommand c : values()) {
            if (c.commandName.equals(commandName)) {
                return c;
            }
        }
        return null;
    }
}
