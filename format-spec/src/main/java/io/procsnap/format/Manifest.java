package io.procsnap.format;

import java.time.Instant;
import java.util.Map;

/**
 * The first entry of every archive, {@code manifest.json}. Host identity comes from procfs files only
 * (never NSS, DNS or {@code uname} lookups through libraries that might block).
 *
 * @param formatVersion   archive format (major) version; this library writes {@link #FORMAT_VERSION}
 * @param tool            program that wrote the archive ({@code procsnap})
 * @param toolVersion     its version
 * @param host            identity of the captured machine
 * @param capturedBy      numeric identity of the capturing process
 * @param startUtc        wall-clock capture start
 * @param startBootNanos  capture start in CLOCK_BOOTTIME nanoseconds (from {@code /proc/uptime}), -1 if unknown
 * @param options         the options the capture ran with, as text
 * @param platform        facts needed to interpret the entries (clock ticks, page size, arch)
 * @param notes           free-form facts (for example redaction counts per rule); never secrets
 */
public record Manifest(int formatVersion, String tool, String toolVersion, Host host, Captor capturedBy,
                       Instant startUtc, long startBootNanos, Map<String, String> options, Platform platform,
                       Map<String, String> notes) {

    /** The format (major) version this library writes: {@code format_version} in manifest.json. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The minor version this library writes: {@code format_minor} in manifest.json (absent, i.e. 0, in
     * format 1.0). It reads every minor of {@link #FORMAT_VERSION} up to this one (SPEC.md "Version rules").
     */
    public static final int FORMAT_MINOR = 1;

    public Manifest {
        options = options == null ? Map.of() : Map.copyOf(options);
        notes = notes == null ? Map.of() : Map.copyOf(notes);
    }

    /**
     * @param hostname      {@code /proc/sys/kernel/hostname}
     * @param kernelRelease {@code /proc/sys/kernel/osrelease}
     * @param bootId        {@code /proc/sys/kernel/random/boot_id}
     * @param machineId     {@code /etc/machine-id}, or null
     */
    public record Host(String hostname, String kernelRelease, String bootId, String machineId) { }

    /** Numeric ids only; never resolved to names on the captured machine. */
    public record Captor(long uid, long gid, long euid) { }

    /**
     * @param arch       {@code os.arch}
     * @param clockTicks USER_HZ used by {@code /proc/PID/stat} times (100 on Linux)
     * @param pageSize   bytes per page (statm, smaps)
     * @param runtime    the Java runtime that captured
     */
    public record Platform(String arch, int clockTicks, int pageSize, String runtime) { }
}
