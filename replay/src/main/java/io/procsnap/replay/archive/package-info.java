/**
 * What replay reads from an archive file, as one small interface ({@link
 * io.procsnap.replay.archive.ArchiveSource}) that the virtual procfs and {@code extract} share, and tests
 * implement in memory.
 */
package io.procsnap.replay.archive;
