package io.procsnap.replay.model;

/**
 * What loading cost.
 *
 * @param entries         entries seen
 * @param contentBytes    content bytes seen
 * @param retainedBytes   content bytes kept in memory after parsing (bounded by the loader's cap)
 * @param droppedContents entries whose content was not kept (fetched again on demand)
 * @param elapsedNanos    load time
 * @param heapUsedBytes   JVM heap in use right after loading (no GC forced, so an upper bound of what the
 *                        snapshot holds)
 */
record LoadStats(long entries, long contentBytes, long retainedBytes, long droppedContents,
                        long elapsedNanos, long heapUsedBytes) {
}
