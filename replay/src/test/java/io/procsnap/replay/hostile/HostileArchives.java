package io.procsnap.replay.hostile;

import io.procsnap.format.ArchiveWriter;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.TestArchives;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Archives an attacker can make with the ordinary writer (every path passes the format's rules), yet
 * hostile to a careless extractor or mount: a symlink entry followed by files "through" it, links to
 * absolute and climbing targets, setuid/setgid/sticky modes, a mode-000 directory, a file and a
 * directory at one path, names longer than NAME_MAX, a 64 MiB run of zeros that compresses to a few
 * kilobytes (decompression bomb) and content over the entry limit.
 */
final class HostileArchives {
    /** Outside places the archive tries to reach; a test asserts they never appear. */
    final Path outsideAbsolute;
    final Path outsideClimb;
    final String nonce;

    HostileArchives(Path scratch) {
        this.nonce = Long.toHexString(System.nanoTime());
        this.outsideAbsolute = Path.of("/tmp", "procsnap-evil-" + nonce);
        this.outsideClimb = scratch.resolve("climbed-" + nonce);
    }

    Path write(Path file) throws IOException {
        return TestArchives.write(file, ArchiveWriter.Options.defaults(), this::body);
    }

    private void body(ArchiveWriter w) throws IOException {
        byte[] evil = "#!/bin/sh\necho owned\n".getBytes(StandardCharsets.UTF_8);
        w.add(EntryHeader.directory("proc/1").withOwner(040555, 0, 0), null);
        // 1. a symlink to /tmp, then a file "through" it
        w.add(EntryHeader.symlink("proc/1/cwd", "/tmp"), null);
        w.add(EntryHeader.file("proc/1/cwd/" + outsideAbsolute.getFileName()).withOwner(0100755, 0, 0), evil);
        // 2. a climbing symlink, then a directory and a file through it
        String climb = "../".repeat(12) + outsideClimb.toString().substring(1);
        w.add(EntryHeader.symlink("proc/1/root", climb), null);
        w.add(EntryHeader.directory("proc/1/root/sub").withOwner(040777, 0, 0), null);
        w.add(EntryHeader.file("proc/1/root/sub/x"), evil);
        // 3. a whole process directory that is a symlink to /etc, then its "stat"
        w.add(EntryHeader.symlink("proc/7", "/etc"), null);
        w.add(EntryHeader.file("proc/7/stat"), evil);
        // 4. setuid, setgid, sticky, world-writable
        w.add(EntryHeader.directory("proc/2").withOwner(043777, 0, 0), null);
        w.add(EntryHeader.file("proc/2/exe-copy").withOwner(0104755, 0, 0), evil);
        w.add(EntryHeader.file("proc/2/setgid").withOwner(0102755, 0, 0), evil);
        w.add(EntryHeader.file("proc/2/writable").withOwner(0100666, 0, 0), evil);
        // 5. a directory nobody may enter, with a file in it
        w.add(EntryHeader.directory("proc/3").withOwner(040000, 0, 0), null);
        w.add(EntryHeader.file("proc/3/stat").withOwner(0100000, 0, 0), "3 (x) S".getBytes(StandardCharsets.UTF_8));
        // 6. a file, then the same path used as a directory; a file, then the same path as a symlink
        w.add(EntryHeader.file("proc/4/fd"), evil);
        w.add(EntryHeader.symlink("proc/4/fd/1", "/dev/sda"), null);
        w.add(EntryHeader.file("proc/4/exe"), evil);
        w.add(EntryHeader.symlink("proc/4/exe", "/bin/sh"), null);
        // 7. names longer than NAME_MAX (255) in a path within the 4096-byte limit
        w.add(EntryHeader.file("proc/5/" + "n".repeat(300)), evil);
        w.add(EntryHeader.file("proc/5/" + ("d".repeat(250) + "/").repeat(15) + "leaf"), evil);
        // 8. the same tricks under the metadata paths a mount serves in .procsnap/
        w.add(EntryHeader.symlink("samples/1/proc/1/cwd", "/"), null);
        w.add(EntryHeader.file("samples/1/proc/1/cwd/etc/procsnap-evil-" + nonce), evil);
        w.add(EntryHeader.symlink("cmd/df", "/etc"), null);
        w.add(EntryHeader.file("cmd/df/stdout"), evil);
        // 9. a decompression bomb (64 MiB of zeros, a few kB compressed) and content over the entry limit
        w.add(EntryHeader.file("cmd/bomb/stdout"), new byte[ArchiveWriter.MAX_ENTRY_SIZE]);
        w.add(EntryHeader.file("cmd/bomb/stderr"), new byte[ArchiveWriter.MAX_ENTRY_SIZE + 4096]);
    }
}
