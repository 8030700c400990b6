package io.procsnap.replay.parse.sunos;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generator of the binary SunOS /proc samples under {@code src/test/resources/parse/sunos/}: the
 * process of seed 003 ({@code dd} writing into a full pool, LWP 1 asleep on a condition variable in
 * {@code write}) as each reader sees it, written field by field from {@link ProcLayouts} with values
 * chosen here. {@link SunosProcParserTests} checks the checked-in files are what this writes and that the
 * parsers read back these values. Regenerate with
 * {@code java -cp replay/target/classes:replay/target/test-classes io.procsnap.replay.parse.sunos.SunosFixtures replay/src/test/resources/parse/sunos}.
 */
final class SunosFixtures {
    /** One reader of the process: where its samples go and how it reads /proc. */
    record Machine(String dir, SunosFlavor flavor, DataModel reader, ByteOrder order, String isa, DataModel target) {
        ReaderAbi abi() {
            return new ReaderAbi(flavor, reader, order);
        }

        AbiHints hints() {
            return new AbiHints(flavor, reader, order, isa);
        }
    }

    static final List<Machine> MACHINES = List.of(
            new Machine("illumos-amd64", SunosFlavor.ILLUMOS, DataModel.LP64, ByteOrder.LITTLE_ENDIAN, "amd64", DataModel.LP64),
            new Machine("illumos-amd64-ilp32-process", SunosFlavor.ILLUMOS, DataModel.LP64, ByteOrder.LITTLE_ENDIAN, "amd64", DataModel.ILP32),
            new Machine("illumos-ilp32-reader", SunosFlavor.ILLUMOS, DataModel.ILP32, ByteOrder.LITTLE_ENDIAN, "i386", DataModel.LP64),
            new Machine("solaris-11.4-ilp32-reader", SunosFlavor.ORACLE, DataModel.ILP32, ByteOrder.LITTLE_ENDIAN, "i386", DataModel.ILP32),
            new Machine("solaris-11.4-amd64", SunosFlavor.ORACLE, DataModel.LP64, ByteOrder.LITTLE_ENDIAN, "amd64", DataModel.LP64),
            new Machine("solaris-11.4-sparcv9", SunosFlavor.ORACLE, DataModel.LP64, ByteOrder.BIG_ENDIAN, "sparcv9", DataModel.LP64));

    static final int PID = 4211;
    static final int[] LWPS = {1, 2, 3};
    private static final int PCT_CPU = 0x0148;
    private static final int PCT_MEM = 0x0010;

    private SunosFixtures() {
    }

