package io.procsnap.replay.parse.sunos;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.CommandStatus;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seed 003's machine as a SunOS capture, written through the format library's {@link ArchiveWriter}: an
 * Oracle Solaris 11.4 x86 server captured from the global zone by a 64-bit reader, zone {@code zone1} on
 * pool {@code tank}, which is 100% full. {@code dd} (pid 4211) writes into the zone's dataset; its psinfo
 * read timed out (p_lock), so its other p_lock files were skipped, and mdb's {@code ::ps -t} and
 * {@code ::findstack -v} show two of its LWPs in {@code txg_wait_open}; {@code ps -ef} (pid 4230) waits in
 * {@code pr_p_lock} for it; postgres (pid 4302) waits in a ZIL commit. The binary /proc files come from
 * {@link SunosFixtures}' writers with the values chosen here, the command outputs from
 * {@code src/test/resources/parse/sunos/zone/} (sources in the README there).
 */
public final class SunosZone {
    public static final int DD = 4211;
    public static final int PS = 4230;
    public static final int POSTGRES = 4302;
    public static final String POOL = "tank";
    static final SunosFixtures.Machine MACHINE = new SunosFixtures.Machine("solaris-11.4-amd64", SunosFlavor.ORACLE,
            DataModel.LP64, ByteOrder.LITTLE_ENDIAN, "amd64", DataModel.LP64);
    static final Instant START = Instant.parse("2026-11-22T10:42:30Z");
    private static final long T0 = 1763800000L;

    /** One process of the zone: its psinfo, its LWPs and their kernel thread addresses (pr_addr). */
    private record Proc(int pid, int ppid, long uid, String fname, String psargs, int flag, long[] addrs, long[] wchans,
                        char[] snames, int[] syscalls, String[] lwpNames) {
    }

    private static final List<Proc> PROCS = List.of(
            new Proc(3101, 0, 0, "zsched", "zsched", 0x1, new long[] {0xfffffe0c1a3c6c40L},
                    new long[] {0xfffffe0c1a3c40e8L}, new char[] {'S'}, new int[] {0}, new String[] {""}),
            new Proc(3150, 3101, 0, "init", "/sbin/init", 0x02000000, new long[] {0xfffffe0c1a7d5c60L},
                    new long[] {0xfffffe0c1a7d5e4eL}, new char[] {'S'}, new int[] {183}, new String[] {""}),
            new Proc(4100, 3150, 100, "bash", "-bash", 0x02000000, new long[] {0xfffffe0c1b9e3c20L},
                    new long[] {0xfffffe0c1b9e0100L}, new char[] {'S'}, new int[] {107}, new String[] {""}),
            new Proc(DD, 4100, 100, "dd", "dd if=/dev/zero of=/tank/zones/zone1/root/data/fill bs=1048576", 0x02000000,
                    new long[] {0xfffffe0c1e2a7c20L, 0xfffffe0c1e2a8c20L, 0xfffffe0c1e2a9c20L},
                    new long[] {0xfffffe0c1aa4d8c6L, 0xfffffe0c1aa4d8c6L, 0}, new char[] {'S', 'S', 'O'},
                    new int[] {4, 0, 0}, new String[] {"writer", "", ""}),
            new Proc(PS, 4100, 0, "ps", "ps -ef", 0x02000000, new long[] {0xfffffe0c1d0e7c40L},
                    new long[] {0xfffffe0c1c5e30caL}, new char[] {'S'}, new int[] {3}, new String[] {""}),
            new Proc(POSTGRES, 3150, 90, "postgres", "/usr/postgres/bin/postgres -D /tank/zones/zone1/root/data/pg",
                    0x02000000, new long[] {0xfffffe0c1f0a4c60L, 0xfffffe0c1f0a5c60L},
                    new long[] {0xfffffe0c6d2a1f28L, 0xfffffe0c1f0a5e4eL}, new char[] {'S', 'S'}, new int[] {58, 183},
                    new String[] {"", "checkpointer"}));

    /** The commands the capture ran, in its order; those with no output file here are left out (not run). */
    private static final List<BuiltinCommand> COMMANDS = BuiltinCommand.of(KernelFile.Kernel.SUNOS).stream()
            .filter(c -> resource(c.commandName() + ".txt") != null || resource(c.commandName() + ".stderr") != null)
            .toList();

    private SunosZone() {
    }

