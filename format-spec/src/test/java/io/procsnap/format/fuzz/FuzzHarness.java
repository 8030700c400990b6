package io.procsnap.format.fuzz;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.Entry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the whole reader over one input under a time limit and classifies the outcome. Allowed: the
 * archive opens and every call works, or an {@link ArchiveException} (possibly wrapped in an
 * {@link UncheckedIOException}). Anything else is a finding: another exception, an error (out of
 * memory, stack overflow), a hang, or an entry path the spec forbids coming out of the reader.
 */
final class FuzzHarness implements AutoCloseable {
    /** How one input ended. */
    enum Outcome { OPENED, REFUSED, FINDING }

    /** A finding: what happened and the input that made it happen. */
    record Finding(String what, byte[] input) { }

    private final long perInputMillis;
    private ExecutorService worker = newWorker();
    final List<Finding> findings = new ArrayList<>();
    int opened;
    int refused;
    int entriesSeen;

    FuzzHarness(long perInputMillis) {
        this.perInputMillis = perInputMillis;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
    }

    Outcome run(byte[] input, Path scratch) throws IOException {
        Files.write(scratch, input);
        Future<Integer> f = worker.submit(() -> exercise(scratch));
        try {
            int n = f.get(perInputMillis, TimeUnit.MILLISECONDS);
            opened++;
            entriesSeen += n;
            return Outcome.OPENED;
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the stuck thread is abandoned (daemon)
            findings.add(new Finding("hang: no outcome within " + perInputMillis + " ms", input));
            return Outcome.FINDING;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ArchiveException
                    || c instanceof UncheckedIOException u && u.getCause() instanceof ArchiveException) {
                refused++;
                return Outcome.REFUSED;
            }
            findings.add(new Finding(c + " at " + (c.getStackTrace().length > 0 ? c.getStackTrace()[0] : "?"), input));
            return Outcome.FINDING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Opens and uses everything; returns the entries seen. Damage met reading one entry is allowed. */
    private static int exercise(Path file) throws IOException {
        int n = 0;
        try (ArchiveReader r = ArchiveReader.open(file)) {
            r.manifest();
            r.summary();
            r.verify();
            for (Entry e : r.entries()) {
                checkPath(e.path());
                n++;
                try {
                    r.read(e);
                    r.find(e.path());
                } catch (ArchiveException expected) {
                    // one damaged entry
                }
            }
            r.find("proc/1/stat");
            r.find("proc/306/../../etc/passwd");
            r.scan((e, content) -> checkPath(e.path()));
            r.summary();
        }
        return n;
    }

    /** The spec's path rule: what a reader hands out must be safe to join under a directory. */
    static void checkPath(String p) {
        if (p == null || p.isEmpty() || p.startsWith("/") || p.indexOf('\0') >= 0 || p.length() > 4096) {
            throw new IllegalStateException("reader produced a forbidden path: " + p);
        }
        for (String seg : p.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalStateException("reader produced a forbidden path segment in: " + p);
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
