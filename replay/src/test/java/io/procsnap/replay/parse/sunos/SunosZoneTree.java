package io.procsnap.replay.parse.sunos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generator of the fake SunOS zone's /proc tree, {@code fixtures/sunos-zone/proc}: seed 003 on an illumos
 * amd64 machine read by a 64-bit JVM, with {@link SunosFixtures}' values. Two processes, as the mdb samples
 * under {@code parse/sunos/text} show them: {@code dd} (pid 4211: {@link SunosFixtures}' files, every LWP's
 * lwpsinfo and lwpstatus) writing into the full pool, its LWP 1 in {@code txg_wait_open}; and the {@code ps}
 * (pid 4230, uid 0) that hung reading dd's psinfo, its one LWP asleep on the cv of {@code pr_p_lock}
 * (wchan {@code fffffe0c1c5e30ca}) in {@code read}. Plus cred and the {@code path/} links. The capture's
 * fake-zone test (capture's SunosZoneIT) replaces {@code proc/4211/psinfo} by a FIFO that never answers.
 * {@link SunosZoneTreeTests} checks the checked-in files are what this writes. Regenerate with
 * {@code java -cp replay/target/classes:replay/target/test-classes io.procsnap.replay.parse.sunos.SunosZoneTree fixtures/sunos-zone/proc}.
 */
final class SunosZoneTree {
    static final SunosFixtures.Machine MACHINE = SunosFixtures.MACHINES.get(0);
    static final int PS_PID = 4230;
    /** The cv {@code pr_p_lock} waits on in the mdb samples (mdb-findstack-v.txt). */
    static final long PR_P_LOCK_CV = 0xfffffe0c1c5e30caL;

    private SunosZoneTree() {
    }

    /** The binary files by their path under proc/. */
    static Map<String, byte[]> files() {
        SunosFixtures.Machine m = MACHINE;
        if (!m.dir().equals("illumos-amd64")) {
            throw new IllegalStateException("the zone is illumos amd64: " + m.dir());
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        String dd = SunosFixtures.PID + "/";
        out.put(dd + "psinfo", SunosFixtures.psinfoBytes(m));
        out.put(dd + "lpsinfo", SunosFixtures.lpsinfoBytes(m));
        out.put(dd + "status", SunosFixtures.pstatusBytes(m));
        out.put(dd + "lstatus", SunosFixtures.lstatusBytes(m));
        out.put(dd + "cred", cred(100, 10));
        for (int id : SunosFixtures.LWPS) {
            out.put(dd + "lwp/" + id + "/lwpsinfo", SunosFixtures.lwpsinfoBytes(m, SunosFixtures.lwp(m, id)));
            out.put(dd + "lwp/" + id + "/lwpstatus", SunosFixtures.lwpstatusBytes(m, SunosFixtures.lwpstatus(m, id)));
        }
        String ps = PS_PID + "/";
        out.put(ps + "psinfo", psPsinfo(m));
        out.put(ps + "lpsinfo", array(m, SunosFixtures.lwpsinfoBytes(m, psLwp(m)), m.abi().lwpsinfo().size()));
        out.put(ps + "status", psPstatus(m));
        out.put(ps + "lstatus", array(m, SunosFixtures.lwpstatusBytes(m, psLwpstatus(m)),
                ProcLayouts.lwpstatusSize(m.isa(), m.reader())));
        out.put(ps + "cred", cred(0, 0));
        out.put(ps + "lwp/1/lwpsinfo", SunosFixtures.lwpsinfoBytes(m, psLwp(m)));
        out.put(ps + "lwp/1/lwpstatus", SunosFixtures.lwpstatusBytes(m, psLwpstatus(m)));
        return out;
    }

    /** The path/ links: name to target. */
    static Map<String, String> links() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(SunosFixtures.PID + "/path/a.out", "/usr/bin/dd");
        out.put(SunosFixtures.PID + "/path/cwd", "/tank/data");
        out.put(SunosFixtures.PID + "/path/root", "/");
        out.put(SunosFixtures.PID + "/path/0", "/dev/zero");
        out.put(SunosFixtures.PID + "/path/1", "/tank/data/fill");
        out.put(PS_PID + "/path/a.out", "/usr/bin/ps");
        out.put(PS_PID + "/path/cwd", "/root");
        out.put(PS_PID + "/path/root", "/");
        return out;
    }

    /** The ps LWP: asleep on pr_p_lock's cv (sync object CV) in read (syscall 3). */
    static Lwpsinfo psLwp(SunosFixtures.Machine m) {
        Lwpsinfo l = SunosFixtures.lwp(m, 1);
        return new Lwpsinfo(1, 0xfffffe0c1d0e7c40L, PR_P_LOCK_CV, l.syncObject(), l.state(), 'S', l.nice(), 3, l.pri(),
                0, new Timestruc(1763773560L, 0), new Timestruc(0, 10_000_000L), l.clname(), l.name(), 0, -1, -1, 0,
                l.lastOnprocNanos());
    }

    static Lwpstatus psLwpstatus(SunosFixtures.Machine m) {
        Lwpstatus s = SunosFixtures.lwpstatus(m, 1);
        return new Lwpstatus(s.flags(), 1, 0, 0, 0, 3, 3, 0, List.of(5L, 0x8047000L, 416L), 0, 0, "TS", Timestruc.ZERO,
                new Timestruc(0, 10_000_000L), new Timestruc(0, 0), -1, s.ustack(), s.instr());
    }

    private static byte[] psPsinfo(SunosFixtures.Machine m) {
        byte[] b = SunosFixtures.psinfoBytes(m);
        StructLayout l = m.abi().psinfo();
        clear(b, l, "pr_fname");
        clear(b, l, "pr_psargs");
        new StructWriter(b, 0, l, m.abi()).i32("pr_nlwp", 1).i32("pr_pid", PS_PID).i32("pr_ppid", 4101)
                .i32("pr_pgid", PS_PID).i32("pr_sid", 4101).i32("pr_uid", 0).i32("pr_euid", 0).i32("pr_gid", 0)
                .i32("pr_egid", 0).word("pr_addr", 0xfffffe0c1d0e6018L).word("pr_size", 2964).word("pr_rssize", 1876)
                .i16("pr_pctcpu", 0).chars("pr_fname", "ps").chars("pr_psargs", "ps -ef").i32("pr_argc", 2);
        byte[] lwp = SunosFixtures.lwpsinfoBytes(m, psLwp(m));
        System.arraycopy(lwp, 0, b, l.offset("pr_lwp"), lwp.length);
        return b;
    }

    private static byte[] psPstatus(SunosFixtures.Machine m) {
        byte[] b = SunosFixtures.pstatusBytes(m);
        StructLayout l = ProcLayouts.pstatusHead(m.reader());
        new StructWriter(b, 0, l, m.abi()).i32("pr_nlwp", 1).i32("pr_pid", PS_PID).i32("pr_ppid", 4101)
                .i32("pr_pgid", PS_PID).i32("pr_sid", 4101);
        byte[] lwp = SunosFixtures.lwpstatusBytes(m, psLwpstatus(m));
        System.arraycopy(lwp, 0, b, l.offset("pr_lwp"), lwp.length);
        return b;
    }

    /** prheader_t {1, span} and one entry (lpsinfo, lstatus of a one-LWP process). */
    private static byte[] array(SunosFixtures.Machine m, byte[] entry, int size) {
        int span = LayoutChooser.lspan(size, m.reader());
        int w = m.reader().wordSize();
        byte[] b = new byte[2 * w + span];
        new StructWriter(b, 0, ProcLayouts.prheader(m.reader()), m.abi()).word("pr_nent", 1).word("pr_entsize", span);
        System.arraycopy(entry, 0, b, 2 * w, entry.length);
        return b;
    }

    /** prcred_t: pr_euid, pr_ruid, pr_suid, pr_egid, pr_rgid, pr_sgid, pr_ngroups 1, pr_groups[1] (little-endian). */
    static byte[] cred(int uid, int gid) {
        int[] v = {uid, uid, uid, gid, gid, gid, 1, gid};
        byte[] b = new byte[v.length * 4];
        for (int i = 0; i < v.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[i * 4 + k] = (byte) (v[i] >>> (8 * k));
            }
        }
        return b;
    }

    private static void clear(byte[] b, StructLayout l, String field) {
        Arrays.fill(b, l.offset(field), l.offset(field) + l.width(field), (byte) 0);
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "fixtures/sunos-zone/proc");
        for (Map.Entry<String, byte[]> f : files().entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        for (Map.Entry<String, String> l : links().entrySet()) {
            Path p = root.resolve(l.getKey());
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            Files.createSymbolicLink(p, Path.of(l.getValue()));
        }
    }
}
