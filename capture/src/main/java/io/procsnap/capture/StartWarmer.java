package io.procsnap.capture;

import io.procsnap.capture.collect.Inventory;
import io.procsnap.capture.collect.ProcessSource;
import io.procsnap.capture.engine.NativeIo;
import io.procsnap.capture.redact.RedactingSink;
import io.procsnap.capture.redact.Redactor;
import io.procsnap.format.ArchiveHash;

/**
 * Initialises, on a daemon thread beside the main thread's set-up (options checked, host facts read,
 * output opened, engine started), what every capture's start initialises whatever its options: the
 * output name's date format, the archive's SHA-256, the default redaction patterns, the format's file
 * table and the collectors' rows, the inventory's maps, the readers' JNI library. On the main thread
 * these were 40 to 70 ms of class initialisation between t0 and the fast pass (wall profile at 10,000
 * threads), and every ms before the threads' first samples is a ms of the default capture (its re-sample
 * comes one interval after them). Pure initialisation: nothing read, written or started; whichever the
 * main thread reaches first, the JVM runs once and the other waits for it.
 */
final class StartWarmer extends Thread {
    private StartWarmer() {
        super("procsnap-warm");
        setDaemon(true);
    }

    /**
     * Starts the warming thread; returns at once. A subclass of Thread, not a method reference: the
     * process's first lambda bootstraps the JVM's lambda machinery, which is this thread's to do (the
     * collectors' rows, the inventory use lambdas), not the main thread's.
     */
    static void begin() {
        new StartWarmer().start();
    }

    @Override
    public void run() {
        try {
            initialise(OutputTarget.class);
            ArchiveHash.newDigest();
            ProcessHandle.current();
            Redactor.defaults();
            initialise(RedactingSink.class);
            initialise(ProcessSource.class);
            new Inventory(true);
            new java.util.concurrent.CompletableFuture<Void>();
            NativeIo.available();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the main thread meets the failure where it uses the class (one that failed to initialise:
            // NoClassDefFoundError there) and reports it as an internal error
        }
    }

    private static void initialise(Class<?> c) throws ClassNotFoundException {
        Class.forName(c.getName(), true, c.getClassLoader());
    }
}
