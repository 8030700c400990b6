package io.procsnap.replay.fuse;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.cryptomator.jfuse.api.FuseConfig;

/**
 * How long the kernel may keep what one reply says: names, attributes and misses. libfuse's high-level
 * API (the one jfuse 0.7.1 binds) has one {@code entry_timeout}, {@code attr_timeout} and
 * {@code negative_timeout} per mount, in its {@code struct fuse_config}; it reads them from that struct
 * right after each {@code getattr} callback (for LOOKUP and GETATTR replies) and while a READDIRPLUS
 * listing is filled. This class writes them into that struct before each reply, so each reply carries
 * the timeouts of what it describes:
 * <ul>
 *   <li>{@link Scope#CAPTURED}: the archive, reached through a name the root holds (a captured process,
 *       {@code meminfo}, {@code .procsnap}): immutable, cached {@value #CAPTURED_SECONDS} s, misses below
 *       the root too (a file the capture never took, {@code task/TID/environ}).</li>
 *   <li>{@link Scope#THREAD}: below {@code /<tid>} of a captured thread that does not lead its group; the
 *       caller's own process of that number wins over it, so names, attributes and misses (procps opens
 *       {@code /proc/TID/ctty} for every thread) are kept 60 s, as that directory's name always was.</li>
 *   <li>{@link Scope#CALLER}: the caller's own live process, {@code self}, {@code thread-self}, misses at
 *       the root: never cached, so each request sees the caller that sends it.</li>
 * </ul>
 * The struct is shared by libfuse's worker threads, so the mount runs one worker ({@code -s}, see
 * {@link ProcFsMount}): a callback and the reply it leads to never interleave with another request.
 * The struct is reached as {@link DirectIo} reaches it: jfuse's {@link FuseConfig} is a record over the
 * native segment that libfuse passes to {@code init}, {@code &f->conf}, valid for the mount's life.
 */
final class CacheTimeouts {
    private static final System.Logger LOG = System.getLogger(CacheTimeouts.class.getName());
    static final double CAPTURED_SECONDS = 86_400;
    static final double THREAD_SECONDS = 60;

    /** What a reply describes, for how long the kernel may keep it. */
    enum Scope {
        CAPTURED(CAPTURED_SECONDS, CAPTURED_SECONDS),
        THREAD(THREAD_SECONDS, THREAD_SECONDS),
        CALLER(0, 0);

        final double seconds;
        final double negativeSeconds;

        Scope(double seconds, double negativeSeconds) {
            this.seconds = seconds;
            this.negativeSeconds = negativeSeconds;
        }
    }

    /** Does nothing: callbacks called without a mount (unit tests), or a libfuse whose struct is unknown. */
    static final CacheTimeouts NONE = new CacheTimeouts(null, -1, -1, -1);

    private final MemorySegment conf;
    private final long entryOffset;
    private final long negativeOffset;
    private final long attrOffset;
    private Scope current;

    private CacheTimeouts(MemorySegment conf, long entryOffset, long negativeOffset, long attrOffset) {
        this.conf = conf;
        this.entryOffset = entryOffset;
        this.negativeOffset = negativeOffset;
        this.attrOffset = attrOffset;
    }

    /** The timeouts of {@code config}'s struct, or {@link #NONE} when it cannot be written here. */
    static CacheTimeouts of(FuseConfig config) {
        if (config == null) {
            return NONE;
        }
        try {
            MemorySegment segment = DirectIo.segment(config);
            Class<?> accessor = DirectIo.accessor(config);
            long entry = (long) accessor.getMethod("entry_timeout$offset").invoke(null);
            long negative = (long) accessor.getMethod("negative_timeout$offset").invoke(null);
            long attr = (long) accessor.getMethod("attr_timeout$offset").invoke(null);
            long size = Math.max(entry, Math.max(negative, attr)) + Double.BYTES;
            CacheTimeouts t = new CacheTimeouts(segment.reinterpret(size), entry, negative, attr);
            t.set(Scope.CALLER);
            return t;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "per-reply cache timeouts unavailable (" + e
                    + "); the mount's own timeouts apply to every reply");
            return NONE;
        }
    }

    /** Whether replies get per-scope timeouts. */
    boolean active() {
        return conf != null;
    }

    /** The timeouts the next reply carries (called on the mount's one worker thread). */
    void set(Scope scope) {
        if (conf == null || scope == current) {
            return;
        }
        conf.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, entryOffset, scope.seconds);
        conf.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, attrOffset, scope.seconds);
        conf.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, negativeOffset, scope.negativeSeconds);
        current = scope;
    }
}
