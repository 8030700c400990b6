/**
 * Many archives at once ({@code procsnap-replay fleet}): {@link io.procsnap.replay.fleet.FleetScan} loads
 * each archive on a bounded pool of workers, runs the same rules as {@code diagnose}, and keeps only one
 * {@link io.procsnap.replay.fleet.ArchiveRow} per archive; {@link io.procsnap.replay.fleet.FleetSummary}
 * counts findings per host and names the hosts that differ from the majority;
 * {@link io.procsnap.replay.fleet.FleetRenderer} prints the table, the JSON Lines and the progress.
 */
package io.procsnap.replay.fleet;
