package io.procsnap.replay.model;

import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import io.procsnap.format.Manifest;
import io.procsnap.replay.parse.UnixSocket;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed view of one capture (an archive) or of the live machine, the same either way. Built by
 * {@link SnapshotLoader}; analyses and rules read only this interface.
 *
 * <p>Every parsed value is a {@link Sourced} holding the archive path it came from and, when missing, the
 * reason ({@code proc/26936/stat timed out after 2.0 s}). Paths follow the archive conventions: live
 * paths without the leading slash ({@code proc/306/task/311/wchan}), {@code cmd/<name>/...},
 * {@code statfs/<k>}, {@code samples/<k>/...}. A live snapshot uses the same paths relative to the
 * procfs root's parent ({@code proc/...}).
 *
 * <p>Thread-safe for reading. Close it to release the archive.
 */
public interface Snapshot extends Closeable {

    Origin origin();

    /** The capture's manifest; for a live snapshot one synthesized from procfs (hostname, kernel, boot id). */
    Manifest manifest();

    /**
     * Archive state and counts per entry status as the format reader reports them; for a live snapshot
     * state COMPLETE and the counts of the reads made.
     */
    ArchiveSummary summary();

    /** Problems found by {@code verify()} when the loader ran it, else empty. */
    List<String> verifyProblems();

    /** All entries in archive order (live: in read order). */
    List<Entry> entries();

    /** The entry at an archive path. */
    Optional<Entry> entry(String path);

    /** A reference to {@code path} (captured or not) for evidence and "not evaluated" messages. */
    EntryRef ref(String path);

    /**
     * The stored content of an entry (empty array for directories, symlinks and failed reads); read again
     * from the archive when the loader did not keep it (beyond {@link SnapshotLoader.Options#retainCap()}).
     * A live snapshot keeps what it read up to the cap and never re-reads: past the cap this is empty.
     *
     * @throws IOException when the archive cannot be read
     */
    Optional<byte[]> content(String path) throws IOException;

    /** Processes sorted by pid. */
    List<ProcessInfo> processes();

    Optional<ProcessInfo> process(int pid);

    /** All threads of all processes, sorted by (pid, tid). */
    List<ThreadInfo> threads();

    IpcState ipc();

    /** Mounts in mountinfo order, each with its statfs. */
    List<Mount> mounts();

    /** Every {@code statfs/<k>} entry, sorted by k. */
    List<FsUsage> fsUsage();

    /** {@code proc/net/unix}. */
    default Sourced<List<UnixSocket>> unixSockets() {
        return system().unixSockets();
    }

    /** Command outputs keyed by name ({@code zpool-list}, {@code dmesg}, ...), sorted by name. */
    Map<String, CommandOutput> commands();

    ZfsState zfs();

    /** Machine-wide files: uptime, loadavg, meminfo, stat, pressure, sockets, locks, kernel log. */
    SystemInfo system();

    /** Number of passes over the threads: 1 (main pass only) + repeated samples. */
    int sampleCount();

    /** USER_HZ for stat times (manifest platform, default 100). */
    int clockTicks();

    /** Bytes per page (manifest platform, default 4096). */
    int pageSize();

    /** {@code os.arch} of the captured machine (manifest platform), e.g. {@code amd64}. */
    String arch();

    /** The SunOS machine (release, ISA, zone, reader's data model) of a SunOS capture; empty for Linux. */
    default Optional<SunosHost> sunos() {
        return Optional.empty();
    }

    /** Capture start (wall clock). */
    Instant captureTime();

    /** Boot time from {@code proc/stat} btime, or empty when not captured. */
    Optional<Instant> bootTime();

    /** Seconds since boot at capture time ({@code proc/uptime}), NaN when not captured. */
    default double uptimeSeconds() {
        return system().uptime().present() ? system().uptime().value().seconds() : Double.NaN;
    }

    /**
     * Seconds a task with {@code startTicks} (stat field 22) had been alive at capture time, NaN when
     * uptime is unknown.
     */
    default double ageSeconds(long startTicks) {
        return uptimeSeconds() - (double) startTicks / clockTicks();
    }

    /**
     * Wall-clock start of a task with {@code startTicks} (stat field 22): boot time plus ticks / USER_HZ;
     * empty when boot time was not captured or the ticks are unknown.
     */
    default Optional<Instant> startInstant(long startTicks) {
        if (startTicks < 0) {
            return Optional.empty();
        }
        long millis = startTicks * 1000L / clockTicks();
        return bootTime().map(b -> b.plusMillis(millis));
    }

    /** What loading cost (entries, bytes kept, time, heap). */
    LoadStats loadStats();
}
