package io.procsnap.replay.model;

import io.procsnap.capture.Capture;
import io.procsnap.capture.engine.EntrySink;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.replay.parse.ProcStatusParser;
import io.procsnap.replay.parse.Uptime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a live procfs root read by the capture's own engine ({@link Capture}): the same
 * collectors, file table, timeouts, circuit breakers, statfs and commands as {@code procsnap}, with the
 * entries going into a {@link SnapshotAssembler} instead of an archive. {@code --live} and a capture
 * differ only in where the entries end up (and in redaction: a live snapshot stays on this machine).
 */
final class LiveCapture {
    private LiveCapture() {
    }

    static Snapshot load(Path procRoot, SnapshotLoader.Options options) throws IOException {
        long t0 = System.nanoTime();
        Instant wallStart = Instant.now();
        SnapshotAssembler assembler = new SnapshotAssembler(options.retainCap());
        Capture.Plan plan = Capture.Plan.of(procRoot.toString(), options.readTimeout().toNanos(), options.maxHungReads(),
                options.readCap(), options.liveSamples(), options.sampleInterval().toNanos());
        AssemblerSink sink = new AssemblerSink(assembler);
        Capture.Result result = Capture.run(plan, sink, t0, null);
        if (!result.finished()) {
            throw new IOException("live read of " + procRoot + " did not finish by its deadline"
                    + (result.stopReason() == null ? "" : " (" + result.stopReason() + ")"));
        }
        Sourced<Uptime> uptime = assembler.get(KernelFile.UPTIME.path());
        long bootNanos = uptime.present() ? (long) (uptime.value().seconds() * 1e9) : -1;
        ArchiveSummary summary = new ArchiveSummary(ArchiveState.COMPLETE, assembler.entries.size(),
                assembler.countsByStatus(), result.durationNanos(), 0, 0, 0, 0, null);
        return new LoadedSnapshot(new Origin(Origin.Kind.LIVE, procRoot.toString()),
                manifest(procRoot, options, sink.host, wallStart, bootNanos), summary, List.of(), assembler,
                path -> Optional.empty(), null, t0);
    }

    /** The files the manifest's host names come from (kept as they pass: the assembler's raw bytes are capped). */
    private static final List<KernelFile> HOST_FILES = List.of(KernelFile.HOSTNAME, KernelFile.OSRELEASE,
            KernelFile.BOOT_ID, KernelFile.MACHINE_ID);

    /**
     * Hands each entry to the assembler. The capture calls it from its one writer thread; the assembler
     * is read only after {@link Capture#run} returned, which waits for that thread.
     */
    private static final class AssemblerSink implements EntrySink {
        private final SnapshotAssembler assembler;
        /** The text of the host files read OK. */
        final Map<KernelFile, String> host = new java.util.EnumMap<>(KernelFile.class);
        private long bytes;

        AssemblerSink(SnapshotAssembler assembler) {
            this.assembler = assembler;
        }

        @Override
        public void add(EntryHeader header, byte[] content, int offset, int length) {
            byte[] copy = content == null ? null : Arrays.copyOfRange(content, offset, offset + length);
            Entry entry = new Entry(header, copy == null ? 0 : length, -1, -1);
            bytes += entry.size();
            KernelFile f = KernelFile.system(header.path());
            if (copy != null && f != null && HOST_FILES.contains(f) && header.status() == Status.OK) {
                host.put(f, new String(copy, StandardCharsets.UTF_8).strip());
            }
            try {
                assembler.accept(entry, copy);
            } catch (RuntimeException e) {
                assembler.unreadable(entry, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public long bytesWritten() {
            return bytes;
        }

        @Override
        public void close() {
        }
    }

    /** The manifest of a live snapshot, from the entries just read (never NSS or DNS). */
    private static Manifest manifest(Path procRoot, SnapshotLoader.Options options, Map<KernelFile, String> hostFiles,
                                     Instant start, long startBootNanos) {
        var host = new Manifest.Host(hostFiles.get(KernelFile.HOSTNAME), hostFiles.get(KernelFile.OSRELEASE),
                hostFiles.get(KernelFile.BOOT_ID), hostFiles.get(KernelFile.MACHINE_ID));
        long uid = -1;
        long euid = -1;
        long gid = -1;
        try {
            var s = ProcStatusParser.parse(Files.readAllBytes(Path.of("/proc/self/status")));
            uid = s.uid();
            euid = s.euid();
            gid = s.gid();
        } catch (IOException | RuntimeException e) {
            // unknown captor identity stays -1
        }
        Map<String, String> opts = Map.of("live", procRoot.toString(), "readTimeout", options.readTimeout().toString(),
                "samples", Integer.toString(options.liveSamples()));
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap-replay", SnapshotLoader.version(), host,
                new Manifest.Captor(uid, gid, euid), start, startBootNanos, opts,
                new Manifest.Platform(System.getProperty("os.arch"), 100, pageSize(), Runtime.version().toString()),
                Map.of("reader", Capture.readerNote()));
    }

    /** The kernel page size from our own smaps ("KernelPageSize: 4 kB"), 4096 when unknown. */
    private static int pageSize() {
        try (var lines = Files.lines(Path.of("/proc/self/smaps"))) {
            return lines.filter(l -> l.startsWith("KernelPageSize:")).findFirst()
                    .map(l -> Integer.parseInt(l.replaceAll("[^0-9]", "")) * 1024).orElse(4096);
        } catch (IOException | RuntimeException e) {
            return 4096;
        }
    }
}
