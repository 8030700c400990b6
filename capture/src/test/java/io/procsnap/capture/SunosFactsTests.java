package io.procsnap.capture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mdb gate's privilege test, and --platform's values. */
class SunosFactsTests {

    /** ppriv(1) of a root shell in the global zone, and of a zone's root (illumos, ppriv $$). */
    @Test
    void allPrivilegesOnlyWhenTheEffectiveSetIsAll() {
        assertTrue(SunosFacts.allPrivileges("1234:\t-bash\nflags = <none>\n\tE: all\n\tI: basic\n\tP: all\n\tL: all\n"));
        String zoneRoot = "5120:\t-bash\nflags = <none>\n\tE: zone\n\tI: basic\n\tP: zone\n\tL: zone\n";
        assertFalse(SunosFacts.allPrivileges(zoneRoot));
        assertEquals("zone", SunosFacts.effective(zoneRoot));
        assertFalse(SunosFacts.allPrivileges(null));
        assertNull(SunosFacts.effective("garbage"));
    }

    @Test
    void platformNames() {
        assertEquals(io.procsnap.format.layout.KernelFile.Kernel.SUNOS, CaptureCommand.kernel("sunos"));
        assertEquals(io.procsnap.format.layout.KernelFile.Kernel.LINUX, CaptureCommand.kernel("LINUX"));
        assertEquals(io.procsnap.format.layout.KernelFile.Kernel.LINUX, CaptureCommand.kernel("auto"), "this is Linux");
        assertThrows(IllegalArgumentException.class, () -> CaptureCommand.kernel("solaris"));
    }
}
