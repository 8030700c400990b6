package io.procsnap.format;

import io.procsnap.format.internal.FormatException;
import io.procsnap.format.internal.ManifestCodec;

import java.time.Instant;
import java.util.List;
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
 * @param trigger         why {@code procsnap watch} took this capture, or null for a capture run by hand
 */
public record Manifest(int formatVersion, String tool, String toolVersion, Host host, Captor capturedBy,
                       Instant startUtc, long startBootNanos, Map<String, String> options, Platform platform,
                       Map<String, String> notes, Trigger trigger) {

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

    /** A manifest without a trigger: a capture run by hand. */
    public Manifest(int formatVersion, String tool, String toolVersion, Host host, Captor capturedBy,
                    Instant startUtc, long startBootNanos, Map<String, String> options, Platform platform,
                    Map<String, String> notes) {
        this(formatVersion, tool, toolVersion, host, capturedBy, startUtc, startBootNanos, options, platform, notes,
                null);
    }

    /** This manifest with {@code trigger} (null: none). */
    public Manifest withTrigger(Trigger trigger) {
        return new Manifest(formatVersion, tool, toolVersion, host, capturedBy, startUtc, startBootNanos, options,
                platform, notes, trigger);
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
     * @param arch            {@code os.arch}
     * @param clockTicks      USER_HZ used by {@code /proc/PID/stat} times (100 on Linux)
     * @param pageSize        bytes per page (statm, smaps)
     * @param runtime         the Java runtime that captured
     * @param os              the captured kernel's name: {@code SunOS} for an illumos or Solaris capture; null
     *                        (not written) for Linux, whose captures predate the field
     * @param osRelease       SunOS: {@code uname -r} ({@code 5.11}); else null
     * @param release         SunOS: the first line of {@code /etc/release} ({@code OmniOS v11 r151046},
     *                        {@code Oracle Solaris 11.4 SPARC}); else null
     * @param isa             SunOS: the kernel's ISA, {@code isainfo -k} ({@code amd64}, {@code sparcv9}); else null
     * @param readerDataModel SunOS: the data model of the process that read /proc ({@code 64} or {@code 32}, the
     *                        JVM's {@code sun.arch.data.model}): the struct layout of every binary file; else null
     * @param byteOrder       SunOS: the reader's byte order, {@code BIG_ENDIAN} or {@code LITTLE_ENDIAN}
     *                        ({@link java.nio.ByteOrder#toString()}); else null
     * @param zone            SunOS: {@code zonename} ({@code global}); else null
     */
    public record Platform(String arch, int clockTicks, int pageSize, String runtime, String os, String osRelease,
                           String release, String isa, String readerDataModel, String byteOrder, String zone) {
        /** The value of {@link #os()} for illumos and Oracle Solaris. */
        public static final String SUNOS = "SunOS";

        /** A Linux platform (no SunOS keys). */
        public Platform(String arch, int clockTicks, int pageSize, String runtime) {
            this(arch, clockTicks, pageSize, runtime, null, null, null, null, null, null, null);
        }

        /** True for an illumos or Solaris capture: binary /proc files, LWPs below {@code proc/PID/lwp}. */
        public boolean isSunos() {
            return SUNOS.equals(os);
        }
    }

    /**
     * Why an unattended capture was taken ({@code procsnap watch}): the condition that held long enough.
     *
     * @param name    the trigger's id, kebab-case ({@code msgq-full}, {@code hung-task}, {@code statfs-hang}, ...)
     * @param summary one line saying what was seen, with the numbers
     * @param since   when the condition was first seen (wall clock), or null when unknown
     * @param fired   when the watcher decided to capture (wall clock), or null when unknown
     * @param values  what was measured and the thresholds, as text ({@code msqid}, {@code cbytes}, {@code limit}...)
     * @param also    the other conditions that held at that moment, one line each
     */
    public record Trigger(String name, String summary, Instant since, Instant fired, Map<String, String> values,
                          List<String> also) {
        public Trigger {
            values = values == null ? Map.of() : Map.copyOf(values);
            also = also == null ? List.of() : List.copyOf(also);
        }

        /** The manifest's {@code trigger} object as one line of JSON (procsnap watch hands it to its capture). */
        public String toJson() {
            return ManifestCodec.encodeTrigger(this);
        }

        /** Parses what {@link #toJson} wrote; {@code CORRUPT} naming the field when it is malformed. */
        public static Trigger fromJson(String json) throws ArchiveException {
            try {
                return ManifestCodec.decodeTrigger(json);
            } catch (FormatException e) {
                throw new ArchiveException(e.kind(), e.getMessage(), e);
            }
        }
    }
}
