package io.procsnap.capture;

import io.procsnap.capture.engine.Engine;
import io.procsnap.capture.redact.RedactingSink;
import io.procsnap.capture.redact.Redactor;
import io.procsnap.format.Manifest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a capture: the host and who captured it, the options as given, the platform, and notes
 * on how it ran (priority of the capture and of its commands, the reader, what redaction masked).
 */
final class CaptureManifest {
    private CaptureManifest() {
    }

    /**
     * @param wrapper    the priority wrapper the commands run under ({@code nice -n 19 ionice ...}), empty when none
     * @param saturation whether the machine was found saturated when {@code wrapper} was chosen, and why
     */
    static Manifest of(CaptureOptions o, Manifest.Host host, Manifest.Captor captor, Instant start,
                       List<String> wrapper, Saturation saturation, Redactor redactor) {
        return of(o, host, captor, start, wrapper, saturation, redactor, linuxPlatform(), Map.of());
    }

    /**
     * @param platform the platform ({@link SunosFacts} on SunOS)
     * @param more     more notes (SunOS: whether mdb runs, and why)
     */
    static Manifest of(CaptureOptions o, Manifest.Host host, Manifest.Captor captor, Instant start,
                       List<String> wrapper, Saturation saturation, Redactor redactor, Manifest.Platform platform,
                       Map<String, String> more) {
        Map<String, String> notes = notes(wrapper, saturation, redactor);
        notes.putAll(more);
        return new Manifest(Manifest.FORMAT_VERSION, "procsnap", VersionText.version(), host, captor, start,
                HostFacts.bootNanos(), options(o), platform, notes);
    }

    static Manifest.Platform linuxPlatform() {
        return new Manifest.Platform(System.getProperty("os.arch"), 100, 4096,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    static Map<String, String> options(CaptureOptions o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("output", o.output == null ? "(default name)" : o.output);
        m.put("proc-root", o.procRoot);
        if (!"linux".equals(CaptureCommand.kernelName(o.platform))) {
            m.put("platform", CaptureCommand.kernelName(o.platform));
        }
        m.put("deadline", Durations.format(o.deadline));
        m.put("read-timeout", Durations.format(o.readTimeout));
        m.put("statfs-timeout", Durations.format(o.statfsTimeout));
        m.put("command-timeout", Durations.format(o.commandTimeout));
        m.put("samples", Integer.toString(o.samples));
        m.put("interval", Durations.format(o.interval));
        m.put("resample", Boolean.toString(o.samples == 0 && !o.noResample));
        m.put("include-environ", Boolean.toString(o.includeEnviron));
        m.put("add-file", String.join(",", o.addFiles));
        m.put("add-command", String.join(",", o.addCommands));
        m.put("skip", String.join(",", o.skip));
        m.put("readers", Integer.toString(o.readers));
        m.put("max-abandoned", Integer.toString(o.maxAbandoned));
        m.put("max-file-size", Integer.toString(o.maxFileSize));
        return m;
    }

    private static Map<String, String> notes(List<String> wrapper, Saturation saturation, Redactor redactor) {
        Map<String, String> m = new LinkedHashMap<>();
        String launcher = System.getenv(Saturation.LAUNCHER_NOTE);
        m.put("priority", (launcher != null ? "capture: " + launcher + "; " : "capture: not lowered (run without launcher); ")
                + "commands: " + (wrapper.isEmpty() ? "not lowered" : String.join(" ", wrapper))
                + saturation.note());
        m.put("reader", Engine.readerNote());
        m.put("statfs", Engine.statfsNote());
        m.putAll(RedactingSink.manifestNotes(redactor));
        return m;
    }
}
