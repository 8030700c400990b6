package io.procsnap.format.layout;

import io.procsnap.format.layout.KernelFile.Kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The commands a capture runs by itself, each stored under {@code cmd/NAME/} ({@link ArchivePath.CommandStream}):
 * the capture runs those of its kernel ({@link #kernels()}) in this order, replay finds their output by them.
 * A name means one command per kernel: {@code df} is {@code df -P} on Linux, {@code df -k} on SunOS.
 *
 * <p>SunOS's {@code mdb-*} commands read kernel memory without process or pool locks; they need the global
 * zone and all privileges, and the capture runs them only there ({@link #needsKernelDebugger()}).
 */
public enum BuiltinCommand {
    // SunOS: the machine, its zone, memory, IPC; each safe (no process or pool lock)
    ETC_RELEASE("etc-release", Kernel.SUNOS, "cat", "/etc/release"),
    UNAME("uname", Kernel.SUNOS, "uname", "-a"),
    ISAINFO("isainfo", Kernel.SUNOS, "isainfo", "-kv"),
    ZONENAME("zonename", Kernel.SUNOS, "zonename"),
    ZONEADM("zoneadm", Kernel.SUNOS, "zoneadm", "list", "-cv"),
    PSRINFO("psrinfo", Kernel.SUNOS, "psrinfo", "-v"),
    SWAP("swap", Kernel.SUNOS, "swap", "-s"),
    VMSTAT("vmstat", Kernel.SUNOS, "vmstat", "1", "2"),
    KSTAT_ZFS("kstat-zfs", Kernel.SUNOS, "kstat", "-p", "zfs:0:arcstats"),
    KSTAT_CAPS("kstat-caps", Kernel.SUNOS, "kstat", "-p", "caps"),
    IPCS("ipcs", Kernel.SUNOS, "ipcs", "-qaA"),
    /** The capture's privilege sets (its shell's, inherited): {@code E: all} lets it run the mdb commands. */
    PPRIV("ppriv", Kernel.SUNOS, "sh", "-c", "ppriv $$"),
    // SunOS, global zone with all privileges: the kernel's threads and pools through mdb -k, before zpool
    // (which can hang on spa_namespace_lock)
    MDB_PS("mdb-ps", Kernel.SUNOS, "sh", "-c", "echo '::ps -t' | mdb -k"),
    MDB_STACKS("mdb-stacks", Kernel.SUNOS, "sh", "-c", "echo '::stacks' | mdb -k"),
    MDB_STACKS_TXG("mdb-stacks-txg", Kernel.SUNOS, "sh", "-c", "echo '::stacks -c txg_wait_open' | mdb -k"),
    MDB_FINDSTACK("mdb-findstack", Kernel.SUNOS, "sh", "-c", "echo '::walk thread | ::findstack -v' | mdb -k"),
    MDB_THREADLIST("mdb-threadlist", Kernel.SUNOS, "sh", "-c", "echo '::threadlist -v' | mdb -k"),
    MDB_SPA("mdb-spa", Kernel.SUNOS, "sh", "-c", "echo '::spa -v' | mdb -k"),

    // both kernels: ZFS (zpool and zfs can hang on spa_namespace_lock; the capture's zfs breaker guards them)
    ZPOOL_LIST("zpool-list", Kernel.BOTH_KERNELS, "zpool", "list", "-Hp"),
    /** Older ZFS (zfs-fuse 0.7, Solaris 10) refuse {@code -p}: the same figures in units, read when -Hp failed. */
    ZPOOL_LIST_H("zpool-list-H", Kernel.BOTH_KERNELS, "zpool", "list", "-H", "-o",
            "name,size,allocated,free,capacity,dedupratio,health"),
    ZPOOL_STATUS("zpool-status", Kernel.BOTH_KERNELS, "zpool", "status", "-v"),
    ZPOOL_GET("zpool-get", Kernel.BOTH_KERNELS, "zpool", "get", "all"),
    ZFS_LIST("zfs-list", Kernel.BOTH_KERNELS, "zfs", "list", "-Hp"),
    /** The {@code zfs list -H} fallback of {@link #ZPOOL_LIST_H}; replay reads the columns from the argv run. */
    ZFS_LIST_H("zfs-list-H", Kernel.BOTH_KERNELS, "zfs", "list", "-H", "-o", "name,used,available,referenced,mountpoint"),
    ZFS_GET("zfs-get", Kernel.BOTH_KERNELS, "zfs", "get", "-Hp",
            "used,available,referenced,quota,refquota,reservation,refreservation,usedbysnapshots,"
                    + "usedbydataset,usedbychildren,usedbyrefreservation,logicalused,compressratio"),
    /** The kernel log, never through {@code /proc/kmsg} (reading that consumes it). */
    DMESG("dmesg", Kernel.LINUX, "dmesg"),
    DF("df", Kernel.LINUX, "df", "-P"),
    /** SunOS's df: {@code -k} (its /usr/bin/df has no {@code -P}). */
    SUNOS_DF("df", Kernel.SUNOS, "df", "-k");

    /** Which of the capture's timeouts a command runs under. */
    public enum TimeoutClass {
        /** The command timeout ({@code --command-timeout}), then SIGTERM, then SIGKILL. */
        COMMAND
    }

    private final String commandName;
    private final TimeoutClass timeout;
    private final Set<Kernel> kernels;
    private final List<String> argv;

    BuiltinCommand(String commandName, Kernel kernel, String... argv) {
        this(commandName, kernel == null ? EnumSet.allOf(Kernel.class) : EnumSet.of(kernel), argv);
    }

    BuiltinCommand(String commandName, Set<Kernel> kernels, String... argv) {
        this.commandName = commandName;
        this.timeout = TimeoutClass.COMMAND;
        this.kernels = Collections.unmodifiableSet(EnumSet.copyOf(kernels));
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

    /** The kernels whose captures run it. */
    public Set<Kernel> kernels() {
        return kernels;
    }

    /** An {@code mdb -k} command: run only in SunOS's global zone with all privileges. */
    public boolean needsKernelDebugger() {
        return commandName.startsWith("mdb-");
    }

    /** The commands a capture of this kernel runs, in order. */
    public static List<BuiltinCommand> of(Kernel kernel) {
        List<BuiltinCommand> out = new ArrayList<>();
        for (BuiltinCommand c : values()) {
            if (c.kernels.contains(kernel)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The program: {@code zpool}, {@code dmesg}, ... ({@code sh} for a pipeline). */
    public String program() {
        return argv.get(0);
    }

    /** The archive path of one of its entries. */
    public String path(ArchivePath.Stream stream) {
        return ArchivePath.command(commandName, stream);
    }

    /** The built-in command stored under this name (Linux's where both kernels have the name), or null. */
    public static BuiltinCommand named(String commandName) {
        BuiltinCommand c = named(Kernel.LINUX, commandName);
        return c != null ? c : named(Kernel.SUNOS, commandName);
    }

    /** The command a capture of this kernel stores under this name, or null. */
    public static BuiltinCommand named(Kernel kernel, String commandName) {
        for (BuiltinCommand c : values()) {
            if (c.commandName.equals(commandName) && c.kernels.contains(kernel)) {
                return c;
            }
        }
        return null;
    }
}
