/**
 * The archive's vocabulary, owned by the format and read by the capture and by replay: what an archive
 * path names ({@link io.procsnap.format.layout.ArchivePath}, its one parser and printer), which kernel
 * files and links a capture reads ({@link io.procsnap.format.layout.KernelFile}), the commands it runs
 * ({@link io.procsnap.format.layout.BuiltinCommand}), the records it writes besides raw kernel text
 * ({@link io.procsnap.format.layout.StatfsRecord}, {@link io.procsnap.format.layout.CommandStatus}) and
 * the errno names an entry carries ({@link io.procsnap.format.layout.Errno}).
 */
package io.procsnap.format.layout;
