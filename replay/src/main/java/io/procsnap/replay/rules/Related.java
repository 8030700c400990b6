package io.procsnap.replay.rules;

import io.procsnap.replay.analysis.ThreadView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An object a finding names besides its subject, and its part in the finding.
 *
 * @param role   what it does in the finding
 * @param object which object
 */
public record Related(Role role, Subject object) {
    /** The part an object plays in a finding. */
    public enum Role {
        /** A thread blocked sending to the subject queue. */
        SENDER,
        /** A thread waiting to receive from the subject queue. */
        RECEIVER,
        /** The thread that should drain the subject queue. */
        CONSUMER,
        /** A socket the consumer waits on (a listener with queued, unaccepted connections). */
        SOCKET,
        /** A process that holds that socket and does not accept. */
        LISTENER,
        /**
         * A thread blocked on or behind the subject (a pool, a mount, a futex, a hung statfs) or, in a
         * finding without a subject, one of the threads it is about.
         */
        BLOCKED,
        /** A thread that may hold what the blocked ones wait for. */
        HOLDER,
        /** A read of the capture that hung ({@link Subject.Read}). */
        HUNG_READ,
        /**
         * A link of a hung read's chain ({@code capture-hung-reads}): a thread holding the lock the read
         * of the subject process waits for, or waiting holding it, in chain order (nearest the read first).
         */
        LOCK_HOLDER,
        /** A mount whose I/O the last holder waits for (a FUSE or NFS mount that does not answer). */
        MOUNT,
        /** A process that serves that mount (a FUSE daemon) and does not answer. */
        DAEMON;

        /** Lower case, as {@code --json} prints it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The thread a view shows. */
    public static Subject.Thread thread(ThreadView t) {
        return new Subject.Thread(t.pid(), t.tid());
    }

    /** The objects by role, roles in their declared order and only those present, objects in order. */
    public static Map<Role, List<Subject>> byRole(List<Related> related) {
        Map<Role, List<Subject>> m = new EnumMap<>(Role.class);
        related.forEach(r -> m.computeIfAbsent(r.role(), k -> new ArrayList<>()).add(r.object()));
        return m;
    }

    /** Each thread in this role, in order. */
    public static List<Related> threads(Role role, Collection<ThreadView> threads) {
        return threads.stream().map(t -> new Related(role, thread(t))).toList();
    }
}
