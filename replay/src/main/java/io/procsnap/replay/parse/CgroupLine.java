package io.procsnap.replay.parse;

/**
 * One line of {@code /proc/PID/cgroup}: {@code 0::/system.slice/ssh.service} (v2) or
 * {@code 4:memory:/user.slice} (v1).
 *
 * @param hierarchyId  0 for the unified hierarchy
 * @param controllers  comma-separated controller list, empty for v2
 * @param path         cgroup path
 */
public record CgroupLine(int hierarchyId, String controllers, String path) {
}
