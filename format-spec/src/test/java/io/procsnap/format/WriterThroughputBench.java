package io.procsnap.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Micro driver (not a test, no JMH) for {@link ArchiveWriter#add}: entries shaped like a capture
 * (proc/N, proc/N/task/M and its stat, wchan, status; 20-1500 content bytes; timings and owners)
 * written to a byte-counting sink with default options. Prints entries/s, ns/entry (wall and thread
 * CPU: the writer is single-threaded, and CPU time is less disturbed by other load) per round, and
 * how much of that {@link ArchiveWriter#close()} took (index sort and write: on a capture's critical path).
 * With a paths file ({@code tar -tf} of a real capture: one path a line, directories ending in '/'),
 * the entries are those paths in that order (repeated up to {@code entries}), so the index sort sees a
 * real arrival order. Runs against older writers too (only public API).
 * {@code java -cp <test classpath> io.procsnap.format.WriterThroughputBench [entries] [rounds] [paths-file]}
 */
public final class WriterThroughputBench {
    private WriterThroughputBench() {
    }

    static final class Discard extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        // contents prepared up front so the driver measures the writer, not content generation
        byte[][] contents = new byte[64][];
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < contents.length; i++) {
            int n = 20 + rnd.nextInt(1481);
            StringBuilder sb = new StringBuilder();
            while (sb.length() < n) {
                sb.append(rnd.nextInt(100_000)).append(i % 3 == 0 ? " S " : ":\t").append("do_sys_poll ");
            }
            contents[i] = sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
        }
        EntryHeader[] headers = args.length > 2 ? fromPaths(java.nio.file.Path.of(args[2]), entries)
                : synthetic(entries);
        long best = Long.MAX_VALUE;
        long bestClose = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            Discard out = new Discard();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long tc;
            ArchiveWriter w = ArchiveWriter.open(out, TestArchives.manifest());
            try {
                for (int i = 0; i < entries; i++) {
                    EntryHeader h = headers[i];
                    w.add(h, h.type() == EntryType.FILE && h.status() == Status.OK ? contents[i & 63] : null);
                }
            } finally {
                tc = System.nanoTime();
                w.close();
            }
            long end = System.nanoTime();
            long cpu = mx.getCurrentThreadCpuTime() - c0;
            bestCpu = Math.min(bestCpu, cpu);
            long ns = end - t0;
            best = Math.min(best, ns);
            bestClose = Math.min(bestClose, end - tc);
            System.out.printf("round %d: %,d entries in %.3f s: %,.0f entries/s, %.0f ns/entry (CPU %.0f), close %.1f ms,"
                    + " %,d bytes out%n", r, entries, ns / 1e9, entries / (ns / 1e9), (double) ns / entries,
                    (double) cpu / entries, (end - tc) / 1e6, out.count);
        }
        System.out.printf("best: %.0f ns/entry, %,.0f entries/s, CPU %.0f ns/entry, close %.1f ms%n",
                (double) best / entries, entries / (best / 1e9), (double) bestCpu / entries, bestClose / 1e6);
        compressionFloor(headers, contents, entries);
    }

    /** proc/N, proc/N/task/M and its stat, wchan, status, in numeric order. */
    private static EntryHeader[] synthetic(int entries) {
        String[] names = {"stat", "wchan", "status"};
        EntryHeader[] headers = new EntryHeader[entries];
        int pid = 300;
        int tid = 300;
        for (int i = 0; i < entries; ) {
            if (i % 40 == 0) {
                pid = tid + 1;
                tid = pid;
                headers[i++] = EntryHeader.directory("proc/" + pid).withOwner(040555, 1000, 1000).withTiming(i * 20_000L, 4_000);
                continue;
            }
            if (i % 4 == 1) {
                tid++;
                headers[i++] = EntryHeader.directory("proc/" + pid + "/task/" + tid).withOwner(040555, 1000, 1000)
                        .withTiming(i * 20_000L, 3_000);
                continue;
            }
            String name = names[i % 3];
            EntryHeader h = EntryHeader.file("proc/" + pid + "/task/" + tid + "/" + name).withOwner(0100444, 1000, 1000)
                    .withTiming(i * 20_000L + 17, 9_000 + i % 5000);
            if (i % 997 == 0) {
                h = h.withStatus(Status.VANISHED, "ESRCH");
            }
            headers[i++] = h;
        }
        return headers;
    }

    /** The paths of a {@code tar -tf} listing (format-owned names skipped), repeated up to {@code entries}. */
    private static EntryHeader[] fromPaths(java.nio.file.Path file, int entries) throws java.io.IOException {
        java.util.List<String> paths = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(file)) {
            String p = line.endsWith("/") ? line.substring(0, line.length() - 1) : line;
            if (!p.isEmpty() && !p.equals("manifest.json") && !p.startsWith("index")) {
                paths.add(line);
            }
        }
        EntryHeader[] headers = new EntryHeader[entries];
        for (int i = 0; i < entries; i++) {
            String line = paths.get(i % paths.size());
            String p = (i < paths.size() ? "" : "r" + i / paths.size() + "/")
                    + (line.endsWith("/") ? line.substring(0, line.length() - 1) : line);
            EntryHeader h = line.endsWith("/") ? EntryHeader.directory(p).withOwner(040555, 1000, 1000)
                    : EntryHeader.file(p).withOwner(0100444, 1000, 1000);
            headers[i] = h.withTiming(i * 20_000L + 17, 9_000 + i % 5000);
        }
        return headers;
    }

    /**
     * What zstd alone costs: the same archive's tar stream, recompressed in frame-sized pieces with the
     * writer's settings. The writer cannot go below this without changing output bytes.
     */
    private static void compressionFloor(EntryHeader[] headers, byte[][] contents, int entries) throws Exception {
        java.io.ByteArrayOutputStream archive = new java.io.ByteArrayOutputStream();
        try (ArchiveWriter w = ArchiveWriter.open(archive, TestArchives.manifest())) {
            for (int i = 0; i < entries; i++) {
                EntryHeader h = headers[i];
                w.add(h, h.type() == EntryType.FILE && h.status() == Status.OK ? contents[i & 63] : null);
            }
        }
        byte[] tar;
        try (java.io.InputStream in = new com.github.luben.zstd.ZstdInputStream(
                new java.io.ByteArrayInputStream(archive.toByteArray()))) {
            tar = in.readAllBytes();
        }
        int frame = ArchiveWriter.Options.DEFAULT_FRAME_SIZE;
        byte[] buf = new byte[frame];
        long best = Long.MAX_VALUE;
        java.lang.reflect.Method into; // absent from the writer before 2026-11-22: the bench also runs on that one
        try {
            into = io.procsnap.format.internal.ZstdCodec.Compressor.class.getMethod("compressInto", byte[].class, int.class);
        } catch (NoSuchMethodException e) {
            into = null;
        }
        try (io.procsnap.format.internal.ZstdCodec.Compressor z = new io.procsnap.format.internal.ZstdCodec.Compressor(
                ArchiveWriter.Options.defaults().compressionLevel())) {
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                for (int off = 0; off < tar.length; off += frame) {
                    int n = Math.min(frame, tar.length - off);
                    System.arraycopy(tar, off, buf, 0, n);
                    if (into != null) {
                        into.invoke(z, buf, n);
                    } else {
                        z.compress(buf, n);
                    }
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
        }
        System.out.printf("zstd floor: %,d tar bytes (%.0f per entry) compress in %.3f s: %.0f ns/entry%n", tar.length,
                (double) tar.length / entries, best / 1e9, (double) best / entries);
    }
}
