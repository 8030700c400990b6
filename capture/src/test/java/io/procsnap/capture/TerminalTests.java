package io.procsnap.capture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Terminal device names as /proc/self/fd/N links show them; real terminals in {@code TerminalProgressIT}. */
class TerminalTests {

    @Test
    void pseudoTerminalsConsolesAndSerialLinesAreTerminals() {
        assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
        assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
        assertTrue(Terminal.isTerminalDevice("/dev/ttyS0"));
        assertTrue(Terminal.isTerminalDevice("/dev/console"));
    }

    @Test
    void pipesFilesAndOtherDevicesAreNot() {
        assertFalse(Terminal.isTerminalDevice("pipe:[123456]"));
        assertFalse(Terminal.isTerminalDevice("/home/user/x.tar.zst"));
        assertFalse(Terminal.isTerminalDevice("/dev/null"));
        assertFalse(Terminal.isTerminal(1 << 20), "a descriptor this process does not have");
    }
}
