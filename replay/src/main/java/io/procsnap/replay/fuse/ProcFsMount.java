package io.procsnap.replay.fuse;

import io.procsnap.replay.parse.MountParser;
import io.procsnap.replay.parse.ParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cryptomator.jfuse.api.Fuse;
import org.cryptomator.jfuse.api.FuseBuilder;
import org.cryptomator.jfuse.api.FuseMountFailedException;

/**
 * One live FUSE mount of a {@link ProcFileSystem}. Mounted read-only with {@code auto_unmount}
 * (fusermount3 removes the mount even if this process is killed with SIGKILL), served by one libfuse
 * worker thread. How long the kernel keeps names, attributes and misses is decided per reply
 * ({@link CacheTimeouts}): what the capture holds for a day, a non-leader thread's {@code /<tid>} for
 * 60 s, the caller's own live process, {@code self} and misses at the root never (a new caller's own
 * pid is always looked up afresh); the mount options' 60 s apply only where those cannot be set. The
 * kernel keeps the listings of captured directories ({@link CachedListings}).
 * {@link #close()} unmounts with a bound: jfuse's own unmount first, then {@code fusermount3 -u -z},
 * then {@code umount -l}; it never leaves the mount behind. The JVM's shutdown (SIGTERM, SIGINT,
 * {@code System.exit}) closes it too, through a hook installed before mounting ({@link #mount}).
 */
