package io.procsnap.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Whether this process's file descriptors are terminals, told by the readlink of /proc/self/fd/N (never
 * opened). Progress goes to stderr only when fd 2 itself is one, also when stdout is a pipe
 * ({@code procsnap -o - | ssh ...}; System.console() looks at stdin and stdout instead); {@code -o -} is
 * refused when fd 1 is one. No /proc: no progress, no refusal.
 */
final class Terminal {
    private Terminal() {
    }

    /** Whether this process's file descriptor {@code fd} is a terminal. */
    static boolean isTerminal(int fd) {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Paths.get("/proc/self/fd/" + fd)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** A terminal device node: a pseudo-terminal, a virtual console or serial line, the console. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
