package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code /proc/net/unix} and {@code /proc/net/tcp}/{@code tcp6}. */
public final class NetParser {
    private NetParser() {
    }

    /**
     * {@code /proc/net/unix}; the path column is absent for unbound sockets and starts with {@code @} for
     * abstract ones:
     * <pre>
     * Num       RefCount Protocol Flags    Type St Inode Path
     * 000000004c31c028: 00000003 00000000 00000000 0001 03  1057
     * 0000000064d8f1a2: 00000002 00000000 00010000 0001 01 23817 /run/app/dispatch.sock
     * </pre>
     */
    public static List<UnixSocket> unix(String text) {
        List<UnixSocket> out = new ArrayList<>();
        List<String> lines = Text.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("Num")) {
                continue;
            }
            String[] f = line.strip().split("[ \\t]+", 8);
            if (f.length < 7 || !f[0].endsWith(":")) {
                throw ParseException.at("net/unix", i + 1, line, "expected 'Num: RefCount Protocol Flags Type St Inode'");
            }
            String kind = "net/unix";
            out.add(new UnixSocket(f[0].substring(0, f[0].length() - 1), Text.hex(kind, i + 1, line, f[1]),
                    Text.hex(kind, i + 1, line, f[3]), (int) Text.hex(kind, i + 1, line, f[4]),
                    (int) Text.hex(kind, i + 1, line, f[5]), Text.number(kind, i + 1, line, f[6]),
                    f.length > 7 ? f[7] : ""));
        }
        return out;
    }

    /**
     * {@code /proc/net/tcp} or {@code tcp6}:
     * <pre>
     *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
     *    0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1060 1 00000000a1c111eb 100 0 0 10 0
     * </pre>
     */
    public static List<TcpSocket> tcp(String text) {
        List<TcpSocket> out = new ArrayList<>();
        List<String> lines = Text.lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("sl")) {
                continue;
            }
            String[] f = Text.fields(line);
            if (f.length < 10) {
                throw ParseException.at("net/tcp", i + 1, line, "expected at least 10 columns");
            }
            String kind = "net/tcp";
            String[] local = split(kind, i + 1, line, f[1]);
            String[] remote = split(kind, i + 1, line, f[2]);
            String[] queues = split(kind, i + 1, line, f[4]);
            out.add(new TcpSocket(local[0], (int) Text.hex(kind, i + 1, line, local[1]), remote[0],
                    (int) Text.hex(kind, i + 1, line, remote[1]), (int) Text.hex(kind, i + 1, line, f[3]),
                    Text.hex(kind, i + 1, line, queues[0]), Text.hex(kind, i + 1, line, queues[1]),
                    Text.number(kind, i + 1, line, f[7]), Text.number(kind, i + 1, line, f[9])));
        }
        return out;
    }

    private static String[] split(String kind, int n, String line, String pair) {
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw ParseException.at(kind, n, line, "expected 'a:b' in '" + pair + "'");
        }
        return new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    }
}
