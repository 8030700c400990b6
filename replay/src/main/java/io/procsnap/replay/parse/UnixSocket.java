package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/net/unix}:
 * <pre>
 * Num       RefCount Protocol Flags    Type St Inode Path
 * 0000000064d8f1a2: 00000002 00000000 00010000 0001 01 23817 /run/app/dispatch.sock
 * </pre>
 *
 * @param flags  hex flags; {@link #FLAG_ACCEPTCON} (__SO_ACCEPTCON) marks a listening socket
 * @param type   1 stream, 2 dgram, 5 seqpacket
 * @param state  1 unconnected (also listening), 2 connecting, 3 connected, 4 disconnecting
 * @param path   bound path, {@code @name} for abstract sockets, empty when unbound
 */
public record UnixSocket(String num, long refCount, long flags, int type, int state, long inode, String path) {
    public static final long FLAG_ACCEPTCON = 0x00010000L;

    /** Listening: state 01 (SS_UNCONNECTED) with __SO_ACCEPTCON set. */
    public boolean listening() {
        return state == 1 && (flags & FLAG_ACCEPTCON) != 0;
    }
}
