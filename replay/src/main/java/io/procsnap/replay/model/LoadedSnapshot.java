package io.procsnap.replay.model;

import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.Manifest;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one {@link Snapshot} implementation: immutable model plus on-demand content access. */
final class LoadedSnapshot implements Snapshot {

    /** Fetches content that the loader did not keep in memory. */
    @FunctionalInterface
    interface ContentFetcher {
        Optional<byte[]> fetch(String path) throws IOException;
    }

    private final Origin origin;
    private final Manifest manifest;
    private final ArchiveSummary summary;
    private final List<String> verifyProblems;
    private final List<Entry> entries;
    private final EntryIndex entryByPath;
    private final Map<String, byte[]> retained;
    private final ContentFetcher fetcher;
    private final Closeable closer;
    private final List<ProcessInfo> processes;
    private final Map<Integer, ProcessInfo> processByPid = new HashMap<>();
    private final List<ThreadInfo> threads;
    private final IpcState ipc;
    private final List<Mount> mounts;
    private final List<FsUsage> fsUsage;
    private final Map<String, CommandOutput> commands;
    private final ZfsState zfs;
    /** The SunOS machine of a SunOS capture, null for Linux. */
    private final SunosHost sunos;
    private final SystemInfo system;
    private final int sampleCount;
    private final LoadStats loadStats;

    LoadedSnapshot(Origin origin, Manifest manifest, ArchiveSummary summary, List<String> verifyProblems,
                   SnapshotAssembler assembler, ContentFetcher fetcher, Closeable closer, long loadStartNanos) {
        this.origin = origin;
        this.manifest = manifest;
        this.summary = summary;
        this.verifyProblems = List.copyOf(verifyProblems);
        this.entries = assembler.entries.list();
        this.entryByPath = assembler.entries;
        this.retained = assembler.retained;
        this.fetcher = fetcher;
        this.closer = closer;
        SnapshotBuilder builder = new SnapshotBuilder(assembler);
        this.commands = java.util.Collections.unmodifiableMap(builder.commands());
        this.sunos = SunosHost.of(manifest, commands, !assembler.sunosFiles.isEmpty());
        this.processes = List.copyOf(sunos == null ? builder.processes() : builder.sunosProcesses(sunos, commands,
                clockTicks(manifest), pageSize(manifest)));
        List<ThreadInfo> all = new ArrayList<>();
        for (ProcessInfo p : processes) {
            processByPid.put(p.pid(), p);
            all.addAll(p.threads());
        }
        this.threads = List.copyOf(all);
        this.ipc = sunos == null ? builder.ipc() : builder.sunosIpc(commands);
        this.mounts = List.copyOf(builder.mounts());
        this.fsUsage = List.copyOf(builder.fsUsage());
        this.zfs = builder.zfs(commands);
        this.system = builder.system(commands);
        this.sampleCount = assembler.maxSample + 1;
        assembler.parsed.clear();
        Runtime rt = Runtime.getRuntime();
        this.loadStats = new LoadStats(entries.size(), assembler.contentBytes, assembler.retainedBytes,
                assembler.droppedContents, System.nanoTime() - loadStartNanos, rt.totalMemory() - rt.freeMemory());
    }

    @Override
    public Origin origin() {
        return origin;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public ArchiveSummary summary() {
        return summary;
    }

    @Override
    public List<String> verifyProblems() {
        return verifyProblems;
    }

    @Override
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(entryByPath.get(path));
    }

    @Override
    public EntryRef ref(String path) {
        Entry e = entryByPath.get(path);
        return e == null ? EntryRef.missing(path) : SnapshotAssembler.ref(e);
    }

    @Override
    public Optional<byte[]> content(String path) throws IOException {
        Entry e = entryByPath.get(path);
        if (e == null) {
            return Optional.empty();
        }
        byte[] kept = retained.get(path);
        if (kept != null) {
            return Optional.of(kept.clone());
        }
        if (e.size() == 0) {
            return Optional.of(new byte[0]);
        }
        return fetcher.fetch(path);
    }

    @Override
    public List<ProcessInfo> processes() {
        return processes;
    }

    @Override
    public Optional<ProcessInfo> process(int pid) {
        return Optional.ofNullable(processByPid.get(pid));
    }

    @Override
    public List<ThreadInfo> threads() {
        return threads;
    }

    @Override
    public IpcState ipc() {
        return ipc;
    }

    @Override
    public List<Mount> mounts() {
        return mounts;
    }

    @Override
    public List<FsUsage> fsUsage() {
        return fsUsage;
    }

    @Override
    public Map<String, CommandOutput> commands() {
        return commands;
    }

    @Override
    public ZfsState zfs() {
        return zfs;
    }

    @Override
    public SystemInfo system() {
        return system;
    }

    @Override
    public int sampleCount() {
        return sampleCount;
    }

    @Override
    public int clockTicks() {
        return clockTicks(manifest);
    }

    static int clockTicks(Manifest manifest) {
        Manifest.Platform p = manifest == null ? null : manifest.platform();
        return p != null && p.clockTicks() > 0 ? p.clockTicks() : 100;
    }

    @Override
    public int pageSize() {
        return pageSize(manifest);
    }

    static int pageSize(Manifest manifest) {
        Manifest.Platform p = manifest == null ? null : manifest.platform();
        return p != null && p.pageSize() > 0 ? p.pageSize() : 4096;
    }

    /** {@code os.arch}; for a SunOS capture {@code sunos-ISA} ({@code sunos-amd64}): its system calls are numbered otherwise. */
    @Override
    public String arch() {
        String arch = arch(manifest);
        return sunos == null ? arch : "sunos-" + (sunos.isa() != null ? sunos.isa() : arch);
    }

    /** The manifest's {@code os.arch}, {@code amd64} when it has none. */
    static String arch(Manifest manifest) {
        Manifest.Platform p = manifest == null ? null : manifest.platform();
        return p != null && p.arch() != null ? p.arch() : "amd64";
    }

    @Override
    public Optional<SunosHost> sunos() {
        return Optional.ofNullable(sunos);
    }

    @Override
    public Instant captureTime() {
        return manifest != null && manifest.startUtc() != null ? manifest.startUtc() : Instant.EPOCH;
    }

    @Override
    public Optional<Instant> bootTime() {
        var stat = system.stat();
        if (stat.present() && stat.value().btime() > 0) {
            return Optional.of(Instant.ofEpochSecond(stat.value().btime()));
        }
        return Optional.empty();
    }

    @Override
    public LoadStats loadStats() {
        return loadStats;
    }

    @Override
    public void close() throws IOException {
        if (closer != null) {
            closer.close();
        }
    }
}
