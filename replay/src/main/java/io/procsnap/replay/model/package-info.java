/**
 * The snapshot model: one capture (or the live machine) as records that keep their evidence.
 *
 * <p>Start at {@link io.procsnap.replay.model.SnapshotLoader} ({@code load(Path)}, {@code live()},
 * {@code fromTree(Path)}) and {@link io.procsnap.replay.model.Snapshot}. Every file-backed value is a
 * {@link io.procsnap.replay.model.Sourced}: the parsed value (or null) plus the
 * {@link io.procsnap.replay.model.EntryRef} it came from, so a rule can cite {@code proc/306/task/311/wchan}
 * as evidence or say "not evaluated: proc/26936/stat timed out after 2.0 s".
 *
 * <p>Data flows one way: entries (archive scan, live reads under timeouts, fixture tree) go through
 * {@code SnapshotAssembler}, which parses what the model needs as they pass and keeps raw bytes only up
 * to a cap; {@code SnapshotBuilder} assembles processes, threads, IPC, mounts, commands, ZFS and
 * machine-wide files. {@link io.procsnap.replay.model.TreeArchiver} packs fixture trees (format in
 * {@code fixtures/README.md}) into real archives.
 */
package io.procsnap.replay.model;
