package io.procsnap.replay.parse.sunos;

import io.procsnap.replay.parse.ParseException;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure parsers of the binary SunOS /proc files ({@code psinfo}, {@code lpsinfo}, {@code lwpsinfo},
 * {@code lwpstatus}, {@code lstatus}, {@code status}) in the layout of a {@link ReaderAbi}; the
 * {@code *(byte[], AbiHints)} forms choose it with {@link LayoutChooser}. A file shorter than its
 * structure, or an array header that does not add up, is a {@link ParseException} naming the field and
 * offset; array lengths are bounded by the file, entry sizes by {@link #MAX_ENTRY_SIZE}.
 */
public final class SunosProcParser {
    /** Largest pr_entsize accepted (the largest structure, lwpstatus_t, is 1.4 KiB). */
    public static final int MAX_ENTRY_SIZE = 16 * 1024;
    private static final long PRNODEV32 = 0xffffffffL;

    private SunosProcParser() {
    }

    public static Psinfo psinfo(byte[] b, AbiHints hints) {
        return psinfo(b, LayoutChooser.psinfo(b, hints));
    }

    public static Psinfo psinfo(byte[] b, ReaderAbi abi) {
        StructLayout l = abi.psinfo();
        requireWhole("psinfo", b, l, abi);
        StructReader r = new StructReader("psinfo", b, 0, b.length, l, abi);
        boolean narrow = abi.model() == DataModel.ILP32;
        long tty = r.word("pr_ttydev");
        if (tty == -1L || (narrow && tty == PRNODEV32)) {
            tty = -1;
        }
        int lwpAt = l.offset("pr_lwp");
        Lwpsinfo lwp = lwpsinfo("psinfo pr_lwp", b, lwpAt, b.length - lwpAt, abi);
        return new Psinfo(r.i32("pr_flag"), r.i32("pr_nlwp"), r.i32("pr_pid"), r.i32("pr_ppid"), r.i32("pr_pgid"),
                r.i32("pr_sid"), Integer.toUnsignedLong(r.i32("pr_uid")), Integer.toUnsignedLong(r.i32("pr_euid")),
                Integer.toUnsignedLong(r.i32("pr_gid")), Integer.toUnsignedLong(r.i32("pr_egid")),
                unknownIfZero(r.word("pr_addr")), unknownIfZero(r.word("pr_size")), unknownIfZero(r.word("pr_rssize")),
                tty, percent(r.u16("pr_pctcpu")), percent(r.u16("pr_pctmem")), r.timestruc("pr_start"),
                r.timestruc("pr_time"), r.timestruc("pr_ctime"), r.chars("pr_fname"), r.chars("pr_psargs"),
                r.i32("pr_wstat"), r.i32("pr_argc"), unknownIfZero(r.word("pr_argv")), unknownIfZero(r.word("pr_envp")),
                DataModel.ofPrDmodel(r.u8("pr_dmodel")), r.i32("pr_taskid"), r.i32("pr_projid"), r.i32("pr_nzomb"),
                r.i32("pr_poolid"), r.i32("pr_zoneid"), r.i32("pr_contract"), lwp, abi);
    }

    public static Lwpsinfo lwpsinfo(byte[] b, AbiHints hints) {
        return lwpsinfo(b, LayoutChooser.lwpsinfo(b, hints));
    }

    public static Lwpsinfo lwpsinfo(byte[] b, ReaderAbi abi) {
        requireWhole("lwpsinfo", b, abi.lwpsinfo(), abi);
        return lwpsinfo("lwpsinfo", b, 0, b.length, abi);
    }

    static Lwpsinfo lwpsinfo(String kind, byte[] b, int base, int length, ReaderAbi abi) {
        StructLayout l = abi.lwpsinfo();
        StructReader r = new StructReader(kind, b, base, length, l, abi);
        long lastOnproc = l.has("pr_last_onproc") ? unknownIfZero(r.i64("pr_last_onproc")) : -1;
        return new Lwpsinfo(r.i32("pr_lwpid"), unknownIfZero(r.word("pr_addr")), unknownIfZero(r.word("pr_wchan")),
                r.u8("pr_stype"), r.u8("pr_state"), (char) r.u8("pr_sname"), r.i8("pr_nice"), r.i16("pr_syscall"),
                r.i32("pr_pri"), percent(r.u16("pr_pctcpu")), r.timestruc("pr_start"), r.timestruc("pr_time"),
                r.chars("pr_clname"), r.chars("pr_name"), r.i32("pr_onpro"), r.i32("pr_bindpro"),
                r.i32("pr_bindpset"), r.i32("pr_lgrp"), lastOnproc);
    }

    /** {@code lpsinfo}: header, then one lwpsinfo_t every pr_entsize bytes. */
    public static LwpArray<Lwpsinfo> lpsinfo(byte[] b, AbiHints hints) {
        ReaderAbi found = LayoutChooser.array("lpsinfo", b, hints);
        int span = (int) LayoutChooser.read(b, found.model().wordSize(), found.model().wordSize(), found.order());
        ReaderAbi abi = new ReaderAbi(LayoutChooser.spanFlavor(span, found.model(), hints), found.model(), found.order());
        return lpsinfo(b, abi);
    }

    public static LwpArray<Lwpsinfo> lpsinfo(byte[] b, ReaderAbi abi) {
        int size = abi.lwpsinfo().size();
        List<Lwpsinfo> out = new ArrayList<>();
        int span = array("lpsinfo", b, abi, size, (o, n) -> out.add(lwpsinfo("lpsinfo entry", b, o, n, abi)));
        return new LwpArray<>(span, out, abi);
    }

    public static Lwpstatus lwpstatus(byte[] b, AbiHints hints) {
        return lwpstatus(b, LayoutChooser.status("lwpstatus", b, 0, 0, hints));
    }

    public static Lwpstatus lwpstatus(byte[] b, ReaderAbi abi) {
        return lwpstatus("lwpstatus", b, 0, b.length, abi);
    }

    static Lwpstatus lwpstatus(String kind, byte[] b, int base, int length, ReaderAbi abi) {
        StructLayout l = ProcLayouts.lwpstatusHead(abi.model());
        StructReader r = new StructReader(kind, b, base, length, l, abi);
        int nsysarg = r.i16("pr_nsysarg");
        List<Long> args = new ArrayList<>();
        for (int i = 0; i < Math.min(Math.max(nsysarg, 0), 8); i++) {
            args.add(r.signedWord("pr_sysarg", i));
        }
        return new Lwpstatus(r.i32("pr_flags"), r.i32("pr_lwpid"), r.i16("pr_why"), r.i16("pr_what"),
                r.i16("pr_cursig"), r.i16("pr_syscall"), nsysarg, r.i32("pr_errno"), args,
                r.signedWord("pr_rval1", 0), r.signedWord("pr_rval2", 0), r.chars("pr_clname"),
                r.timestruc("pr_tstamp"), r.timestruc("pr_utime"), r.timestruc("pr_stime"), r.i32("pr_errpriv"),
                unknownIfZero(r.word("pr_ustack")), r.word("pr_instr"));
    }

    /** {@code lstatus}: header, then one lwpstatus_t every pr_entsize bytes. */
    public static LwpArray<Lwpstatus> lstatus(byte[] b, AbiHints hints) {
        return lstatus(b, LayoutChooser.array("lstatus", b, hints));
    }

    public static LwpArray<Lwpstatus> lstatus(byte[] b, ReaderAbi abi) {
        int head = ProcLayouts.lwpstatusHead(abi.model()).size();
        List<Lwpstatus> out = new ArrayList<>();
        int span = array("lstatus", b, abi, head, (o, n) -> out.add(lwpstatus("lstatus entry", b, o, n, abi)));
        return new LwpArray<>(span, out, abi);
    }

    public static Pstatus pstatus(byte[] b, AbiHints hints) {
        int lp = ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_lwp");
        int ilp = ProcLayouts.pstatusHead(DataModel.ILP32).offset("pr_lwp");
        return pstatus(b, LayoutChooser.status("status", b, lp, ilp, hints));
    }

    public static Pstatus pstatus(byte[] b, ReaderAbi abi) {
        StructLayout l = ProcLayouts.pstatusHead(abi.model());
        StructReader r = new StructReader("status", b, 0, b.length, l, abi);
        int lwpAt = l.offset("pr_lwp");
        Lwpstatus lwp = lwpstatus("status pr_lwp", b, lwpAt, Math.max(0, b.length - lwpAt), abi);
        return new Pstatus(r.i32("pr_flags"), r.i32("pr_nlwp"), r.i32("pr_pid"), r.i32("pr_ppid"), r.i32("pr_pgid"),
                r.i32("pr_sid"), r.i32("pr_agentid"), unknownIfZero(r.word("pr_brkbase")), r.word("pr_brksize"),
                unknownIfZero(r.word("pr_stkbase")), r.word("pr_stksize"), r.timestruc("pr_utime"),
                r.timestruc("pr_stime"), r.timestruc("pr_cutime"), r.timestruc("pr_cstime"),
                DataModel.ofPrDmodel(r.u8("pr_dmodel")), r.i32("pr_taskid"), r.i32("pr_projid"), r.i32("pr_nzomb"),
                r.i32("pr_zoneid"), lwp, abi);
    }

    private interface EntryReader {
        void read(int offset, int length);
    }

    /** Walks the entries of an array file; returns pr_entsize. */
    private static int array(String kind, byte[] b, ReaderAbi abi, int minEntry, EntryReader each) {
        int w = abi.model().wordSize();
        if (b.length < 2 * w) {
            throw new ParseException(kind + ": " + b.length + " bytes, shorter than its " + 2 * w + "-byte prheader_t");
        }
        long nent = LayoutChooser.read(b, 0, w, abi.order());
        long span = LayoutChooser.read(b, w, w, abi.order());
        if (span < minEntry || span > MAX_ENTRY_SIZE) {
            throw new ParseException(kind + ": pr_entsize " + span + " at offset " + w + " is outside " + minEntry
                    + ".." + MAX_ENTRY_SIZE + " for " + abi);
        }
        if (nent < 0 || 2L * w + nent * span > b.length) {
            throw new ParseException(kind + ": pr_nent " + nent + " at offset 0 entries of " + span
                    + " bytes do not fit in " + b.length + " bytes");
        }
        for (int i = 0; i < nent; i++) {
            each.read(2 * w + i * (int) span, (int) span);
        }
        return (int) span;
    }

    private static void requireWhole(String kind, byte[] b, StructLayout l, ReaderAbi abi) {
        if (b.length < l.size()) {
            throw new ParseException(kind + ": " + b.length + " bytes, shorter than the " + l.size() + "-byte "
                    + l.name() + " of " + abi);
        }
    }

    private static double percent(int binaryFraction) {
        return binaryFraction * 100.0 / 0x8000;
    }

    private static long unknownIfZero(long v) {
        return v == 0 ? -1 : v;
    }
}
