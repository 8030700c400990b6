package io.procsnap.replay.fuse;

/**
 * The process behind one FUSE request, as the kernel reports it in the request header.
 *
 * @param tid thread id of the calling thread in the mounting process's pid namespace (the kernel
 *            sends the thread's id, not the thread group's); 0 when unknown (kernel-internal requests)
 * @param uid effective user id
 * @param gid effective group id
 */
record Caller(int tid, int uid, int gid) {
    /** Used when no request context exists (tests, kernel-initiated requests). */
    public static final Caller UNKNOWN = new Caller(0, 0, 0);
}
