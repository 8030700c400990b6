package io.procsnap.replay.parse.sunos;

/**
 * {@code /proc/PID/psinfo} ({@code psinfo_t}): what ps(1) shows of a process, with the representative
 * LWP. Zero fields the kernel could not fill are -1 ({@code addr}, {@code sizeKb}, {@code rssKb},
 * {@code argv}, {@code envp} for a 32-bit reader of a 64-bit process); {@code ttydev} is -1 for no
 * terminal (PRNODEV).
 *
 * @param targetModel the process's data model from {@code pr_dmodel}; null when 0 (unknown)
 * @param abi         how the file was read (family, reader's model, byte order)
 */
public record Psinfo(int flag, int nlwp, int pid, int ppid, int pgid, int sid, long uid, long euid, long gid,
                     long egid, long addr, long sizeKb, long rssKb, long ttydev, double pctcpu, double pctmem,
                     Timestruc start, Timestruc time, Timestruc ctime, String fname, String psargs, int wstat,
                     int argc, long argv, long envp, DataModel targetModel, int taskid, int projid, int nzomb,
                     int poolid, int zoneid, int contract, Lwpsinfo lwp, ReaderAbi abi) {

    /** {@code pr_flag & SSYS}: a system process (zsched, fsflush, pageout, ...). */
    public boolean isSystem() {
        return (flag & 0x00000001) != 0;
    }

    /** The process is a zombie: its representative LWP says Z. */
    public boolean isZombie() {
        return lwp.sname() == 'Z';
    }
}
