package io.procsnap.capture;

import io.procsnap.capture.engine.CaptureStats;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.Manifest;
import io.procsnap.format.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one line printed on stderr when the archive is written: where, how large, how long, what was read,
 * by status, what hung, what was slowest, why it stopped early, whether it is complete or partial, and the
 * archive's SHA-256 (with the {@code NAME.sha256} file that holds it, when one was written).
 */
final class CaptureSummary {
    private static final long MIB = 1L << 20;

    private CaptureSummary() {
    }

    static String line(String path, long size, Capture.Result r, Manifest.Captor captor, boolean partial,
                       String sha256, java.nio.file.Path sidecar) {
        CaptureStats.Snapshot s = r.stats();
        StringBuilder sb = new StringBuilder("procsnap: wrote ").append(path).append(" (").append(human(size))
                .append(") in ").append(String.format(Locale.ROOT, "%.1f", r.durationNanos() / 1e9)).append(" s: ")
                .append(r.processes()).append(" processes, ").append(r.threads()).append(" threads; ");
        List<String> counts = new ArrayList<>();
        for (Status st : Status.values()) {
            if (s.count(st) > 0) {
                String note = "";
                if (st == Status.ERROR && s.noLink() > 0) {
                    note = (s.noLink() == s.count(st) ? " (all" : " (" + s.noLink() + " of them")
                            + " exe/cwd/root links that kernel threads and zombies do not have)";
                }
                counts.add(s.count(st) + " " + st.label() + note);
            }
        }
        sb.append(String.join(", ", counts));
        if (s.hungTotal() > 0) {
            sb.append("; hung: ").append(String.join(", ", s.hung()));
            if (s.hungTotal() > s.hung().size()) {
                sb.append(" (+").append(s.hungTotal() - s.hung().size()).append(" more)");
            }
        }
        if (!s.slowest().isEmpty()) {
            sb.append("; slowest: ");
            List<String> slow = new ArrayList<>();
            for (EntryHeader h : s.slowest()) {
                slow.add(h.path() + " " + h.elapsedNanos() / 1_000_000L + " ms");
            }
            sb.append(String.join(", ", slow));
        }
        if (r.stopReason() != null) {
            sb.append("; stopped early: ").append(r.stopReason());
        }
        if (r.abandoned() > 0) {
            sb.append("; ").append(r.abandoned()).append(r.abandoned() == 1 ? " reader thread" : " reader threads")
                    .append(" left blocked in the kernel");
        }
        if (s.rejected() > 0) {
            sb.append("; ").append(s.rejected()).append(" entries refused by the format (first: ").append(s.firstRejected()).append(")");
        }
        if (captor.euid() != 0) {
            sb.append("; not root (uid ").append(captor.euid()).append("): much was denied, run as root for a full capture");
        }
        sb.append(partial ? "; partial (exit 3)" : "; complete");
        sb.append("; sha256 ").append(sha256);
        if (sidecar != null) {
            sb.append(" (in ").append(sidecar).append(')');
        }
        return sb.toString();
    }

    /** {@code 812 B}, {@code 95.3 KiB}, {@code 12.0 MiB}. */
    static String human(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " B";
        }
        if (bytes < 10 * MIB) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }
}
