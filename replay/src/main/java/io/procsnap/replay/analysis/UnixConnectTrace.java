package io.procsnap.replay.analysis;

import io.procsnap.replay.model.FdLink;
import io.procsnap.replay.model.ProcessInfo;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.parse.UnixSocket;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Follows a thread blocked in {@code connect()} on a unix socket ({@code unix_wait_for_peer}) to the
 * listener it waits for.
 *
 * <p>The connecting socket has no path in {@code proc/net/unix} (it is not bound), so the target is found
 * from the other side: a listener whose backlog is full has connections queued that nobody accepted.
 * Those queued ("embryo") sockets appear in {@code proc/net/unix} with state 02 (connecting), inode 0
 * and the listener's path:
 * <pre>
 * 00000000115be6ac: 00000003 00000000 00010000 0001 01 15613 /var/agentx/master   (listener, flag __SO_ACCEPTCON)
 * 00000000700fc617: 00000003 00000000 00000000 0001 02     0 /var/agentx/master   (queued, never accepted)
 * 00000000f969dc17: 00000002 00000000 00000000 0001 01 15615                      (the blocked connector)
 * </pre>
 * The connecting fd is the first argument of {@code connect} in {@code syscall}; its {@code fd/N} link
 * names the socket inode. Listeners with queued connections are the candidates, most queued first; the
 * process holding a listener is the one whose {@code fd/N} links to its inode.
 *
 * @param fd          the connecting descriptor, -1 when unknown (syscall not captured)
 * @param fdPath      archive path of its {@code fd/N} link, or null
 * @param inode       the connecting socket's inode, -1 when unknown
 * @param own         the connecting socket's line in {@code proc/net/unix}, null when not found
 * @param candidates  listeners with queued connections, most queued first
 */
public record UnixConnectTrace(ThreadView thread, int fd, String fdPath, long inode, UnixSocket own,
                               List<Listener> candidates) {
    public UnixConnectTrace {
        candidates = List.copyOf(candidates);
    }

    /** A listening socket, how many connections wait in its backlog, and who holds it. */
    public record Listener(UnixSocket socket, int queued, List<Holder> holders) {
        public Listener {
            holders = List.copyOf(holders);
        }
    }

    /** A process with an fd linked to a socket inode. */
    public record Holder(int pid, String comm, String cmdline, int fd, String fdPath) {
    }

    /** The one listener, when exactly one has queued connections. */
    public Optional<Listener> listener() {
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    public static UnixConnectTrace of(Snapshot snapshot, ThreadView thread) {
        List<UnixSocket> sockets = snapshot.unixSockets().orElse(List.of());
        int fd = thread.syscall().equals("connect") ? (int) thread.arg(0) : -1;
        String fdPath = null;
        long inode = -1;
        Optional<ProcessInfo> process = snapshot.process(thread.pid());
        if (fd >= 0 && process.isPresent()) {
            for (FdLink link : process.get().fds()) {
                if (link.fd() == fd) {
                    fdPath = link.source().path();
                    inode = link.socketInode();
                }
            }
        }
        long ownInode = inode;
        UnixSocket own = ownInode < 0 ? null
                : sockets.stream().filter(s -> s.inode() == ownInode).findFirst().orElse(null);
        List<Listener> candidates = new ArrayList<>();
        for (UnixSocket s : sockets) {
            if (!s.listening() || s.path() == null || s.path().isEmpty()) {
                continue;
            }
            if (own != null && own.type() != s.type()) {
                continue;
            }
            int queued = (int) sockets.stream()
                    .filter(o -> o.state() == 2 && s.path().equals(o.path()) && o.type() == s.type()).count();
            if (queued > 0) {
                candidates.add(new Listener(s, queued, holders(snapshot, s.inode())));
            }
        }
        candidates.sort(Comparator.comparingInt(Listener::queued).reversed()
                .thenComparing(l -> l.socket().path()));
        return new UnixConnectTrace(thread, fd, fdPath, inode, own, candidates);
    }

    /** Processes with an fd linked to {@code socket:[inode]}. */
    public static List<Holder> holders(Snapshot snapshot, long inode) {
        List<Holder> out = new ArrayList<>();
        for (ProcessInfo p : snapshot.processes()) {
            p.fdForSocket(inode).ifPresent(f -> out.add(
                    new Holder(p.pid(), p.comm(), p.commandLine(), f.fd(), f.source().path())));
        }
        return out;
    }
}
