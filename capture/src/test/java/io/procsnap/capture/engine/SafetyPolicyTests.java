package io.procsnap.capture.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SafetyPolicyTests {
    private static final long T = 1_000_000_000L;

    @Test
    void forbiddenFilesAreNeverOpened() {
        for (String path : List.of("/proc/kmsg", "/proc/kcore", "/proc/306/mem", "/proc/306/task/307/mem",
                "/proc/306/pagemap", "/proc/kpageflags", "/proc/sysrq-trigger", "/proc/306/clear_refs",
                "/proc/306/map_files/400000-401000", "/tmp/fixture/proc/306/mem")) {
            assertThrows(IllegalArgumentException.class, () -> WorkItem.of("x", path, Kind.READ_FILE, T), path);
        }
    }

    @Test
    void linkTargetsAreOnlyReadlinked() {
        for (String path : List.of("/proc/306/fd/3", "/proc/306/cwd", "/proc/306/exe", "/proc/306/root",
                "/proc/self/fd/0", "/proc/306/task/307/cwd", "/proc/306/ns/net", "/tmp/x/proc/1/fd/9")) {
            assertThrows(IllegalArgumentException.class, () -> WorkItem.of("x", path, Kind.READ_FILE, T), path);
            assertDoesNotThrow(() -> WorkItem.of("x", path, Kind.READLINK, T), path);
        }
        assertDoesNotThrow(() -> WorkItem.of("x", "/proc/306/fd", Kind.LIST_DIR, T));
        assertDoesNotThrow(() -> WorkItem.of("x", "/proc/306/fdinfo/3", Kind.READ_FILE, T));
        assertDoesNotThrow(() -> WorkItem.of("x", "/proc/306/stat", Kind.READ_FILE, T));
    }

    @Test
    void environOnlyWhenAsked() {
        assertThrows(IllegalArgumentException.class,
                () -> SafetyPolicy.checkEnviron(Kind.READ_FILE, "/proc/306/environ", false));
        assertDoesNotThrow(() -> SafetyPolicy.checkEnviron(Kind.READ_FILE, "/proc/306/environ", true));
    }

    /** The scan decides (and words its refusal) exactly as the former split-based check did. */
    @Test
    void scanDecidesAsTheSplitBasedCheck() {
        String[] vocabulary = {"", "proc", "306", "self", "thread-self", "task", "307", "stat", "fd", "cwd", "exe",
                "root", "ns", "map_files", "mem", "kmsg", "kcore", "pagemap", "kpagecount", "kpageflags", "kpagecgroup",
                "sysrq-trigger", "clear_refs", "fdinfo", "3", "net", "environ", "x1", "memx", "0", "sel", "rootx"};
        List<String> paths = new ArrayList<>(List.of("", "/", "//", "///proc//306//fd//", "proc", "kmsg", "/kmsg/",
                "/proc/306/fd/", "/proc/306/mem//", "fd", "306/fd", "/306", "/proc/306/task/307/cwd/"));
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextInt(4) > 0) {
                sb.append('/');
            }
            int n = 1 + random.nextInt(6);
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    sb.append('/');
                }
                sb.append(vocabulary[random.nextInt(vocabulary.length)]);
            }
            for (int k = random.nextInt(8) == 0 ? 1 + random.nextInt(2) : 0; k > 0; k--) {
                sb.append('/');
            }
            paths.add(sb.toString());
        }
        for (String path : paths) {
            assertEquals(splitCheck(path), message(path), path);
        }
    }

    private static String message(String source) {
        try {
            SafetyPolicy.check(Kind.READ_FILE, source);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The former implementation, kept as the reference. */
    private static String splitCheck(String source) {
        String[] segments = source.split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (SafetyPolicy.NEVER_OPENED.contains(segment) && (i == segments.length - 1 || segment.equals("map_files"))) {
                return "safety: never opened: " + source;
            }
            if (SafetyPolicy.LINK_ONLY.contains(segment) && i > 0 && isProcessSegment(segments[i - 1])) {
                return "safety: " + segment + " is only readlinked, never opened: " + source;
            }
        }
        return null;
    }

    private static boolean isProcessSegment(String segment) {
        if (segment.equals("self") || segment.equals("thread-self")) {
            return true;
        }
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
