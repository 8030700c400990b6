package io.procsnap.replay.parse;

/**
 * One row of {@code /proc/net/tcp} or {@code tcp6}:
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
 *    0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20012 1 ...
 * </pre>
 *
 * @param localAddress hex address as printed (network byte order per 32-bit word)
 * @param state        hex state: 0A listen, 01 established, ...
 */
public record TcpSocket(String localAddress, int localPort, String remoteAddress, int remotePort, int state,
                        long txQueue, long rxQueue, long uid, long inode) {
    public static final int LISTEN = 0x0A;
}