    /** The files of one machine by their path under /proc/4211. */
    static Map<String, byte[]> files(Machine m) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("psinfo", psinfoBytes(m));
        out.put("lpsinfo", lpsinfoBytes(m));
        out.put("lwp/1/lwpsinfo", lwpsinfoBytes(m, lwp(m, 1)));
        out.put("lwp/1/lwpstatus", lwpstatusBytes(m, lwpstatus(m, 1)));
        out.put("lstatus", lstatusBytes(m));
        out.put("status", pstatusBytes(m));
        return out;
    }

    static Lwpsinfo lwp(Machine m, int id) {
        boolean narrow = m.reader() == DataModel.ILP32;
        boolean oracle = m.flavor() == SunosFlavor.ORACLE;
        long wchan = switch (id) {
            case 1 -> 0xfffffe0c1aa4d8c6L;
            case 2 -> 0xfffffe0c1d0e7a4aL;
            default -> 0;
        };
        char sname = id == 3 ? 'O' : 'S';
        return new Lwpsinfo(id, narrow ? -1 : 0xfffffe0c1e2a6c20L + id * 0x1000L, narrow || wchan == 0 ? -1 : wchan,
                id == 3 ? 0 : 3, id == 3 ? 6 : 1, sname, 20, id == 1 ? 4 : id == 2 ? 34 : 0, 59,
                percent(id == 3 ? PCT_CPU : 0), new Timestruc(1763773000L, 0), new Timestruc(id, 250_000_000L),
                "TS", oracle ? (id == 1 ? "writer" : "lwp-" + id) : "", id - 1, -1, -1, 0,
                oracle ? 48237611234567L + id : -1);
    }

    static Psinfo psinfo(Machine m) {
        boolean narrow = m.reader() == DataModel.ILP32;
        boolean lost = narrow && m.target() == DataModel.LP64;
        boolean target64 = m.target() == DataModel.LP64;
        return new Psinfo(0x02000000, LWPS.length, PID, 4100, PID, 4100, 100, 100, 10, 10,
                narrow ? -1 : 0xfffffe0c1c5e3020L, lost ? -1 : 4512, lost ? -1 : 2048, -1, percent(PCT_CPU),
                percent(PCT_MEM), new Timestruc(1763773000L, 123456789L), new Timestruc(12, 500_000_000L),
                Timestruc.ZERO, "dd", "dd if=/dev/zero of=/tank/data/fill bs=1048576", 0, 4,
                lost ? -1 : target64 ? 0xfffffc7fffdffd18L : 0x8047e3cL,
                lost ? -1 : target64 ? 0xfffffc7fffdffd40L : 0x8047e50L, m.target(), 88, 3, 0, 0, 2, 301, lwp(m, 1),
                m.abi());
    }

    static Lwpstatus lwpstatus(Machine m, int id) {
        boolean narrow = m.reader() == DataModel.ILP32;
        boolean target64 = m.target() == DataModel.LP64;
        List<Long> args = id == 1 ? List.of(1L, narrow || !target64 ? 0x8070000L : 0x4100000L, 1048576L) : List.of();
        return new Lwpstatus(id == 3 ? 0 : 0x10, id, 0, 0, 0, id == 1 ? 4 : 0, args.size(), 0, args, 0, 0, "TS",
                Timestruc.ZERO, new Timestruc(0, 750_000_000L), new Timestruc(id, 500_000_000L), -1,
                narrow ? 0x8047000L : 0xfffffc7fffdff000L, narrow ? 0xfeefa3b5L : 0xfffffc7fef1b3a8aL);
    }

    static Pstatus pstatus(Machine m) {
        boolean narrow = m.reader() == DataModel.ILP32;
        return new Pstatus(0x02000010, LWPS.length, PID, 4100, PID, 4100, 0, narrow ? 0x8069000L : 0x41a000L,
                1 << 20, narrow ? 0x8000000L : 0xfffffc7fffe00000L, 1 << 16, new Timestruc(11, 0),
                new Timestruc(1, 500_000_000L), Timestruc.ZERO, Timestruc.ZERO, m.target(), 88, 3, 0, 2,
                lwpstatus(m, 1), m.abi());
    }

    static byte[] psinfoBytes(Machine m) {
        return psinfoBytes(m, psinfo(m));
    }

    /** Any process's psinfo, written as {@code m} reads it ({@code pr_pctcpu}/{@code pr_pctmem} from the record). */
    static byte[] psinfoBytes(Machine m, Psinfo p) {
        StructLayout l = m.abi().psinfo();
        byte[] b = new byte[l.size()];
        new StructWriter(b, 0, l, m.abi()).i32("pr_flag", p.flag()).i32("pr_nlwp", p.nlwp()).i32("pr_pid", p.pid())
                .i32("pr_ppid", p.ppid()).i32("pr_pgid", p.pgid()).i32("pr_sid", p.sid()).i32("pr_uid", p.uid())
                .i32("pr_euid", p.euid()).i32("pr_gid", p.gid()).i32("pr_egid", p.egid())
                .word("pr_addr", zero(p.addr())).word("pr_size", zero(p.sizeKb())).word("pr_rssize", zero(p.rssKb()))
                .word("pr_ttydev", -1).i16("pr_pctcpu", (int) Math.round(p.pctcpu() * 0x8000 / 100))
                .i16("pr_pctmem", (int) Math.round(p.pctmem() * 0x8000 / 100))
                .timestruc("pr_start", p.start()).timestruc("pr_time", p.time()).timestruc("pr_ctime", p.ctime())
                .chars("pr_fname", p.fname()).chars("pr_psargs", p.psargs()).i32("pr_wstat", p.wstat())
                .i32("pr_argc", p.argc()).word("pr_argv", zero(p.argv())).word("pr_envp", zero(p.envp()))
                .i8("pr_dmodel", p.targetModel().prDmodel()).i32("pr_taskid", p.taskid()).i32("pr_projid", p.projid())
                .i32("pr_nzomb", p.nzomb()).i32("pr_poolid", p.poolid()).i32("pr_zoneid", p.zoneid())
                .i32("pr_contract", p.contract());
        writeLwp(b, l.offset("pr_lwp"), m, p.lwp());
        return b;
    }

    static byte[] lwpsinfoBytes(Machine m, Lwpsinfo lwp) {
        byte[] b = new byte[m.abi().lwpsinfo().size()];
        writeLwp(b, 0, m, lwp);
        return b;
    }

    private static void writeLwp(byte[] b, int base, Machine m, Lwpsinfo w) {
        StructLayout l = m.abi().lwpsinfo();
        StructWriter s = new StructWriter(b, base, l, m.abi()).i32("pr_lwpid", w.lwpid())
                .word("pr_addr", zero(w.addr())).word("pr_wchan", zero(w.wchan())).i8("pr_stype", w.syncObject())
                .i8("pr_state", w.state()).i8("pr_sname", w.sname()).i8("pr_nice", w.nice())
                .i16("pr_syscall", w.syscall()).i32("pr_pri", w.pri())
                .i16("pr_pctcpu", (int) Math.round(w.pctcpu() * 0x8000 / 100)).timestruc("pr_start", w.start())
                .timestruc("pr_time", w.time()).chars("pr_clname", w.clname()).chars("pr_name", w.name())
                .i32("pr_onpro", w.onpro()).i32("pr_bindpro", w.bindpro()).i32("pr_bindpset", w.bindpset())
                .i32("pr_lgrp", w.lgrp());
        if (l.has("pr_last_onproc")) {
            s.i64("pr_last_onproc", zero(w.lastOnprocNanos()));
        }
    }

    static byte[] lpsinfoBytes(Machine m) {
        return lpsinfoBytes(m, lwps(m));
    }

    /** An lpsinfo of any LWPs: prheader_t, then one entry every LSPAN bytes. */
    static byte[] lpsinfoBytes(Machine m, List<Lwpsinfo> lwps) {
        int size = m.abi().lwpsinfo().size();
        int span = LayoutChooser.lspan(size, m.reader());
        int w = m.reader().wordSize();
        byte[] b = new byte[2 * w + lwps.size() * span];
        new StructWriter(b, 0, ProcLayouts.prheader(m.reader()), m.abi()).word("pr_nent", lwps.size()).word("pr_entsize", span);
        for (int i = 0; i < lwps.size(); i++) {
            writeLwp(b, 2 * w + i * span, m, lwps.get(i));
        }
        return b;
    }

    static byte[] lwpstatusBytes(Machine m, Lwpstatus s) {
        byte[] b = new byte[ProcLayouts.lwpstatusSize(m.isa(), m.reader())];
        writeStatus(b, 0, m, s);
        return b;
    }

    private static void writeStatus(byte[] b, int base, Machine m, Lwpstatus s) {
        long[] args = s.sysargs().stream().mapToLong(Long::longValue).toArray();
        new StructWriter(b, base, ProcLayouts.lwpstatusHead(m.reader()), m.abi()).i32("pr_flags", s.flags())
                .i32("pr_lwpid", s.lwpid()).i16("pr_why", s.why()).i16("pr_what", s.what())
                .i16("pr_cursig", s.cursig()).i16("pr_syscall", s.syscall()).i16("pr_nsysarg", s.nsysarg())
                .i32("pr_errno", s.errno()).words("pr_sysarg", args).word("pr_rval1", s.rval1())
                .word("pr_rval2", s.rval2()).chars("pr_clname", s.clname()).timestruc("pr_tstamp", s.tstamp())
                .timestruc("pr_utime", s.utime()).timestruc("pr_stime", s.stime()).i32("pr_errpriv", s.errpriv())
                .word("pr_ustack", zero(s.ustack())).word("pr_instr", s.instr());
    }

    static byte[] lstatusBytes(Machine m) {
        return lstatusBytes(m, lwpstatuses(m));
    }

    /** An lstatus of any LWPs. */
    static byte[] lstatusBytes(Machine m, List<Lwpstatus> statuses) {
        int size = ProcLayouts.lwpstatusSize(m.isa(), m.reader());
        int span = LayoutChooser.lspan(size, m.reader());
        int w = m.reader().wordSize();
        byte[] b = new byte[2 * w + statuses.size() * span];
        new StructWriter(b, 0, ProcLayouts.prheader(m.reader()), m.abi()).word("pr_nent", statuses.size()).word("pr_entsize", span);
        for (int i = 0; i < statuses.size(); i++) {
            writeStatus(b, 2 * w + i * span, m, statuses.get(i));
        }
        return b;
    }

    static byte[] pstatusBytes(Machine m) {
        return pstatusBytes(m, pstatus(m));
    }

    /** Any process's status (pstatus_t with its representative LWP's lwpstatus_t). */
    static byte[] pstatusBytes(Machine m, Pstatus p) {
        StructLayout l = ProcLayouts.pstatusHead(m.reader());
        byte[] b = new byte[l.offset("pr_lwp") + ProcLayouts.lwpstatusSize(m.isa(), m.reader())];
        new StructWriter(b, 0, l, m.abi()).i32("pr_flags", p.flags()).i32("pr_nlwp", p.nlwp()).i32("pr_pid", p.pid())
                .i32("pr_ppid", p.ppid()).i32("pr_pgid", p.pgid()).i32("pr_sid", p.sid()).i32("pr_agentid", p.agentid())
                .word("pr_brkbase", zero(p.brkbase())).word("pr_brksize", p.brksize())
                .word("pr_stkbase", zero(p.stkbase())).word("pr_stksize", p.stksize())
                .timestruc("pr_utime", p.utime()).timestruc("pr_stime", p.stime())
                .timestruc("pr_cutime", p.cutime()).timestruc("pr_cstime", p.cstime())
                .i8("pr_dmodel", p.targetModel().prDmodel()).i32("pr_taskid", p.taskid())
                .i32("pr_projid", p.projid()).i32("pr_nzomb", p.nzomb()).i32("pr_zoneid", p.zoneid());
        writeStatus(b, l.offset("pr_lwp"), m, p.lwp());
        return b;
    }

    static List<Lwpsinfo> lwps(Machine m) {
        List<Lwpsinfo> out = new ArrayList<>();
        for (int id : LWPS) {
            out.add(lwp(m, id));
        }
        return out;
    }

    static List<Lwpstatus> lwpstatuses(Machine m) {
        List<Lwpstatus> out = new ArrayList<>();
        for (int id : LWPS) {
            out.add(lwpstatus(m, id));
        }
        return out;
    }

    private static double percent(int fraction) {
        return fraction * 100.0 / 0x8000;
    }

    private static long zero(long unknownAsMinusOne) {
        return unknownAsMinusOne == -1 ? 0 : unknownAsMinusOne;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "replay/src/test/resources/parse/sunos");
        for (Machine m : MACHINES) {
            for (Map.Entry<String, byte[]> f : files(m).entrySet()) {
                Path p = root.resolve(m.dir()).resolve("proc/" + PID).resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
        }
    }
}
