package io.procsnap.capture.bundle;

import io.procsnap.format.ArchiveReader;
import io.procsnap.format.ArchiveState;
import io.procsnap.format.Entry;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A device's userland: the bundle in a chroot holding only a static busybox (sh dirname uname df dmesg
 * stat; no nice, renice, ionice, zpool, zfs), the runtime's C libraries and /proc, /dev bind-mounted
 * (src/test/emulation/busybox-chroot.sh, in a private mount namespace, unmounted afterwards). The capture
 * completes, records zpool and zfs as absent, runs busybox's df and dmesg, reads the statfs of mounts
 * through the bundle's helper or, without it, busybox's stat -f; the launcher lowers
 * its priority with busybox's renice and ionice applets (or keeps it on a saturated machine), and under
 * a shell without them the manifest says the priority could not be lowered. x86-64 natively, aarch64 under qemu-user-static with
 * Debian's arm64 busybox-static and libc6.
 */
class BusyboxChrootIT {
    @TempDir
    Path dir;

    @Test
    void x8664BundleCapturesInABusyboxChroot() throws Exception {
        Path busybox = Bundles.busyboxAsRoot();
        Path bundle = Bundles.unpack("x86_64", Files.createDirectories(dir.resolve("b")));
        String priority = captureInChroot("x86_64", bundle, busybox, "ldd", Map.of());
        assertLoweredByBusyboxApplets(priority);
    }

    /**
     * The same machine with dash as the shell: no nice, renice or ionice at all, and the manifest says so. The
     * bundle's statfs helper removed too: busybox's stat -f reads the statfs of the mounts.
     */
    @Test
    void x8664BundleWithoutAnyPriorityToolSaysPriorityWasNotLowered() throws Exception {
        Path busybox = Bundles.busyboxAsRoot();
        Path bundle = Bundles.unpack("x86_64", Files.createDirectories(dir.resolve("b")));
        Files.delete(bundle.resolve("lib/native/procsnap-statfs"));
        String priority = captureInChroot("x86_64 (dash)", bundle, busybox, "ldd", Map.of("LAUNCH_SHELL", "/usr/bin/dash"));
        assertTrue(priority.startsWith("capture: not lowered: no nice or renice on this machine (")
                || priority.startsWith("capture: normal, not lowered: the machine is saturated (")
                        && priority.contains("; no nice or renice on this machine either"), priority);
    }

    /** busybox's shell runs its renice and ionice applets without links to them; or the machine is saturated. */
    private static void assertLoweredByBusyboxApplets(String priority) {
        assertTrue(priority.startsWith("capture: renice -n 10 ionice -t -c 2 -n 7 (no nice; the machine is not saturated: ")
                || priority.startsWith("capture: normal, not lowered: the machine is saturated ("), priority);
    }

    @Test
    void aarch64BundleCapturesInABusyboxChrootUnderEmulation() throws Exception {
        assumeTrue(Bundles.isRoot(), "NOT RUN: needs root (chroot, mounts, binfmt_misc)");
        Path bundle = Bundles.unpack("aarch64", Files.createDirectories(dir.resolve("b")));
        Path sysroot = Bundles.sysroot("aarch64");
        String entry = Bundles.register("aarch64");
        try {
            assertLoweredByBusyboxApplets(captureInChroot("aarch64", bundle, sysroot.resolve("bin/busybox"), sysroot.toString(), Map.of()));
        } finally {
            Bundles.unregister(entry);
        }
    }

    /** Runs the capture in the chroot, checks it; returns the manifest's priority note. */
    private String captureInChroot(String arch, Path bundle, Path busybox, String libs, Map<String, String> env) throws Exception {
        Path root = dir.resolve("root");
        Bundles.Run r = Bundles.run(List.of("bash", Path.of("src/test/emulation/busybox-chroot.sh").toAbsolutePath().toString(),
                root.toString(), bundle.toString(), busybox.toString(), libs, "--", "-o", "/out/c.tar.zst"), dir, env, 300);
        assertTrue(r.exit() == 0 || r.exit() == 3, "exit " + r.exit() + ": " + r.err());
        assertTrue(r.err().contains("procsnap: wrote /out/c.tar.zst"), r.err());
        assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).lines().noneMatch(l -> l.contains(root.toString())),
                "mounts left under " + root);
        try (ArchiveReader a = ArchiveReader.open(root.resolve("out/c.tar.zst"))) {
            assertEquals(ArchiveState.COMPLETE, a.summary().state());
            for (String absent : List.of("zpool-list", "zpool-status", "zfs-list")) {
                String status = text(a, "cmd/" + absent + "/status");
                assertTrue(status.contains("\"found\":false"), absent + ": " + status);
            }
            for (String busyboxApplet : List.of("df", "dmesg")) {
                String status = text(a, "cmd/" + busyboxApplet + "/status");
                assertTrue(status.contains("\"path\":\"/bin/" + busyboxApplet + "\"") && status.contains("\"exit\":0"),
                        busyboxApplet + ": " + status);
            }
            assertTrue(text(a, "cmd/dmesg/stdout").contains("Linux version"), "busybox dmesg read the kernel log");
            long statfsOk = a.entries().stream().filter(e -> e.path().startsWith("statfs/") && e.status() == Status.OK).count();
            boolean helper = Files.exists(bundle.resolve("lib/native/procsnap-statfs"));
            String by = helper ? "the bundle's statfs helper" : "busybox stat -f";
            assertTrue(statfsOk >= 2, by + " gave the statfs of the chroot's mounts: " + statfsOk);
            assertTrue(text(a, "statfs/0").contains(helper ? "flags_source: statfs\n" : "flags_source: mountinfo\n"),
                    by + ": " + text(a, "statfs/0"));
            String priority = a.manifest().notes().get("priority");
            // a saturated machine (a loaded test run) adds why the commands' CPU priority was kept
            assertTrue(priority.endsWith("; commands: not lowered")
                    || priority.endsWith("; commands: not lowered (CPU priority not lowered: the machine is saturated)"),
                    "no nice or ionice program for the commands: " + priority);
            Bundles.figure(String.format("busybox chroot %s: capture %d ms, %d entries, %d statfs by %s; priority: %s",
                    arch, r.millis(), a.summary().entryCount(), statfsOk, by, priority));
            return priority;
        }
    }

    private static String text(ArchiveReader a, String path) throws Exception {
        Entry e = a.find(path).orElseThrow(() -> new AssertionError("no " + path));
        return new String(a.read(e), StandardCharsets.UTF_8);
    }
}
