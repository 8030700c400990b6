package io.procsnap.capture;

import io.procsnap.format.Manifest;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The few facts read before the capture starts (host identity for the manifest and the file name,
 * who runs the capture, boot time). Only procfs files and /etc/machine-id: never NSS, DNS or uname
 * through libraries that could block. Each read has its own timeout on a throw-away daemon thread.
 */
final class HostFacts {
    private static final long TIMEOUT_MS = 1000;

    private HostFacts() {
    }

    /** First line of a small file, or null when it cannot be read in time. */
    static String firstLine(String path) {
        String text = read(path);
        if (text == null) {
            return null;
        }
        int nl = text.indexOf('\n');
        String line = (nl >= 0 ? text.substring(0, nl) : text).trim();
        return line.isEmpty() ? null : line;
    }

    /** A small file's text (at most 64 KiB), or null when missing, unreadable or hung. */
    static String read(String path) {
        byte[] b = readBytes(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A small file's bytes (at most 64 KiB), or null when missing, unreadable or hung. */
    static byte[] readBytes(String path) {
        BlockingQueue<byte[]> result = new ArrayBlockingQueue<>(1);
        byte[] failed = new byte[0];
        Thread t = new Thread(() -> {
            try (InputStream in = new FileInputStream(path)) {
                result.offer(in.readNBytes(64 << 10));
            } catch (IOException | RuntimeException e) {
                result.offer(failed);
            }
        }, "procsnap-hostfacts");
        t.setDaemon(true);
        t.start();
        try {
            byte[] b = result.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return b == null || b == failed ? null : b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Manifest.Host host(String procRoot) {
        return new Manifest.Host(firstLine(procRoot + "/sys/kernel/hostname"), firstLine(procRoot + "/sys/kernel/osrelease"),
                firstLine(procRoot + "/sys/kernel/random/boot_id"), firstLine("/etc/machine-id"));
    }

    /** Real uid, real gid and effective uid of this process, from /proc/self/status (numeric only). */
    static Manifest.Captor captor() {
        String status = read("/proc/self/status");
        long[] uid = ids(status, "Uid:");
        long[] gid = ids(status, "Gid:");
        return new Manifest.Captor(uid[0], gid[0], uid[1]);
    }

    /** {@code Uid:\t0\t0\t0\t0} -> real, effective; -1 when unknown. */
    static long[] ids(String status, String key) {
        if (status != null) {
            for (String line : status.split("\n")) {
                if (line.startsWith(key)) {
                    String[] f = line.substring(key.length()).trim().split("\\s+");
                    try {
                        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
                    } catch (RuntimeException e) {
                        break;
                    }
                }
            }
        }
        return new long[] {-1, -1};
    }

    /** CLOCK_BOOTTIME now, from /proc/uptime's first field, or -1. */
    static long bootNanos() {
        String line = firstLine("/proc/uptime");
        if (line == null) {
            return -1;
        }
        try {
            String seconds = line.split(" ")[0];
            int dot = seconds.indexOf('.');
            long whole = Long.parseLong(dot < 0 ? seconds : seconds.substring(0, dot));
            String frac = dot < 0 ? "0" : (seconds.substring(dot + 1) + "000000000").substring(0, 9);
            return whole * 1_000_000_000L + Long.parseLong(frac);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
