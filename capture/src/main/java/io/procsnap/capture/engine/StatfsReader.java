package io.procsnap.capture.engine;

import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import io.procsnap.format.layout.StatfsRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * statfs of one mount point. Java has no statfs(2) that returns inode counts, and the JDK's own
 * statvfs calls would block a reader thread in the kernel on a dead NFS mount; so the capture asks a
 * child process it can kill on timeout: the bundle's {@link StatfsHelper} (one process answering mount
 * after mount, with the kernel's f_flags), else {@code stat -f} per mount (coreutils or busybox; TERM,
 * then KILL, left behind if even that fails). {@code stat -f} does not print f_flags: it is derived
 * from the mount's options in mountinfo (the kernel computes f_flags from the same bits) and marked so.
 */
final class StatfsReader {
    /** %t type hex, %s bsize, %S frsize, %b blocks, %f bfree, %a bavail, %c files, %d ffree, %l namemax. */
    static final String FORMAT = "%t %s %S %b %f %a %c %d %l";

    private static final String[][] FLAGS = {
            {"ro", "1"}, {"nosuid", "2"}, {"nodev", "4"}, {"noexec", "8"}, {"sync", "16"},
            {"mand", "64"}, {"noatime", "1024"}, {"nodiratime", "2048"}, {"relatime", "4096"}};

    private StatfsReader() {
    }

    static Outcome statfs(WorkItem item, StatfsHelper helper, CommandRunner commands, String statProgram, long t0,
                          EntryChunk out) {
        long start = System.nanoTime();
        String mountPoint = item.args().get(0);
        String fstype = item.args().size() > 1 ? item.args().get(1) : "";
        String options = item.args().size() > 2 ? item.args().get(2) : "";
        if (helper != null && helper.usable()) {
            StatfsHelper.Answer a = helper.statfs(mountPoint, item.timeoutNanos());
            if (a.problem() == null) {
                return fromHelper(item, mountPoint, fstype, a, start, t0, out);
            }
        }
        if (statProgram == null) {
            return result(item, Status.ERROR, "stat(1) not found on PATH", null, start, t0, out);
        }
        CommandRunner.Result r = commands.run(List.of(statProgram, "-f", "-c", FORMAT, "--", mountPoint),
                item.timeoutNanos());
        if (r.timedOut()) {
            String how = r.leftBehind() ? "stat -f left behind in the kernel" : "stat -f killed";
            return result(item, Status.TIMEOUT, how, null, start, t0, out);
        }
        String stdout = new String(r.stdout() == null ? new byte[0] : r.stdout(), StandardCharsets.UTF_8).trim();
        String[] f = stdout.split(" ");
        if (r.exit() == null || r.exit() != 0 || f.length < 9) {
            String stderr = new String(r.stderr() == null ? new byte[0] : r.stderr(), StandardCharsets.UTF_8);
            String name = errnoOf(stderr);
            return result(item, io.procsnap.format.layout.Errno.statusOf(name), name, null, start, t0, out);
        }
        StatfsRecord record;
        try {
            record = new StatfsRecord(mountPoint, fstype, Long.parseUnsignedLong(f[0], 16),
                    Long.parseUnsignedLong(f[1]), Long.parseUnsignedLong(f[2]), Long.parseUnsignedLong(f[3]),
                    Long.parseUnsignedLong(f[4]), Long.parseUnsignedLong(f[5]), Long.parseUnsignedLong(f[6]),
                    Long.parseUnsignedLong(f[7]), Long.parseUnsignedLong(f[8]), Long.toString(flags(options)), "mountinfo");
        } catch (NumberFormatException e) {
            return result(item, Status.ERROR, "stat -f printed " + stdout, null, start, t0, out);
        }
        return result(item, Status.OK, null, record.toBytes(), start, t0, out);
    }

    private static Outcome fromHelper(WorkItem item, String mountPoint, String fstype, StatfsHelper.Answer a,
                                      long start, long t0, EntryChunk out) {
        if (a.timedOut()) {
            String how = a.leftBehind() ? "statfs helper left behind in the kernel" : "statfs helper killed";
            return result(item, Status.TIMEOUT, how, null, start, t0, out);
        }
        if (a.values() == null) {
            IoFailure f = IoFailure.classify(a.errno());
            return result(item, f.status(), f.name(), null, start, t0, out);
        }
        long[] v = a.values();
        StatfsRecord record = new StatfsRecord(mountPoint, fstype, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
                Long.toString(v[9]), "statfs");
        return result(item, Status.OK, null, record.toBytes(), start, t0, out);
    }

    /** f_flags (ST_RDONLY, ST_NOSUID, ...) from mount options such as {@code rw,nosuid,nodev,relatime}. */
    static long flags(String options) {
        long flags = 0;
        for (String o : options.split(",")) {
            for (String[] f : FLAGS) {
                if (f[0].equals(o)) {
                    flags |= Long.parseLong(f[1]);
                }
            }
        }
        return flags;
    }

    /** {@code stat: cannot read file system information for '/x': Permission denied} -> EACCES. */
    static String errnoOf(String stderr) {
        String line = stderr.strip();
        int colon = line.lastIndexOf(": ");
        return colon >= 0 ? IoFailure.nameOf(line.substring(colon + 2)) : "error: " + line;
    }

    private static Outcome result(WorkItem item, Status status, String detail, byte[] content,
                                  long start, long t0, EntryChunk out) {
        EntryHeader h = new EntryHeader(item.path(), EntryType.FILE, status, detail, -1, -1, -1, start - t0,
                System.nanoTime() - start, null);
        out.add(h, content);
        return new Outcome(item, status, null, null);
    }
}
