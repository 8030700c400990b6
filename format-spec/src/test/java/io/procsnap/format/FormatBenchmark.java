package io.procsnap.format;

import com.github.luben.zstd.ZstdInputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark for the archive format (not a test; run by bench/format/run.sh). Builds a synthetic
 * capture of {@code entries} procfs-like entries (2,000 processes x 50 entries for 100,000), whose
 * contents derive from this machine's own /proc/self files, then reports:
 * write throughput; archive size against {@code tar | zstd -3} and {@code tar | xz} of the same files;
 * time to open the archive and read one entry, against decompressing the whole archive.
 */
public final class FormatBenchmark {
    private record Item(EntryHeader header, byte[] content) {
    }

    private FormatBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Files.createTempDirectory("procsnap-bench");
        try {
            run(entries, work);
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        }
    }

    private static void run(int entries, Path work) throws Exception {
        List<Item> items = capture(entries);
        long contentBytes = items.stream().mapToLong(i -> i.content() == null ? 0 : i.content().length).sum();
        System.out.printf("entries: %,d  content: %,d bytes  (load average %s)%n", items.size(), contentBytes,
                Files.readString(Path.of("/proc/loadavg")).trim());

        Path archive = work.resolve("capture.tar.zst");
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16);
                 ArchiveWriter w = ArchiveWriter.open(out, TestArchives.manifest())) {
                for (Item i : items) {
                    w.add(i.header(), i.content());
                }
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        long size = Files.size(archive);
        System.out.printf("write: best of 3 %.0f ms = %.1f MB/s of content, %,.0f entries/s%n", best / 1e6,
                contentBytes / (best / 1e9) / 1e6, items.size() / (best / 1e9));

        Path tree = work.resolve("tree");
        materialize(items, tree);
        long zstd3 = pipeSize(work, "tar -cf - -C tree . | zstd -3 -c");
        long xz = pipeSize(work, "tar -cf - -C tree . | xz -c");
        long tarSize = pipeSize(work, "tar -cf - -C tree .");
        System.out.printf("size: procsnap %,d bytes; tar|zstd -3 %,d (x%.2f); tar|xz %,d (x%.2f); plain tar %,d%n",
                size, zstd3, size / (double) zstd3, xz, size / (double) xz, tarSize);

        Random random = new Random(1);
        List<String> paths = items.stream().map(i -> i.header().path()).toList();
        long[] openRead = new long[301];
        for (int i = 0; i < openRead.length + 50; i++) {
            String p = paths.get(random.nextInt(paths.size()));
            long t0 = System.nanoTime();
            try (ArchiveReader r = ArchiveReader.open(archive)) {
                Entry e = r.find(p).orElseThrow();
                r.read(e);
            }
            if (i >= 50) {
                openRead[i - 50] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(openRead);
        long[] whole = new long[11];
        long[] scan = new long[5];
        byte[] sink = new byte[1 << 16];
        for (int i = 0; i < whole.length; i++) {
            long t0 = System.nanoTime();
            try (InputStream in = new ZstdInputStream(Files.newInputStream(archive))) {
                while (in.read(sink) >= 0) {
                    // discard
                }
            }
            whole[i] = System.nanoTime() - t0;
        }
        for (int i = 0; i < scan.length; i++) {
            long t0 = System.nanoTime();
            try (ArchiveReader r = ArchiveReader.open(archive)) {
                r.scan((e, c) -> { });
            }
            scan[i] = System.nanoTime() - t0;
        }
        Arrays.sort(whole);
        Arrays.sort(scan);
        long median = openRead[openRead.length / 2];
        System.out.printf("open + find + read one entry: median %.2f ms (min %.2f, p90 %.2f ms, %d runs)%n", median / 1e6,
                openRead[0] / 1e6, openRead[openRead.length * 9 / 10] / 1e6, openRead.length);
        System.out.printf("decompress whole archive (zstd stream): median %.1f ms (min %.1f) -> ratio %.0fx (min/min %.0fx)%n",
                whole[whole.length / 2] / 1e6, whole[0] / 1e6, whole[whole.length / 2] / (double) median,
                whole[0] / (double) openRead[0]);
        System.out.printf("scan whole archive (ArchiveReader.scan): median %.1f ms -> ratio %.0fx%n", scan[2] / 1e6,
                scan[2] / (double) median);
        long zstdCli = timeMillis(work, "zstd -dc capture.tar.zst > /dev/null");
        System.out.printf("zstd -dc of the whole archive (CLI, incl. process start): %d ms%n", zstdCli);
    }

    /** 2,000 processes x 50 entries (per 100,000): the shape of a real capture, contents from /proc/self. */
    static List<Item> capture(int entries) throws IOException {
        String stat = read("/proc/self/stat");
        String status = read("/proc/self/status");
        String maps = read("/proc/self/maps");
        String limits = read("/proc/self/limits");
        String io = read("/proc/self/io");
        List<Item> items = new ArrayList<>(entries);
        for (int pid = 1000; items.size() < entries; pid++) {
            String p = "proc/" + pid;
            String s = Integer.toString(pid);
            long t = (pid - 1000) * 1_000_000L;
            items.add(item(EntryHeader.directory(p).withOwner(040555, pid % 50, pid % 50), null, t));
            items.add(item(EntryHeader.file(p + "/stat").withOwner(0100444, 0, 0), stat.replace("self", s).replaceFirst("^\\d+", s), t));
            items.add(item(EntryHeader.file(p + "/statm"), (pid * 7) + " 1203 890 12 0 345 0\n", t));
            items.add(item(EntryHeader.file(p + "/status"), status.replaceAll("Pid:\\t\\d+", "Pid:\t" + s), t));
            items.add(item(EntryHeader.file(p + "/comm"), "worker-" + (pid % 97) + "\n", t));
            items.add(item(EntryHeader.file(p + "/cmdline"), "/usr/bin/worker\0--id\0" + s + "\0", t));
            items.add(item(EntryHeader.file(p + "/wchan"), pid % 3 == 0 ? "do_msgsnd" : "do_epoll_wait", t));
            items.add(item(EntryHeader.file(p + "/syscall"), "232 0x4 0x7ffd 0x80 0xffffffff 0x0 0x0 0x7ffd 0x7f12\n", t));
            items.add(item(EntryHeader.file(p + "/io"), io, t));
            items.add(item(EntryHeader.file(p + "/limits"), limits, t));
            items.add(item(EntryHeader.file(p + "/maps"), maps, t));
            items.add(item(EntryHeader.file(p + "/environ").withStatus(Status.DENIED, "EACCES"), null, t));
            items.add(item(EntryHeader.file(p + "/stack").withStatus(pid % 10 == 0 ? Status.TIMEOUT : Status.OK, null),
                    pid % 10 == 0 ? null : "[<0>] do_msgsnd+0x2e1/0x610\n[<0>] __x64_sys_msgsnd+0x1f/0x30\n", t));
            items.add(item(EntryHeader.symlink(p + "/exe", "/usr/bin/worker"), null, t));
            items.add(item(EntryHeader.symlink(p + "/cwd", "/srv/app"), null, t));
            items.add(item(EntryHeader.symlink(p + "/root", "/"), null, t));
            for (int fd = 0; fd < 10; fd++) {
                items.add(item(EntryHeader.symlink(p + "/fd/" + fd, fd < 3 ? "/dev/null" : "socket:[" + (pid * 10 + fd) + "]"),
                        null, t));
            }
            for (String ns : List.of("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts")) {
                items.add(item(EntryHeader.symlink(p + "/ns/" + ns, ns + ":[4026531835]"), null, t));
            }
            for (int k = 0; k < 3; k++) {
                String task = p + "/task/" + (pid * 10 + k);
                items.add(item(EntryHeader.directory(task).withOwner(040555, pid % 50, pid % 50), null, t));
                items.add(item(EntryHeader.file(task + "/stat"), stat.replaceFirst("^\\d+", Integer.toString(pid * 10 + k)), t));
                items.add(item(EntryHeader.file(task + "/status"), status, t));
                items.add(item(EntryHeader.file(task + "/wchan"), "futex_wait_queue", t));
                items.add(item(EntryHeader.file(task + "/syscall"), "202 0x7f12 0x80 0x0 0x0 0x0 0x0 0x7ffd 0x7f12\n", t));
                items.add(item(EntryHeader.file(task + "/stack"), "[<0>] futex_wait_queue+0x60/0x90\n", t));
            }
        }
        return items.subList(0, entries);
    }

    private static Item item(EntryHeader h, String content, long start) {
        return new Item(h.withTiming(start, 20_000), content == null ? null : content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
    }

    /** The same files as a directory tree, for tar: symlinks as symlinks, failed reads as empty files. */
    private static void materialize(List<Item> items, Path root) throws IOException {
        for (Item i : items) {
            Path p = root.resolve(i.header().path());
            switch (i.header().type()) {
                case DIRECTORY -> Files.createDirectories(p);
                case SYMLINK -> {
                    Files.createDirectories(p.getParent());
                    Files.createSymbolicLink(p, Path.of(i.header().linkTarget()));
                }
                case FILE -> {
                    Files.createDirectories(p.getParent());
                    Files.write(p, i.content() == null ? new byte[0] : i.content());
                }
            }
        }
    }

    private static long pipeSize(Path cwd, String pipeline) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", pipeline + " | wc -c").directory(cwd.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(pipeline + " failed");
        }
        return Long.parseLong(out);
    }

    private static long timeMillis(Path cwd, String command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("sh", "-c", command).directory(cwd.toFile()).inheritIO().start();
        p.waitFor();
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
