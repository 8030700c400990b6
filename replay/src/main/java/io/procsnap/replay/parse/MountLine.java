package io.procsnap.replay.parse;

/**
 * One line of {@code /proc/mounts} (fstab format, octal escapes decoded):
 * {@code proc /proc proc rw,relatime 0 0}.
 */
record MountLine(String source, String mountPoint, String fstype, String options) {
}
