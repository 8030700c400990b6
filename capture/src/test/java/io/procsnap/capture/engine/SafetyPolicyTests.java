package io.procsnap.capture.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
}
