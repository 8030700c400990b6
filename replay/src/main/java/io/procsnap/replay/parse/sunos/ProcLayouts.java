package io.procsnap.replay.parse.sunos;

/**
 * The /proc structures of SunOS as declared in {@code <sys/procfs.h>} (illumos-gate
 * {@code usr/src/uts/common/sys/procfs.h}; the {@code *32_t} variants are what a 32-bit reader gets) and,
 * for {@link SunosFlavor#ORACLE}, as Oracle Solaris 11.3/11.4 declares them (see the README of the
 * SunOS samples for the sources of each). Only what this package reads is named; the rest is
 * declared by size so the offsets after it come out right.
 */
public final class ProcLayouts {
    private ProcLayouts() {
    }

    /** {@code lwpsinfo_t} (LP64 reader) or {@code lwpsinfo32_t} (ILP32 reader). */
    public static StructLayout lwpsinfo(SunosFlavor flavor, DataModel model) {
        StructLayout.Builder b = StructLayout.builder("lwpsinfo_t", model)
                .i32("pr_flag").i32("pr_lwpid").word("pr_addr").word("pr_wchan")
                .i8("pr_stype").i8("pr_state").i8("pr_sname").i8("pr_nice").i16("pr_syscall")
                .i8("pr_oldpri").i8("pr_cpu").i32("pr_pri").i16("pr_pctcpu").i16("pr_pad")
                .timestruc("pr_start").timestruc("pr_time").chars("pr_clname", 8);
        if (flavor == SunosFlavor.ORACLE) {
            b.chars("pr_oldname", 16);
        } else {
            b.chars("pr_name", 16);
        }
        b.i32("pr_onpro").i32("pr_bindpro").i32("pr_bindpset").i32("pr_lgrp");
        if (flavor == SunosFlavor.ORACLE) {
            b.hrtime("pr_last_onproc").chars("pr_name", 32);
        } else {
            b.blob("pr_filler", 16, 4);
        }
        return b.build();
    }

    /** {@code psinfo_t} / {@code psinfo32_t}; {@code pr_pad1} is {@code pr_rssizepriv} on Oracle Solaris. */
    public static StructLayout psinfo(SunosFlavor flavor, DataModel model) {
        return StructLayout.builder("psinfo_t", model)
                .i32("pr_flag").i32("pr_nlwp").i32("pr_pid").i32("pr_ppid").i32("pr_pgid").i32("pr_sid")
                .i32("pr_uid").i32("pr_euid").i32("pr_gid").i32("pr_egid")
                .word("pr_addr").word("pr_size").word("pr_rssize").word("pr_pad1").word("pr_ttydev")
                .i16("pr_pctcpu").i16("pr_pctmem")
                .timestruc("pr_start").timestruc("pr_time").timestruc("pr_ctime")
                .chars("pr_fname", 16).chars("pr_psargs", 80)
                .i32("pr_wstat").i32("pr_argc").word("pr_argv").word("pr_envp")
                .i8("pr_dmodel").chars("pr_pad2", 3)
                .i32("pr_taskid").i32("pr_projid").i32("pr_nzomb").i32("pr_poolid").i32("pr_zoneid")
                .i32("pr_contract").i32("pr_filler")
                .struct("pr_lwp", lwpsinfo(flavor, model))
                .build();
    }

    /**
     * {@code lwpstatus_t} / {@code lwpstatus32_t} up to {@code pr_instr}. The registers after it
     * ({@code prgregset_t pr_reg}, {@code prfpregset_t pr_fpreg}) differ by ISA and are not read; their
     * sizes are in {@link #lwpstatusSize}.
     */
    public static StructLayout lwpstatusHead(DataModel model) {
        boolean lp64 = model == DataModel.LP64;
        int w = model.wordSize();
        return StructLayout.builder("lwpstatus_t", model)
                .i32("pr_flags").i32("pr_lwpid").i16("pr_why").i16("pr_what").i16("pr_cursig").i16("pr_pad1")
                .blob("pr_info", lp64 ? 256 : 128, w)          // siginfo_t: SI_MAXSZ 256 / 128
                .blob("pr_lwppend", 16, 4).blob("pr_lwphold", 16, 4)
                .blob("pr_action", 32, w)                        // struct sigaction
                .blob("pr_altstack", 3 * w, w)                   // stack_t
                .word("pr_oldcontext").i16("pr_syscall").i16("pr_nsysarg").i32("pr_errno")
                .field("pr_sysarg", 8 * w, w).word("pr_rval1").word("pr_rval2").chars("pr_clname", 8)
                .timestruc("pr_tstamp").timestruc("pr_utime").timestruc("pr_stime")
                .blob("pr_filler", 4 * (11 - 2 * 2 * w / 4), 4)
                .i32("pr_errpriv").word("pr_ustack").word("pr_instr")
                .build();
    }

    /** {@code pstatus_t} / {@code pstatus32_t} up to {@code pr_lwp} (its representative lwpstatus). */
    public static StructLayout pstatusHead(DataModel model) {
        return StructLayout.builder("pstatus_t", model)
                .i32("pr_flags").i32("pr_nlwp").i32("pr_pid").i32("pr_ppid").i32("pr_pgid").i32("pr_sid")
                .i32("pr_aslwpid").i32("pr_agentid").blob("pr_sigpend", 16, 4)
                .word("pr_brkbase").word("pr_brksize").word("pr_stkbase").word("pr_stksize")
                .timestruc("pr_utime").timestruc("pr_stime").timestruc("pr_cutime").timestruc("pr_cstime")
                .blob("pr_sigtrace", 16, 4).blob("pr_flttrace", 16, 4)
                .blob("pr_sysentry", 64, 4).blob("pr_sysexit", 64, 4)
                .i8("pr_dmodel").chars("pr_pad", 3)
                .i32("pr_taskid").i32("pr_projid").i32("pr_nzomb").i32("pr_zoneid").blob("pr_filler", 60, 4)
                .field("pr_lwp", 0, model == DataModel.LP64 ? 16 : 8)
                .build();
    }

    /** {@code prheader_t} of lpsinfo, lstatus, lusage: {@code long pr_nent; long pr_entsize}. */
    public static StructLayout prheader(DataModel model) {
        return StructLayout.builder("prheader_t", model).word("pr_nent").word("pr_entsize").build();
    }

    /**
     * Whole {@code lwpstatus_t} for an ISA, or -1 when not known: amd64 1296 (gregset 28 x 8, fpregset
     * 520 at 16-byte alignment), i386 reader 800 (gregset32 19 x 4, fpregset32 380); sparcv9 1392 (38 x 8
     * registers, prfpregset 544) computed from the header, unverified.
     */
    public static int lwpstatusSize(String isa, DataModel model) {
        return switch (isa == null ? "" : isa) {
            case "amd64", "i386", "i86pc" -> model == DataModel.LP64 ? 1296 : 800;
            case "sparcv9", "sparc", "sun4v", "sun4u" -> model == DataModel.LP64 ? 1392 : -1;
            default -> -1;
        };
    }
}
