package io.procsnap.format;

import java.nio.charset.StandardCharsets;

/**
 * The content of a {@code statfs/<k>} entry (SPEC.md, "Entry paths"): statfs(2) of the mount on line
 * {@code k} of the captured {@code proc/self/mountinfo}, as {@code key: value} text lines. The one
 * writer of that text, used by the capture and by replay's live loader. Counts are unsigned 64-bit.
 *
 * <pre>
 * mount_point: /
 * fstype: ext4
 * f_type: 0xef53
 * bsize: 4096
 * ...
 * flags: 4096
 * flags_source: statfs
 * </pre>
 *
 * @param flagsSource {@code statfs} when {@code flags} is the kernel's f_flags, {@code mountinfo} when
 *                    it was derived from the mount options
 */
public record StatfsRecord(String mountPoint, String fstype, long fType, long bsize, long frsize, long blocks,
                           long bfree, long bavail, long files, long ffree, long namemax, long flags,
                           String flagsSource) {

    /** The entry's bytes: one {@code key: value} line per field, in the order above. */
    public byte[] toBytes() {
        String text = "mount_point: " + mountPoint + "\n"
                + "fstype: " + fstype + "\n"
                + "f_type: 0x" + Long.toHexString(fType) + "\n"
                + "bsize: " + Long.toUnsignedString(bsize) + "\n"
                + "frsize: " + Long.toUnsignedString(frsize) + "\n"
                + "blocks: " + Long.toUnsignedString(blocks) + "\n"
                + "bfree: " + Long.toUnsignedString(bfree) + "\n"
                + "bavail: " + Long.toUnsignedString(bavail) + "\n"
                + "files: " + Long.toUnsignedString(files) + "\n"
                + "ffree: " + Long.toUnsignedString(ffree) + "\n"
                + "namemax: " + Long.toUnsignedString(namemax) + "\n"
                + "flags: " + flags + "\n"
                + "flags_source: " + flagsSource + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
