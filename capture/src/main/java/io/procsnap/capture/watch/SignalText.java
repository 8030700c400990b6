package io.procsnap.capture.watch;

import io.procsnap.capture.collect.FilesystemSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure parsers for the few kernel texts the watcher reads at each tick. No I/O: text in, records out;
 * a line that does not parse is skipped (the watcher must keep going on any kernel).
 */
final class SignalText {
    private SignalText() {
    }

    /**
     * {@code procs_blocked} of {@code /proc/stat}: tasks waiting for I/O right now ({@code nr_iowait});
     * -1 when absent.
     * <pre>procs_running 4
     * procs_blocked 0</pre>
     */
    static long procsBlocked(String procStat) {
        for (String line : lines(procStat)) {
            if (line.startsWith("procs_blocked ")) {
                return number(line.substring("procs_blocked ".length()).trim());
            }
        }
        return -1;
    }

    /**
     * The {@code full avg10} percentage of a {@code /proc/pressure/*} file; NaN when absent (the cpu file
     * of kernels before 5.13 has no {@code full} line).
     * <pre>some avg10=0.03 avg60=0.68 avg300=0.94 total=8479295
     * full avg10=0.01 avg60=0.02 avg300=0.13 total=3145991</pre>
     */
    static double pressureFullAvg10(String pressure) {
        for (String line : lines(pressure)) {
            if (line.startsWith("full ")) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("avg10=")) {
                        try {
                            return Double.parseDouble(field.substring("avg10=".length()));
                        } catch (NumberFormatException e) {
                            return Double.NaN;
                        }
                    }
                }
            }
        }
        return Double.NaN;
    }

    /** One row of {@code /proc/sysvipc/msg}; the key as the kernel prints it: a signed decimal int. */
    record MsgQueue(long key, long msqid, long cbytes, long qnum, long lspid, long lrpid) { }

    /**
     * The rows of {@code /proc/sysvipc/msg} (header skipped):
     * <pre>       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
     * 1234567890      32769   600        16384        128  4242  4241     0     0     0     0 1763772000 1763771990 1763771900</pre>
     */
    static List<MsgQueue> msgQueues(String text) {
        List<MsgQueue> out = new ArrayList<>();
        for (String line : lines(text)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 7 || f[0].equals("key")) {
                continue;
            }
            long key;
            try {
                key = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            long msqid = number(f[1]);
            long cbytes = number(f[3]);
            long qnum = number(f[4]);
            if (msqid >= 0 && cbytes >= 0 && qnum >= 0) {
                out.add(new MsgQueue(key, msqid, cbytes, qnum, number(f[5]), number(f[6])));
            }
        }
        return out;
    }

    /**
     * One line of {@code /proc/self/mountinfo}, the fields the watcher uses; {@code mountPoint} and
     * {@code source} with the kernel's octal escapes ({@code \040} for a space) undone.
     */
    record Mount(String majorMinor, String mountPoint, boolean readOnly, String fstype, String source) { }

    /**
     * <pre>26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
     * 27 26 0:24 / /mnt/x ro,nosuid,nodev,relatime shared:3 - tmpfs none ro,size=4k</pre>
     */
    static List<Mount> mounts(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : lines(mountinfo)) {
            String[] f = line.split(" ");
            int dash = f.length < 7 ? -1 : List.of(f).subList(6, f.length).indexOf("-") + 6; // after the optional fields
            if (dash < 6 || dash + 2 >= f.length) {
                continue;
            }
            boolean ro = (',' + f[5] + ',').contains(",ro,");
            out.add(new Mount(f[2], FilesystemSource.unescape(f[4]), ro, f[dash + 1], FilesystemSource.unescape(f[dash + 2])));
        }
        return out;
    }

    /** What {@code stat -f -c '%t %s %S %b %f %a %c %d %l %n'} prints for one file system. */
    record Statfs(long type, long bsize, long frsize, long blocks, long bfree, long bavail, String name) {
        /** Used percentage as df computes it: used / (used + available to non-root); NaN for a size-less fs. */
        double usedPercent() {
            long used = blocks - bfree;
            long total = used + bavail;
            return blocks <= 0 || total <= 0 ? Double.NaN : 100.0 * used / total;
        }
    }

    /** The format the watcher gives {@code stat -f -c}: the capture's fields, then the name (it may hold spaces). */
    static final String STATFS_FORMAT = "%t %s %S %b %f %a %c %d %l %n";

    /**
     * Lines of {@code stat -f -c STATFS_FORMAT} output; error lines ({@code stat: cannot read file system
     * information for '/x': Permission denied}) are skipped.
     * <pre>ef53 4096 4096 65536000 44000000 40000000 16384000 16000000 255 /</pre>
     */
    static List<Statfs> statfs(String output) {
        List<Statfs> out = new ArrayList<>();
        for (String line : lines(output)) {
            String[] f = line.split(" ", 10);
            if (f.length < 10) {
                continue;
            }
            try {
                out.add(new Statfs(Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1]),
                        Long.parseUnsignedLong(f[2]), Long.parseUnsignedLong(f[3]), Long.parseUnsignedLong(f[4]),
                        Long.parseUnsignedLong(f[5]), f[9]));
            } catch (NumberFormatException e) {
                // an error message that happens to have ten words
            }
        }
        return out;
    }

    /**
     * One {@code /dev/kmsg} record: {@code facility} 0 is the kernel; records written by programs into
     * /dev/kmsg get facility 1 (user) or above, so they can never pose as a kernel report.
     */
    record KmsgRecord(int facility, int level, long seq, long micros, String text) { }

    /**
     * <pre>3,1290,9411239876,-;INFO: task cat:4242 blocked for more than 122 seconds.
     *  SUBSYSTEM=...</pre>
     * Continuation lines (a leading space) are left out. Null when the prefix does not parse.
     */
    static KmsgRecord kmsg(String record) {
        int semi = record.indexOf(';');
        if (semi < 0) {
            return null;
        }
        String[] prefix = record.substring(0, semi).split(",");
        if (prefix.length < 3) {
            return null;
        }
        long prio = number(prefix[0]);
        long seq = number(prefix[1]);
        long micros = number(prefix[2]);
        if (prio < 0 || seq < 0) {
            return null;
        }
        int nl = record.indexOf('\n', semi);
        String text = nl < 0 ? record.substring(semi + 1) : record.substring(semi + 1, nl);
        return new KmsgRecord((int) (prio >> 3), (int) (prio & 7), seq, micros, text);
    }

    private static final Pattern HUNG_TASK = Pattern.compile("INFO: task (.+):(\\d+) blocked for more than (\\d+) seconds\\.");

    /** The hung-task report's task and seconds, or null: {@code INFO: task cat:4242 blocked for more than 122 seconds.} */
    static String[] hungTask(String text) {
        Matcher m = HUNG_TASK.matcher(text);
        return m.find() ? new String[] {m.group(1), m.group(2), m.group(3)} : null;
    }

    /** A non-negative decimal number, -1 when it is not one. */
    static long number(String s) {
        try {
            long v = Long.parseLong(s.trim());
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String[] lines(String text) {
        return text == null ? new String[0] : text.split("\n");
    }
}
