package io.procsnap.capture.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The launcher says in one line what to do, exit 5, where the shell would say "Exec format error" or
 * "not found": a bundle of another architecture, a bundle on a noexec mount, a machine without a glibc
 * loader (a busybox chroot without C library: what a musl device looks like to the bundle).
 */
class LauncherChecksIT {
    @TempDir
    Path dir;

    @Test
    void wrongArchitectureSaysWhichBundleToUse() throws Exception {
        // an aarch64 entry in binfmt_misc (qemu-user-binfmt, or another test run) would run it instead
        Path binfmt = Path.of("/proc/sys/fs/binfmt_misc");
        if (Files.exists(binfmt.resolve("status"))) {
            try (Stream<Path> s = Files.list(binfmt)) {
                for (Path p : s.toList()) {
                    String text = Files.isRegularFile(p) ? Files.readString(p) : "";
                    assumeTrue(!(text.startsWith("enabled") && text.contains("0200b700")), "NOT RUN: binfmt_misc runs aarch64 here (" + p + ")");
                }
            }
        }
        Path bin = Bundles.unpack("aarch64", dir).resolve("bin/procsnap");
        Bundles.Run r = Bundles.run(List.of(bin.toString(), "--version"), dir, Map.of(), 60);
        assertEquals(5, r.exit(), r.err());
        assertEquals("procsnap: this bundle is for aarch64 and this machine is x86_64: use procsnap-bundle-linux-x86_64.tar.gz\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void noexecMountSaysWhereToUnpack() throws Exception {
        assumeTrue(Bundles.isRoot(), "NOT RUN: needs root (a tmpfs mount in a private mount namespace)");
        Path tarball = Bundles.tarball("x86_64");
        Path mnt = Files.createDirectories(dir.resolve("noexec"));
        // the launcher itself cannot be exec'd there either: a technician runs it with sh
        Bundles.Run r = Bundles.run(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o noexec,size=100m tmpfs \"$1\" && tar -xzf \"$2\" -C \"$1\" && sh \"$1/procsnap/bin/procsnap\" --version;"
                        + " rc=$?; umount \"$1\"; exit $rc", "noexec", mnt.toString(), tarball.toString()), dir, Map.of(), 120);
        assertEquals(5, r.exit(), r.err());
        assertTrue(r.err().startsWith("procsnap: cannot execute programs under " + mnt + "/procsnap (a noexec mount")
                && r.err().contains("mount -t tmpfs -o exec") && r.err().lines().count() == 1, r.err());
    }

    @Test
    void noGlibcLoaderSaysToRunThePlainJar() throws Exception {
        Path busybox = Bundles.busyboxAsRoot();
        Path bundle = Bundles.unpack("x86_64", Files.createDirectories(dir.resolve("b")));
        Bundles.Run r = Bundles.run(List.of("bash", Path.of("src/test/emulation/busybox-chroot.sh").toAbsolutePath().toString(),
                dir.resolve("root").toString(), bundle.toString(), busybox.toString(), "none", "--", "--version"), dir, Map.of(), 120);
        assertEquals(5, r.exit(), r.err());
        assertEquals("procsnap: no glibc loader /lib64/ld-linux-x86-64.so.2 on this machine (musl or another C library?):"
                + " the bundle needs Linux on x86_64 (x86-64), glibc >= 2.34, kernel >= 3.2.0; run the plain jar on the machine's"
                + " own Java 17+ (see README: devices without glibc)\n", r.err());
    }
}
