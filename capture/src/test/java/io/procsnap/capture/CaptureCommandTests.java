package io.procsnap.capture;

import io.procsnap.format.ArchiveHash;
import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.Entry;
import io.procsnap.format.EntryType;
import io.procsnap.format.ExitCode;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI through picocli with captured streams; archives read back with the format's reader. */
class CaptureCommandTests {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(OutputStream archive, String... args) {
        return Main.run(args, archive, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private int run(String... args) {
        return run(new ByteArrayOutputStream(), args);
    }

    @Test
    void captureOfThisMachineRoundTripsThroughTheReader() throws Exception {
        Path archive = dir.resolve("real.tar.zst");
        int code = run("-o", archive.toString(), "--deadline", "40s");
        assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, "exit " + code + ": " + err);
        String summary = err.toString().trim();
        assertTrue(summary.startsWith("procsnap: wrote " + archive + " ("), summary);
        // besides the summary, only the redaction note, which depends on what else runs on this machine
        assertEquals(1, summary.lines().filter(l -> !l.startsWith("procsnap: masked ")).count(),
                "one summary line: " + summary);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(archive, ArchiveHash.sidecar(archive)), files.sorted().collect(Collectors.toList()),
                    "the archive and its NAME.sha256, no temporary file left");
        }
        long self = ProcessHandle.current().pid();
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            assertEquals(ArchiveState.COMPLETE, reader.summary().state());
            assertTrue(reader.verify().ok(), reader.verify().problems().toString());
            assertEquals(HostFacts.firstLine("/proc/sys/kernel/hostname"), reader.manifest().host().hostname());
            assertEquals("procsnap", reader.manifest().tool());
            Entry stat = reader.find("proc/" + self + "/stat").orElseThrow();
            assertEquals(Status.OK, stat.status());
            assertTrue(new String(reader.read(stat), StandardCharsets.UTF_8).startsWith(self + " (java) "));
            Entry procDir = reader.find("proc/" + self).orElseThrow();
            assertEquals(EntryType.DIRECTORY, procDir.header().type());
            assertEquals(0, procDir.header().uid());
            assertTrue(reader.find("proc/" + self + "/task/" + self + "/wchan").isPresent());
            assertTrue(reader.find("proc/sysvipc/msg").isPresent());
            assertEquals(EntryType.SYMLINK, reader.find("proc/" + self + "/exe").orElseThrow().header().type());
            Entry dfStatus = reader.find("cmd/df/status").orElseThrow();
            assertTrue(new String(reader.read(dfStatus), StandardCharsets.UTF_8).contains("\"found\":true"));
            Entry statfs = reader.find("statfs/0").orElseThrow();
            assertTrue(new String(reader.read(statfs), StandardCharsets.UTF_8).startsWith("mount_point: "));
            assertTrue(reader.entries().stream().noneMatch(e -> e.path().endsWith("/environ")));
            assertTrue(reader.entries().stream().noneMatch(e -> e.status() == Status.TIMEOUT));
        }
    }

    @Test
    void streamsToStdoutAndFixtureCaptureIsReadable() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(7, "worker");
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            int code = run(archive, "-o", "-", "--proc-root", fx.proc.toString());
            assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
            assertTrue(err.toString().contains("wrote stdout"), err.toString());
            Path file = dir.resolve("from-stdout.tar.zst");
            Files.write(file, archive.toByteArray());
            try (ArchiveReader reader = ArchiveReader.open(file)) {
                assertEquals("fixture-host", reader.manifest().host().hostname());
                assertEquals("7 (worker) S", new String(reader.read(reader.find("proc/7/stat").orElseThrow()),
                        StandardCharsets.UTF_8).substring(0, 12));
                assertEquals(fx.proc.toString(), reader.manifest().options().get("proc-root"));
            }
        }
    }

    @Test
    void hungCommandIsRecordedTimedOutWithItsStatusReadable() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            int code = run(archive, "-o", "-", "--proc-root", fx.proc.toString(), "--command-timeout", "300ms",
                    "--add-command", "hang=sleep 60");
            assertEquals(ExitCode.PARTIAL, code, err.toString());
            Path file = Files.write(dir.resolve("a.tar.zst"), archive.toByteArray());
            try (ArchiveReader reader = ArchiveReader.open(file)) {
                Entry status = reader.find("cmd/hang/status").orElseThrow();
                assertEquals(Status.TIMEOUT, status.status());
                String json = new String(reader.read(status), StandardCharsets.UTF_8);
                assertTrue(json.contains("\"timedOut\":true") && json.contains("\"signal\":15"), json);
            }
            // other commands may be listed too: a zpool of zfs-fuse without its daemon, dmesg, under load
            assertTrue(err.toString().matches("(?s).*hung: [^;]*cmd/hang/status.*"), err.toString());
        }
    }

    @Test
    void outputFailureMidwayExitsFiveWithAClearMessage() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            for (int pid = 100; pid < 400; pid++) {
                fx.process(pid, "p" + pid);
            }
            OutputStream full = new OutputStream() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 20_000) {
                        throw new IOException("No space left on device");
                    }
                }
            };
            long t = System.nanoTime();
            int code = run(full, "-o", "-", "--proc-root", fx.proc.toString());
            assertEquals(ExitCode.ENVIRONMENT, code, err.toString());
            assertTrue(err.toString().contains("no space left on device"), err.toString());
            assertTrue((System.nanoTime() - t) / 1_000_000L < 20_000);
        }
    }

    @Test
    void outputThatStopsDrainingEndsTheCaptureByTheDeadline() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            for (int pid = 100; pid < 600; pid++) {
                fx.process(pid, "p" + pid);
            }
            OutputStream stuck = new OutputStream() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 4096) {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                }
            };
            long t = System.nanoTime();
            int code = run(stuck, "-o", "-", "--proc-root", fx.proc.toString(), "--deadline", "3s");
            long took = (System.nanoTime() - t) / 1_000_000L;
            assertEquals(ExitCode.ENVIRONMENT, code, err.toString());
            assertTrue(err.toString().contains("stalled"), err.toString());
            assertTrue(took < 3000 + 2000 + 2500, "took " + took + " ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void theFastPassReadsWhileTheArchiveOpensAndEveryEntryReachesTheArchive() throws Exception {
        long stallNanos = 800_000_000L;
        long[] firstWrite = {0};
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            for (int pid = 100; pid < 140; pid++) {
                fx.process(pid, "p" + pid);
            }
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            // the first write (the manifest's frame, written as the archive opens) takes 0.8 s
            OutputStream slowToOpen = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (firstWrite[0] == 0) {
                        firstWrite[0] = System.nanoTime();
                        try {
                            Thread.sleep(stallNanos / 1_000_000L);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    archive.write(b, off, len);
                }
            };
            int code = run(slowToOpen, "-o", "-", "--proc-root", fx.proc.toString(), "--skip", "commands");
            assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
            Path file = Files.write(dir.resolve("slow.tar.zst"), archive.toByteArray());
            try (ArchiveReader reader = ArchiveReader.open(file)) {
                assertEquals(ArchiveState.COMPLETE, reader.summary().state());
                assertTrue(reader.verify().ok(), reader.verify().problems().toString());
                for (int pid = 100; pid < 140; pid++) {
                    assertEquals(Status.OK, reader.find("proc/" + pid + "/stat").orElseThrow().status(), "proc/" + pid);
                }
                // the capture's start (t0) precedes the first write, so an entry whose start (since t0) is
                // under the stall began before the archive was open: read beside the opening, not after it
                long started = reader.find("proc/100/stat").orElseThrow().header().startNanos();
                assertTrue(started < stallNanos, "proc/100/stat started " + started / 1_000_000L
                        + " ms into the capture, after the archive's 800 ms opening");
            }
        }
    }

    @Test
    void anArchiveThatCannotBeOpenedExitsFiveWithTheSameMessageAsBefore() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(7, "worker");
            OutputStream refusing = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("Broken pipe");
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    throw new IOException("Broken pipe");
                }
            };
            long t = System.nanoTime();
            int code = run(refusing, "-o", "-", "--proc-root", fx.proc.toString(), "--skip", "commands");
            assertEquals(ExitCode.ENVIRONMENT, code, err.toString());
            assertEquals("procsnap: cannot write stdout: Broken pipe", err.toString().trim());
            assertTrue((System.nanoTime() - t) / 1_000_000L < 20_000);
        }
    }

    /**
     * An output that stalls on its first write (a pipe nobody reads) while the archive is still being
     * opened beside the fast pass: the capture still ends at its deadline, exit 5, and says that nothing
     * readable was written (no frame, not even the manifest, was completed).
     */
    @Test
    void anOutputThatStallsWhileTheArchiveOpensEndsAtTheDeadlineSayingNothingWasWritten() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(7, "worker");
            OutputStream stalled = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("released by the test");
                }
            };
            long t = System.nanoTime();
            int code = run(stalled, "-o", "-", "--proc-root", fx.proc.toString(), "--skip", "commands", "--deadline", "2s");
            long ms = (System.nanoTime() - t) / 1_000_000L;
            assertEquals(ExitCode.ENVIRONMENT, code, err.toString());
            assertTrue(err.toString().contains("the output stalled before the archive's first frame; nothing readable was written"),
                    err.toString());
            assertTrue(ms < 15_000, ms + " ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void nearlyFullOutputIsRefusedBeforeStartingWithAdvice() {
        int code = run("-o", dir.resolve("x.tar.zst").toString(), "--min-free", Long.toString(Long.MAX_VALUE / 2));
        assertEquals(ExitCode.ENVIRONMENT, code);
        assertTrue(err.toString().contains("-o -"), err.toString());
        assertFalse(Files.exists(dir.resolve("x.tar.zst")));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(ExitCode.USAGE, run("--no-such-option"));
        assertEquals(ExitCode.USAGE, run("--platform", "solaris"));
        assertEquals(ExitCode.USAGE, run("--add-file", "relative/path"));
        assertEquals(ExitCode.USAGE, run("--add-file", "/proc/kmsg"));
        assertEquals(ExitCode.USAGE, run("--add-file", "/proc/1/environ"));
        assertEquals(ExitCode.USAGE, run("--add-file", "/cmd/x"));
        assertEquals(ExitCode.USAGE, run("--add-command", "bad name=ls"));
        assertEquals(ExitCode.USAGE, run("--deadline", "soon"));
        assertEquals(ExitCode.USAGE, run("--skip", "fast"));
        assertTrue(err.toString().contains("procsnap: "), err.toString());
    }

    @Test
    void helpListsEveryOptionWithItsDefaultAndTheExitCodes() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        for (String option : List.of("--output", "--proc-root", "--deadline", "--read-timeout", "--statfs-timeout",
                "--command-timeout", "--samples", "--interval", "--include-environ", "--add-file", "--add-command",
                "--skip", "--readers", "--max-abandoned", "--max-file-size", "--min-free", "--version", "--help")) {
            assertTrue(help.contains(option), option + " in help");
        }
        assertTrue(help.contains("Default: 90s"));
        assertTrue(help.contains("Exit codes:"));
        assertTrue(help.contains("3   capture written but partial"));
        for (String line : help.split("\n")) {
            if (line.trim().startsWith("--") && !line.contains("--help") && !line.contains("--version")) {
                // every option's description ends with its default (may wrap onto the next line)
                assertTrue(help.substring(help.indexOf(line)).split("\n  -")[0].contains("Default:"), line);
            }
        }
    }

    @Test
    void versionIsPrinted() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("procsnap "), out.toString());
        // Main answers a lone --version from VersionText without picocli (BundleIT runs that path): the
        // same lines as picocli's --version here
        assertEquals(String.join(System.lineSeparator(), VersionText.lines()) + System.lineSeparator(), out.toString());
    }

    @Test
    void addedFilesAndCommandsAreCaptured() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            Path extra = Files.writeString(dir.resolve("extra.txt"), "extra content\n");
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            int code = run(archive, "-o", "-", "--proc-root", fx.proc.toString(), "--add-file", extra.toString(),
                    "--add-command", "hello=echo hi there");
            assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
            Path file = Files.write(dir.resolve("a.tar.zst"), archive.toByteArray());
            try (ArchiveReader reader = ArchiveReader.open(file)) {
                assertEquals("extra content\n", new String(reader.read(reader.find(extra.toString().substring(1))
                        .orElseThrow()), StandardCharsets.UTF_8));
                assertEquals("hi there\n", new String(reader.read(reader.find("cmd/hello/stdout").orElseThrow()),
                        StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * A real zombie (a child whose parent never waits) has no exe, cwd or root link: readlink says
     * ENOENT while /proc/PID is there. Those entries stay {@code error ENOENT} in the archive, but they
     * are the machine's answer, so they alone do not make the capture partial, and the summary says so.
     */
    @Test
    void aZombiesMissingLinksAreRecordedButDoNotMakeTheCapturePartial() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.05 & exec sleep 30").start();
        try {
            long zombie = -1;
            for (int i = 0; i < 200 && zombie < 0; i++) {
                for (ProcessHandle c : parent.children().toList()) {
                    String stat = Files.readString(Path.of("/proc", Long.toString(c.pid()), "stat"));
                    if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                        zombie = c.pid();
                    }
                }
                Thread.sleep(25);
            }
            assertTrue(zombie > 0, "no zombie appeared");
            Path archive = dir.resolve("z.tar.zst");
            run("-o", archive.toString(), "--skip", "filesystems,commands", "--min-free", "0");
            String summary = err.toString().trim();
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                for (String link : List.of("exe", "cwd", "root")) {
                    Entry e = reader.find("proc/" + zombie + "/" + link).orElseThrow();
                    assertEquals(Status.ERROR, e.header().status(), link);
                    assertEquals("ENOENT", e.header().detail(), link);
                    assertTrue(e.header().isAbsentProcessLink(), link);
                }
                assertFalse(reader.find("proc/" + zombie + "/stat").orElseThrow().header().isAbsentProcessLink());
            }
            assertTrue(summary.contains("exe/cwd/root links that kernel threads and zombies do not have)"), summary);
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    /** Chain of custody: the hash computed while writing is on the summary line and in NAME.sha256. */
    @Test
    void aFileGetsItsSha256BesideItWhichSha256sumAccepts() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(7, "worker");
            Path archive = dir.resolve("a.tar.zst");
            int code = run("-o", archive.toString(), "--proc-root", fx.proc.toString(), "--min-free", "0");
            assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
            String sha256 = ArchiveHash.of(archive);
            Path sidecar = dir.resolve("a.tar.zst.sha256");
            assertEquals(sha256 + "  a.tar.zst\n", Files.readString(sidecar));
            assertTrue(err.toString().trim().endsWith("; sha256 " + sha256 + " (in " + sidecar + ")"), err.toString());
            // coreutils' own reader, in the archive's directory, as the recipient runs it
            Process check = new ProcessBuilder("sha256sum", "-c", "a.tar.zst.sha256").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), said);
            assertEquals("a.tar.zst: OK\n", said);
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.filter(x -> x.getFileName().toString().contains(".tmp-")).toList());
            }
        }
    }

    @Test
    void withOutputToStdoutTheSha256IsOnStderrOnly() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(7, "worker");
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            int code = run(archive, "-o", "-", "--proc-root", fx.proc.toString());
            assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
            String sha256 = ArchiveHash.hex(ArchiveHash.newDigest().digest(archive.toByteArray()));
            assertTrue(err.toString().trim().endsWith("; sha256 " + sha256), err.toString());
            assertEquals("", out.toString(), "nothing but the archive on stdout");
            try (Stream<Path> left = Files.walk(dir)) {
                assertEquals(List.of(), left.filter(x -> x.toString().endsWith(ArchiveHash.SUFFIX)).toList());
            }
        }
    }

    /** The output may be a device or FIFO: written in place, never replaced by the renamed temporary file. */
    @Test
    void devNullAndFifoOutputsAreWrittenInPlace() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(7, "worker");
            int code = run("-o", "/dev/null", "--proc-root", fx.proc.toString(), "--min-free", "0");
            assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
            assertTrue(err.toString().contains("procsnap: wrote /dev/null "), err.toString());
            assertEquals(0020000, mode(Path.of("/dev/null")) & 0170000, "/dev/null is still a character device");

            Path fifo = dir.resolve("pipe");
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
            Path copy = dir.resolve("through-fifo.tar.zst");
            Process cat = new ProcessBuilder("sh", "-c", "cat \"$0\" > \"$1\"", fifo.toString(), copy.toString()).start();
            try {
                code = run("-o", fifo.toString(), "--proc-root", fx.proc.toString(), "--min-free", "0");
                assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
                assertTrue(cat.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the writer closed the FIFO");
            } finally {
                cat.destroyForcibly();
            }
            assertEquals(0010000, mode(fifo) & 0170000, "the FIFO is still a FIFO");
            assertTrue(err.toString().trim().endsWith("; sha256 " + ArchiveHash.of(copy)), "what passed the FIFO: " + err);
            assertFalse(Files.exists(dir.resolve("pipe.sha256")), "no NAME.sha256 beside a FIFO");
            try (ArchiveReader reader = ArchiveReader.open(copy)) {
                assertEquals(ArchiveState.COMPLETE, reader.summary().state());
                assertTrue(reader.find("proc/7/stat").isPresent());
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.filter(x -> x.getFileName().toString().contains(".tmp-")).toList());
            }
        }
    }

    @Test
    void neverWritesUnderProcOrSysAndDevStdoutIsStdout() throws Exception {
        try (ProcFixture fx = new ProcFixture(dir.resolve("fx"))) {
            fx.process(7, "worker");
            for (String target : List.of("/proc/x.tar.zst", "/sys/x.tar.zst", "/proc/self/x.tar.zst")) {
                err.getBuffer().setLength(0);
                assertEquals(ExitCode.USAGE, run("-o", target, "--proc-root", fx.proc.toString(), "--min-free", "0"), target);
                assertTrue(err.toString().startsWith("procsnap: refusing to write the archive under /"), err.toString());
            }
            assertEquals(ExitCode.USAGE, run("-o", dir.toString(), "--proc-root", fx.proc.toString()), "a directory");
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            int code = run(archive, "-o", "/dev/stdout", "--proc-root", fx.proc.toString());
            assertTrue(code == ExitCode.OK || code == ExitCode.PARTIAL, err.toString());
            assertTrue(archive.size() > 0 && err.toString().contains("wrote stdout"), err.toString());
        }
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode");
    }
}