public final class ProcFsMount implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProcFsMount.class.getName());

    private final Fuse fuse;
    private final Path mountPoint;
    private final Thread unmountOnExit;
    private final ProcFileSystem fs;
    private KernelCachePrimer primer;
    private volatile boolean closed;

    private ProcFsMount(Fuse fuse, Path mountPoint, Thread unmountOnExit, ProcFileSystem fs) {
        this.fuse = fuse;
        this.mountPoint = mountPoint;
        this.unmountOnExit = unmountOnExit;
        this.fs = fs;
    }

    /** Mount options. */
    public record Options(boolean allowOther, boolean autoUnmount) {
        public static Options defaults() {
            return new Options(false, true);
        }
    }

    /**
     * Mounts {@code fs} at {@code mountPoint} (an existing directory) and returns once the kernel serves it.
     *
     * @throws IOException when FUSE is not usable here or the mount fails; the message says why
     */
    public static ProcFsMount mount(FuseEnvironment env, java.util.function.Function<CallerContext, ProcFileSystem> fs,
                                    Path mountPoint, Options options) throws IOException {
        if (!env.usable()) {
            throw new FuseUnavailableException(env.explain());
        }
        if (!Files.isDirectory(mountPoint)) {
            throw new IOException("mount point " + mountPoint + " is not a directory");
        }
        Path dir = mountPoint.toAbsolutePath().normalize();
        if (isMountPoint(dir)) {
            throw new IOException(dir + " is already a mount point");
        }
        FuseBuilder builder = Fuse.builder();
        builder.setLibraryPath(env.libfuse().toString());
        CallerContext callers;
        Fuse fuse;
        ProcFileSystem served;
        try {
            callers = new FuseCallerContext(env.libfuse());
            served = fs.apply(callers);
            fuse = builder.build(served);
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new FuseUnavailableException("cannot load libfuse3 from " + env.libfuse() + ": " + e.getMessage()
                    + ". Without FUSE, use: procsnap-replay extract ARCHIVE DIR");
        }
        // one worker thread (-s): replies take their cache timeouts from one struct (CacheTimeouts)
        List<String> flags = new ArrayList<>(List.of("-s", "-oro", "-ofsname=procsnap", "-osubtype=procsnap",
                "-oattr_timeout=60", "-oentry_timeout=60", "-onegative_timeout=0"));
        if (options.autoUnmount()) {
            flags.add("-oauto_unmount");
        }
        if (options.allowOther()) {
            flags.add("-oallow_other");
        }
        // The shutdown hook goes in before mounting. jfuse's mount() returns after a probe of the new mount
        // from this thread, answered by the FUSE loop; a SIGTERM in between with no hook of ours let the
        // JVM stop that loop with the probe unanswered, and the process stayed a zombie waiting on its own
        // mount, the mount with it (3 of ~35 kills as the mount appeared). The hook waits until mount()
        // has returned, the loop still serving, then unmounts.
        java.util.concurrent.CompletableFuture<ProcFsMount> mounted = new java.util.concurrent.CompletableFuture<>();
        Thread hook = new Thread(() -> {
            try {
                mounted.get(MOUNT_WAIT_SECONDS, TimeUnit.SECONDS).close();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notMounted) {
                // mount() failed, or is still waiting for its probe: nothing of ours to close
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "procsnap-unmount-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            fuse.mount("procsnap-replay", dir, flags.toArray(String[]::new));
        } catch (FuseMountFailedException | IllegalArgumentException e) {
            mounted.completeExceptionally(e);
            removeHook(hook);
            closeQuietly(fuse);
            throw new FuseUnavailableException("mounting at " + dir + " failed (" + e.getMessage()
                    + "): not permitted here? Without FUSE, use: procsnap-replay extract ARCHIVE DIR");
        } catch (RuntimeException | Error e) {
            // anything else jfuse or the native side throws: the hook must not wait out its 15 s at exit
            mounted.completeExceptionally(e);
            removeHook(hook);
            closeQuietly(fuse);
            throw e;
        }
        ProcFsMount mount = new ProcFsMount(fuse, dir, hook, served);
        mounted.complete(mount);
        return mount;
    }

    /** How long the shutdown hook waits for a mount() under way (its probe answered) before it gives up. */
    private static final long MOUNT_WAIT_SECONDS = 15;

    private static void removeHook(Thread hook) {
        if (Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or is about to
        }
    }

    /**
     * Builds what {@link #mount} builds before mounting (the caller context and jfuse's upcalls for
     * {@code fs}), then closes it unmounted: the AOT cache's training run ({@code AotTraining}) so holds
     * the classes and method handles a mount links before it serves. Needs libfuse3, not /dev/fuse.
     */
    public static void buildUnmounted(FuseEnvironment env, java.util.function.Function<CallerContext, ProcFileSystem> fs)
            throws Exception {
        FuseBuilder builder = Fuse.builder();
        builder.setLibraryPath(env.libfuse().toString());
        builder.build(fs.apply(new FuseCallerContext(env.libfuse()))).close();
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /**
     * Starts filling the kernel's caches of this mount in the background, as a first {@code ps -eLf} would
     * ({@link KernelCachePrimer}); {@link #close} stops it before unmounting. Idempotent.
     */
    public synchronized void prime() {
        if (primer == null && !closed) {
            primer = KernelCachePrimer.start(fs, mountPoint);
        }
    }

    /** The priming walk started by {@link #prime}, or null. */
    synchronized KernelCachePrimer primer() {
        return primer;
    }

    /** True while the kernel still lists the mount point in this process's mount table. */
    public boolean isMounted() {
        return isMountPoint(mountPoint);
    }

    /** Whether {@code dir} is a mount point in {@code /proc/self/mountinfo} (read with the replay's own parser). */
    public static boolean isMountPoint(Path dir) {
        String want = dir.toAbsolutePath().normalize().toString();
        try {
            return MountParser.mountinfo(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8))
                    .stream().anyMatch(m -> m.mountPoint().equals(want));
        } catch (IOException | ParseException e) {
            return false;
        }
    }

    /** Unmounts; idempotent; bounded in time. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (primer != null) {
            primer.close(); // before the unmount: its copy of the mount would keep the FUSE connection alive
        }
        Thread closer = Thread.ofPlatform().daemon().name("procsnap-unmount").start(() -> closeQuietly(fuse));
        try {
            closer.join(TimeUnit.SECONDS.toMillis(12));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (isMounted()) {
            run("fusermount3", "-u", "-z", mountPoint.toString());
        }
        if (isMounted()) {
            run("umount", "-l", mountPoint.toString());
        }
        if (isMounted()) {
            LOG.log(System.Logger.Level.ERROR, "could not unmount " + mountPoint);
        }
        removeHook(unmountOnExit);
    }

    private static void closeQuietly(Fuse fuse) {
        try {
            fuse.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "jfuse close: " + e);
        }
    }

    /** Runs a helper program with a 10 s bound; returns its exit code or -1. */
    static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** FUSE cannot be used on this host; the message names what is missing and the fallback. */
    public static final class FuseUnavailableException extends IOException {
        private static final long serialVersionUID = 1L;

        public FuseUnavailableException(String message) {
            super(message);
        }
    }
}
