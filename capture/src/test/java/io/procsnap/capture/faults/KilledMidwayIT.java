package io.procsnap.capture.faults;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveHash;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.ArchiveSummary;
import io.procsnap.format.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL at {@code RUNS} points spread over a real capture of this machine's /proc: every run that
 * got as far as writing its manifest frame leaves a file from which the reader salvages every
 * complete frame (state CUT_OFF, every listed entry readable), and no child of the capture outlives it.
 * Runs: {@code -Dfaults.kills=N} (default 50), plus up to as many again aimed at the mid-capture window
 * when the first timeline missed it (a loaded machine); bench/faults/killed-midway.sh runs it longer.
 */
class KilledMidwayIT {
    static final int RUNS = Integer.getInteger("faults.kills", 50);

    @TempDir
    Path dir;

    /** What one kill left behind. */
    private enum Left { NO_FILE, MANIFEST_INCOMPLETE, COMPLETE, MID_CAPTURE }

    private final Map<ArchiveState, Integer> states = new EnumMap<>(ArchiveState.class);
    private final List<String> problems = new ArrayList<>();
    private final StringBuilder timeline = new StringBuilder();
    private int noFile;
    private int tooShort;
    private int orphans;
    private int withEntries;
    private int runs;

    @Test
    void killAtAnyPointLeavesASalvageableArchive() throws Exception {
        // full runs first: the faster wall time T is the timeline the kills spread over (the first run
        // pays for cold caches)
        long total = Long.MAX_VALUE;
        long fullEntries = 0;
        for (int i = 0; i < 2; i++) {
            Path full = dir.resolve("full" + i + ".tar.zst");
            CaptureProcess.Run r = CaptureProcess.run(CaptureProcess.command(List.of(), "-o", full.toString(),
                    "--deadline", "30s"), dir, 120);
            assertTrue(r.exit() == 0 || r.exit() == 3, r.err());
            total = Math.min(total, r.millis());
            try (ArchiveReader reader = ArchiveReader.open(full)) {
                fullEntries = reader.summary().entryCount();
            }
        }
        long lastEarly = 0; // the latest kill that left no readable archive yet
        long firstComplete = total; // the earliest kill that came after the capture had finished
        for (int i = 0; i < RUNS; i++) {
            long at = i * total / RUNS;
            Left left = killAt(at);
            if (left == Left.NO_FILE || left == Left.MANIFEST_INCOMPLETE) {
                lastEarly = Math.max(lastEarly, at);
            } else if (left == Left.COMPLETE) {
                firstComplete = Math.min(firstComplete, at);
            }
        }
        // On a loaded machine the timeline measured above can miss the window in which a kill lands
        // mid-capture; then more kills go into that window (between the last too-early and the first
        // too-late kill), up to RUNS more, with every check applied to them too.
        long lo = lastEarly;
        long hi = Math.max(firstComplete, lo + 20);
        for (int extra = 0; salvaged() < RUNS / 5 && extra < RUNS; extra++) {
            killAt(lo + (hi - lo) * ((extra * 7L) % RUNS) / RUNS);
        }
        String summary = String.format("killed-midway: %d runs over T = %d ms (full capture: %d entries): no file %d,"
                + " manifest incomplete %d, states %s (%d with entries), orphaned children %d", runs, total, fullEntries, noFile,
                tooShort, states, withEntries, orphans);
        System.out.println(summary + "\n" + timeline);
        Files.writeString(Path.of("target", "faults-killed-midway.txt"), summary + "\n" + timeline);
        assertEquals(List.of(), problems);
        assertEquals(0, orphans, "children of the killed capture still alive 5 s later");
        assertTrue(salvaged() >= RUNS / 5, "kills landing mid-capture: " + salvaged() + " of " + runs + "\n" + timeline);
        assertTrue(withEntries >= 2, "kills after the first data frame: " + withEntries + "\n" + timeline);
    }

    private int salvaged() {
        return states.getOrDefault(ArchiveState.CUT_OFF, 0) + states.getOrDefault(ArchiveState.SALVAGED, 0);
    }

    /** Starts a capture, SIGKILLs it {@code at} ms later, checks what it left and that no child outlives it. */
    private Left killAt(long at) throws Exception {
        int i = runs++;
        Path out = dir.resolve("k" + i + ".tar.zst");
        Process p = new ProcessBuilder(CaptureProcess.command(List.of(), "-o", out.toString(), "--deadline", "30s"))
                .directory(dir.toFile()).redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null")).start();
        Thread.sleep(at);
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                try {
                    c.onExit().get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    orphans++;
                    c.destroyForcibly();
                }
            }
        }
        // the capture writes to .NAME.tmp-PID and renames it when complete; a killed one leaves the temp
        Path file = Files.exists(out) ? out : dir.resolve("." + out.getFileName() + ".tmp-" + p.pid());
        // NAME.sha256 is written only after the rename: never for a cut-off file; when present, it is right
        Path sidecar = ArchiveHash.sidecar(out);
        if (!Files.exists(out) && Files.exists(sidecar)) {
            problems.add(at + " ms: " + sidecar.getFileName() + " left by a killed capture");
        }
        if (Files.exists(out) && Files.exists(sidecar)
                && !ArchiveHash.readSidecar(out).sha256().equals(ArchiveHash.of(out))) {
            problems.add(at + " ms: " + sidecar.getFileName() + " does not match " + out.getFileName());
        }
        if (!Files.exists(file)) {
            noFile++;
            timeline.append(String.format("%5d ms: no file%n", at));
            return Left.NO_FILE;
        }
        long size = Files.size(file);
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            int readable = 0;
            for (Entry e : reader.entries()) {
                reader.read(e);
                readable++;
            }
            ArchiveSummary s = reader.summary();
            states.merge(s.state(), 1, Integer::sum);
            if (s.entryCount() > 0) {
                withEntries++;
            }
            if (s.state() != ArchiveState.COMPLETE && s.damage() == null) {
                problems.add(at + " ms: state " + s.state() + " without a damage line");
            }
            if (s.framesUsable() <= 0 || readable != s.entryCount()) {
                problems.add(at + " ms: " + readable + " readable of " + s.entryCount() + ", " + s.framesUsable() + " frames");
            }
            timeline.append(String.format("%5d ms: %-8s %6d bytes, %5d entries, frames %d/%d%n", at, s.state(), size,
                    s.entryCount(), s.framesUsable(), s.framesTotal()));
            return s.state() == ArchiveState.COMPLETE ? Left.COMPLETE : Left.MID_CAPTURE;
        } catch (ArchiveException e) {
            // only a file killed before its manifest frame was complete may be refused
            if (size > 4096) {
                problems.add(at + " ms: " + size + " bytes refused: " + e.getMessage());
            }
            tooShort++;
            timeline.append(String.format("%5d ms: refused, %d bytes (manifest frame incomplete)%n", at, size));
            return Left.MANIFEST_INCOMPLETE;
        }
    }
}