    /** The manifest a SunOS capture writes: the platform's SunOS keys. */
    static Manifest manifest() {
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap", "test", new Manifest.Host("solsrv1", "5.11", null, null),
                new Manifest.Captor(0, 0, 0), START, -1, Map.of("timeout", "2s"),
                new Manifest.Platform("amd64", 100, 4096, "OpenJDK 17 (test)", Manifest.Platform.SUNOS, "5.11",
                        "Oracle Solaris 11.4 X86", "amd64", "64", "LITTLE_ENDIAN", "global"), Map.of());
    }

    /** Writes the archive to {@code archive} (replaced). */
    public static Path write(Path archive) throws IOException {
        return write(archive, (path, content) -> content);
    }

    /** What goes into an entry: the content as generated, or another (a fuzzer's mutation). */
    @FunctionalInterface
    public interface Content {
        byte[] of(String path, byte[] generated);
    }

    /** Writes the archive with every entry's content passed through {@code content}. */
    public static Path write(Path archive, Content content) throws IOException {
        Files.createDirectories(archive.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive))) {
            ArchiveWriter w = ArchiveWriter.open(out, manifest(), ArchiveWriter.Options.defaults());
            long[] clock = {0};
            Adder add = (h, b) -> {
                clock[0] += 400_000;
                w.add(new EntryHeader(h.path(), h.type(), h.status(), h.detail(), h.mode(), h.uid(), h.gid(), clock[0],
                        h.elapsedNanos() > 0 ? h.elapsedNanos() : 50_000, h.linkTarget()),
                        b.length == 0 ? b : content.of(h.path(), b));
            };
            add.add(owned(EntryHeader.directory("proc"), 0), new byte[0]);
            for (Proc p : PROCS) {
                process(add, p);
            }
            for (BuiltinCommand c : COMMANDS) {
                command(add, c.commandName(), c.argv());
            }
            w.close();
        }
        return archive;
    }

    @FunctionalInterface
    private interface Adder {
        void add(EntryHeader header, byte[] content) throws IOException;
    }

    private static void process(Adder add, Proc p) throws IOException {
        String dir = ArchivePath.processDirectory(p.pid());
        add.add(owned(EntryHeader.directory(dir), p.uid()), new byte[0]);
        if (p.pid() == DD) {
            // pr_p_lock: the psinfo read never returned; the breaker skipped the process's other p_lock files
            add.add(owned(EntryHeader.file(dir + "/psinfo"), p.uid()).withStatus(Status.TIMEOUT, null)
                    .withTiming(0, 2_000_000_000L), new byte[0]);
            for (String f : List.of("lpsinfo", "status", "lstatus", "lwp")) {
                add.add(owned(f.equals("lwp") ? EntryHeader.directory(dir + "/" + f) : EntryHeader.file(dir + "/" + f),
                        p.uid()).withStatus(Status.SKIPPED, "breaker: proc/" + DD + "/psinfo timed out"), new byte[0]);
            }
            add.add(owned(EntryHeader.symlink(dir + "/path/a.out", "/usr/bin/dd"), p.uid()), new byte[0]);
            return;
        }
        SunosFixtures.Machine m = MACHINE;
        List<Lwpsinfo> lwps = new ArrayList<>();
        List<Lwpstatus> statuses = new ArrayList<>();
        for (int i = 0; i < p.addrs().length; i++) {
            lwps.add(lwp(p, i));
            statuses.add(status(p, i));
        }
        add.add(owned(EntryHeader.file(dir + "/psinfo"), p.uid()), SunosFixtures.psinfoBytes(m, psinfo(p, lwps.get(0))));
        add.add(owned(EntryHeader.file(dir + "/lpsinfo"), p.uid()), SunosFixtures.lpsinfoBytes(m, lwps));
        add.add(owned(EntryHeader.file(dir + "/status"), p.uid()), SunosFixtures.pstatusBytes(m, pstatus(p, statuses.get(0))));
        add.add(owned(EntryHeader.file(dir + "/lstatus"), p.uid()), SunosFixtures.lstatusBytes(m, statuses));
        add.add(owned(EntryHeader.directory(dir + "/lwp"), p.uid()), new byte[0]);
        for (int i = 0; i < lwps.size(); i++) {
            String lwpDir = dir + "/lwp/" + (i + 1);
            add.add(owned(EntryHeader.directory(lwpDir), p.uid()), new byte[0]);
            add.add(owned(EntryHeader.file(lwpDir + "/lwpsinfo"), p.uid()), SunosFixtures.lwpsinfoBytes(m, lwps.get(i)));
            add.add(owned(EntryHeader.file(lwpDir + "/lwpstatus"), p.uid()), SunosFixtures.lwpstatusBytes(m, statuses.get(i)));
        }
        if ((p.flag() & 0x1) == 0) {
            add.add(owned(EntryHeader.symlink(dir + "/path/a.out", "/usr/bin/" + p.fname()), p.uid()), new byte[0]);
            add.add(owned(EntryHeader.symlink(dir + "/path/cwd", "/"), p.uid()), new byte[0]);
            add.add(owned(EntryHeader.symlink(dir + "/path/0", "/dev/pts/1"), p.uid()), new byte[0]);
        }
    }

    private static EntryHeader owned(EntryHeader h, long uid) {
        int mode = switch (h.type()) {
            case FILE -> 0100444;
            case DIRECTORY -> 040555;
            default -> 0120777;
        };
        return h.withOwner(mode, uid, uid == 0 ? 0 : 10);
    }

    private static Lwpsinfo lwp(Proc p, int i) {
        char sname = p.snames()[i];
        return new Lwpsinfo(i + 1, p.addrs()[i], p.wchans()[i] == 0 ? -1 : p.wchans()[i], sname == 'S' ? 3 : 0,
                sname == 'S' ? 1 : 6, sname, 20, p.syscalls()[i], 59, sname == 'O' ? 0.5 : 0,
                new Timestruc(T0 + p.pid(), 0), new Timestruc(i + 1, 250_000_000L), "TS", p.lwpNames()[i], i, -1, -1,
                0, 48237611234567L + p.pid() * 10L + i);
    }

    private static Lwpstatus status(Proc p, int i) {
        int syscall = p.syscalls()[i];
        List<Long> args = syscall == 58 ? List.of(9L, 16L) : syscall == 183 ? List.of(0x8047c60L, 1L, 0x8047d88L, 0L)
                : syscall == 3 ? List.of(5L, 0x8047a40L, 0x1a0L) : syscall == 107 ? List.of(7L, 0L, 0x8047b60L, 3L)
                : List.of();
        return new Lwpstatus(p.snames()[i] == 'O' ? 0 : 0x10, i + 1, 0, 0, 0, syscall, args.size(), 0, args, 0, 0, "TS",
                Timestruc.ZERO, new Timestruc(0, 750_000_000L), new Timestruc(i, 500_000_000L), -1,
                0xfffffc7fffdff000L, 0xfffffc7fef1b3a8aL);
    }

    private static Psinfo psinfo(Proc p, Lwpsinfo lwp) {
        boolean sys = (p.flag() & 0x1) != 0;
        return new Psinfo(p.flag(), p.addrs().length, p.pid(), p.ppid(), sys ? 0 : p.pid(), sys ? 0 : p.pid(), p.uid(),
                p.uid(), p.uid() == 0 ? 0 : 10, p.uid() == 0 ? 0 : 10, 0xfffffe0c1c5e3020L + p.pid() * 0x100L,
                sys ? -1 : 4512 + p.pid() % 97, sys ? -1 : 2048 + p.pid() % 89, -1, 0.0, sys ? 0.0 : 0.1,
                new Timestruc(T0 + p.pid(), 0), new Timestruc(12, 500_000_000L), Timestruc.ZERO, p.fname(), p.psargs(),
                0, p.psargs().split(" ").length, sys ? -1 : 0xfffffc7fffdffd18L, sys ? -1 : 0xfffffc7fffdffd40L,
                DataModel.LP64, 88, 3, 0, 0, sys ? 0 : 2, 301, lwp, MACHINE.abi());
    }

    private static Pstatus pstatus(Proc p, Lwpstatus lwp) {
        return new Pstatus(0x02000010, p.addrs().length, p.pid(), p.ppid(), p.pid(), p.pid(), 0, 0x41a000L, 1 << 20,
                0xfffffc7fffe00000L, 1 << 16, new Timestruc(11, 0), new Timestruc(1, 500_000_000L), Timestruc.ZERO,
                Timestruc.ZERO, DataModel.LP64, 88, 3, 0, 2, lwp, MACHINE.abi());
    }

    private static void command(Adder add, String name, List<String> argv) throws IOException {
        String out = resource(name + ".txt");
        String err = resource(name + ".stderr");
        boolean failed = out == null;
        byte[] stdout = out == null ? new byte[0] : out.getBytes(StandardCharsets.UTF_8);
        byte[] stderr = err == null ? new byte[0] : err.getBytes(StandardCharsets.UTF_8);
        CommandStatus status = new CommandStatus(argv, true, "/usr/bin/" + argv.get(0), List.of(), failed ? 2 : 0, null,
                false, false, false, 30_000_000L, stdout.length, false, stderr.length, false, null, Map.of());
        add.add(EntryHeader.file(ArchivePath.command(name, ArchivePath.Stream.STDOUT)), stdout);
        add.add(EntryHeader.file(ArchivePath.command(name, ArchivePath.Stream.STDERR)), stderr);
        add.add(EntryHeader.file(ArchivePath.command(name, ArchivePath.Stream.STATUS)), status.toBytes());
    }

    /** A command output of the zone, or null when there is none. */
    static String resource(String name) {
        try (InputStream in = SunosZone.class.getResourceAsStream("/parse/sunos/zone/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
