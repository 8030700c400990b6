package io.procsnap.capture.redact;

import io.procsnap.capture.engine.EntrySink;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An {@link EntrySink} that masks secrets in command lines and environments before they reach the
 * archive: {@code proc/PID/cmdline}, {@code proc/PID/environ}, the same under {@code task/TID/} and
 * {@code samples/K/}. Everything else passes through untouched. At {@link #close()} it adds the entry
 * {@value #REPORT_PATH}: one line {@code rule: count} per rule that masked something (never a value),
 * because the manifest (written first) cannot know the counts yet; the manifest's notes say that
 * redaction was on and which rules ran ({@link #manifestNotes}).
 */
public final class RedactingSink implements EntrySink {
    /** Where the counts per rule are written at the end of the capture. */
    public static final String REPORT_PATH = ArchivePath.REDACTION_REPORT;
    private static final String CMDLINE = "/".concat(KernelFile.CMDLINE.file());
    private static final String ENVIRON = "/".concat(KernelFile.ENVIRON.file());

    private final EntrySink delegate;
    private final Redactor redactor;

    public RedactingSink(EntrySink delegate, Redactor redactor) {
        this.delegate = delegate;
        this.redactor = redactor;
    }

    /**
     * True for the archive paths whose content is redacted: a process's or thread's {@code cmdline} or
     * {@code environ}, in the main pass or a sample. Runs for every entry on the writer thread: only a
     * path ending in {@code /cmdline} or {@code /environ} is parsed.
     */
    public static boolean redacts(String path) {
        if (!path.endsWith(CMDLINE) && !path.endsWith(ENVIRON)) {
            return false;
        }
        ArchivePath p = ArchivePath.parse(path);
        if (p instanceof ArchivePath.Sample) {
            p = ((ArchivePath.Sample) p).of();
        }
        if (!(p instanceof ArchivePath.InProcess)) {
            return false;
        }
        String file = ((ArchivePath.InProcess) p).file();
        return KernelFile.CMDLINE.file().equals(file) || KernelFile.ENVIRON.file().equals(file);
    }

    /** Notes for the manifest, known before the capture starts: on/off and the rule names. */
    public static java.util.Map<String, String> manifestNotes(Redactor redactor) {
        java.util.Map<String, String> notes = new java.util.LinkedHashMap<>();
        notes.put("redaction", redactor.enabled() ? "on" : "off");
        if (redactor.enabled()) {
            notes.put("redaction.rules", String.join(",", redactor.counts().keySet()));
            notes.put("redaction.counts", "in the entry " + REPORT_PATH);
        }
        return notes;
    }

    @Override
    public void add(EntryHeader header, byte[] content, int offset, int length) throws IOException {
        if (content != null && length > 0 && redactor.enabled() && redacts(header.path())) {
            byte[] slice = offset == 0 && length == content.length ? content : Arrays.copyOfRange(content, offset, offset + length);
            byte[] masked = redactor.redact(slice);
            delegate.add(header, masked, 0, masked.length);
            return;
        }
        delegate.add(header, content, offset, length);
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public long bytesWritten() {
        return delegate.bytesWritten();
    }

    @Override
    public void close() throws IOException {
        if (redactor.enabled()) {
            StringBuilder sb = new StringBuilder();
            redactor.counts().forEach((rule, n) -> sb.append(rule).append(": ").append(n).append('\n'));
            byte[] report = sb.toString().getBytes(StandardCharsets.UTF_8);
            delegate.add(EntryHeader.file(REPORT_PATH), report, 0, report.length);
        }
        delegate.close();
    }

    @Override
    public void abort() {
        delegate.abort();
    }
}
