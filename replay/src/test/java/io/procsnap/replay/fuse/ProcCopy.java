package io.procsnap.replay.fuse;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A minimal stand-in for the capture program, for tests only: copies what procps needs from a live
 * /proc into an archive with the real {@link ArchiveWriter} (each read bounded by a timeout). Tests use
 * the real capture ({@code io.procsnap.capture.Main}) when it is on the classpath.
 *
 * <p>Usage: {@code ProcCopy OUT.tar.zst}
 */
public final class ProcCopy {
    private static final List<String> SYSTEM = List.of("uptime", "meminfo", "stat", "loadavg", "vmstat",
            "sys/kernel/pid_max", "sys/kernel/osrelease", "self/mountinfo");
    private static final List<String> PROCESS = List.of("stat", "status", "statm", "comm", "cmdline", "wchan");
    private static final List<String> TASK = List.of("stat", "status", "comm", "wchan");

    private final ArchiveWriter writer;
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "proc-copy-reader");
        t.setDaemon(true);
        return t;
    });
    private final long start = System.nanoTime();

    private ProcCopy(ArchiveWriter writer) {
        this.writer = writer;
    }

    public static void main(String[] args) throws Exception {
        Path proc = Path.of("/proc");
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "procsnap-test-copy", "test",
                new Manifest.Host(read(proc.resolve("sys/kernel/hostname")), read(proc.resolve("sys/kernel/osrelease")),
                        read(proc.resolve("sys/kernel/random/boot_id")), null),
                new Manifest.Captor(0, 0, 0), Instant.now(), -1, Map.of(), new Manifest.Platform("amd64", 100, 4096,
                Runtime.version().toString()), Map.of());
        try (OutputStream out = Files.newOutputStream(Path.of(args[0])); ArchiveWriter w = ArchiveWriter.open(out, m)) {
            ProcCopy c = new ProcCopy(w);
            for (String f : SYSTEM) {
                c.file(proc, "proc/" + f);
            }
            List<String> pids = new ArrayList<>();
            try (var s = Files.list(proc)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+")).forEach(pids::add);
            }
            for (String pid : pids) {
                c.process(proc, pid);
            }
        }
        System.exit(0);
    }

    private void process(Path proc, String pid) throws IOException {
        String base = "proc/" + pid;
        if (!directory(proc, base)) {
            return;
        }
        for (String f : PROCESS) {
            file(proc, base + "/" + f);
        }
        link(proc, base + "/exe");
        List<String> tids = new ArrayList<>();
        try (var s = Files.list(proc.resolve(pid + "/task"))) {
            s.map(p -> p.getFileName().toString()).forEach(tids::add);
        } catch (IOException e) {
            return;
        }
        for (String tid : tids) {
            String t = base + "/task/" + tid;
            if (directory(proc, t)) {
                for (String f : TASK) {
                    file(proc, t + "/" + f);
                }
            }
        }
    }

    private Path live(Path proc, String archivePath) {
        return proc.resolve(archivePath.substring("proc/".length()));
    }

    private boolean directory(Path proc, String path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(live(proc, path), "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            writer.add(EntryHeader.directory(path).withOwner((Integer) a.get("mode"), (Integer) a.get("uid"),
                    (Integer) a.get("gid")), null);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void link(Path proc, String path) throws IOException {
        long t0 = System.nanoTime();
        try {
            String target = Files.readSymbolicLink(live(proc, path)).toString();
            writer.add(EntryHeader.symlink(path, target).withTiming(t0 - start, System.nanoTime() - t0), null);
        } catch (AccessDeniedException e) {
            writer.add(EntryHeader.symlink(path, null).withStatus(Status.DENIED, "EACCES"), null);
        } catch (IOException e) {
            writer.add(EntryHeader.symlink(path, null).withStatus(Status.VANISHED, "ENOENT"), null);
        }
    }

    private void file(Path proc, String path) throws IOException {
        Path p = live(proc, path);
        long t0 = System.nanoTime();
        EntryHeader h = EntryHeader.file(path);
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            h = h.withOwner((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"));
        } catch (IOException e) {
            writer.add(h.withStatus(Status.VANISHED, "ENOENT"), null);
            return;
        }
        Future<byte[]> f = readers.submit(() -> {
            try (InputStream in = Files.newInputStream(p)) {
                return in.readNBytes(1 << 20);
            }
        });
        try {
            byte[] b = f.get(2, TimeUnit.SECONDS);
            writer.add(h.withTiming(t0 - start, System.nanoTime() - t0), b);
        } catch (TimeoutException e) {
            writer.add(h.withStatus(Status.TIMEOUT, null).withTiming(t0 - start, System.nanoTime() - t0), null);
        } catch (Exception e) {
            Throwable c = e.getCause();
            Status s = c instanceof AccessDeniedException ? Status.DENIED
                    : c instanceof NoSuchFileException ? Status.VANISHED : Status.ERROR;
            writer.add(h.withStatus(s, s == Status.DENIED ? "EACCES" : s == Status.VANISHED ? "ESRCH" : "EIO")
                    .withTiming(t0 - start, System.nanoTime() - t0), null);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return null;
        }
    }

}
