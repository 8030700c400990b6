package io.procsnap.capture;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a fake procfs tree in a temporary directory. A FIFO stands for a file whose read hangs in
 * the kernel: opening a FIFO for reading blocks until a writer appears. {@link #release()} opens every
 * FIFO read-write once (never blocks on Linux), which lets every thread stuck in open() go on to EOF.
 */
public final class ProcFixture implements AutoCloseable {
    public final Path root;
    public final Path proc;
    private final List<Path> fifos = new ArrayList<>();

    public ProcFixture(Path dir) throws IOException {
        this.root = dir;
        this.proc = Files.createDirectories(dir.resolve("proc"));
        file("sysvipc/msg", "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n");
        file("sysvipc/sem", "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
        file("sysvipc/shm", "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n");
        file("loadavg", "0.00 0.01 0.05 1/100 4242\n");
        file("uptime", "1234.56 2000.00\n");
        file("sys/kernel/hostname", "fixture-host\n");
        file("sys/kernel/osrelease", "6.18.0-fixture\n");
        file("sys/kernel/random/boot_id", "00000000-1111-2222-3333-444444444444\n");
        file("self/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
    }

    /** A regular file under proc/. */
    public Path file(String relative, String content) throws IOException {
        Path p = proc.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    /** A FIFO under proc/ (a read of it hangs). */
    public Path fifo(String relative) throws IOException, InterruptedException {
        Path p = proc.resolve(relative);
        Files.createDirectories(p.getParent());
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
            throw new IOException("mkfifo failed: " + p);
        }
        fifos.add(p);
        return p;
    }

    public Path link(String relative, String target) throws IOException {
        Path p = proc.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
        return p;
    }

    /** A {@code stat} line of process (or thread) {@code pid} in {@code state} ('S', 'D', ...). */
    public static String stat(int pid, String comm, char state) {
        return pid + " (" + comm + ") " + state + " 1 " + pid + " " + pid + " 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0\n";
    }

    /** A healthy process with one thread (tid = pid) and the usual files. */
    public void process(int pid, String comm) throws IOException {
        String stat = stat(pid, comm, 'S');
        for (String f : List.of("status", "comm", "syscall", "stack", "sched", "io", "limits", "cgroup", "statm",
                "oom_score", "cmdline")) {
            file(pid + "/" + f, f + " of " + pid + "\n");
        }
        file(pid + "/stat", stat);
        file(pid + "/wchan", "do_select");
        for (String f : List.of("stat", "wchan", "status", "comm", "syscall", "stack", "sched")) {
            file(pid + "/task/" + pid + "/" + f, f.equals("stat") ? stat : f + " of " + pid + "/" + pid + "\n");
        }
        link(pid + "/fd/0", "/dev/null");
        link(pid + "/ns/net", "net:[4026531840]");
        link(pid + "/exe", "/usr/bin/" + comm);
        link(pid + "/cwd", "/");
        link(pid + "/root", "/");
    }

    /** Unblocks every thread stuck opening one of the FIFOs. */
    public void release() {
        for (Path f : fifos) {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                // opening read-write gives the FIFO a writer; closing it gives the readers EOF
                raf.getFD();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        release();
    }
}
