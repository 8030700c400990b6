package io.procsnap.replay.parse.sunos;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fake zone's checked-in /proc tree is what {@link SunosZoneTree} writes, and the parsers read its ps back. */
class SunosZoneTreeTests {
    private static final Path PROC = Path.of("../fixtures/sunos-zone/proc");

    @Test
    void checkedInTreeIsWhatTheGeneratorWrites() throws Exception {
        for (Map.Entry<String, byte[]> f : SunosZoneTree.files().entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(PROC.resolve(f.getKey())), f.getKey());
        }
        for (Map.Entry<String, String> l : SunosZoneTree.links().entrySet()) {
            assertEquals(Path.of(l.getValue()), Files.readSymbolicLink(PROC.resolve(l.getKey())), l.getKey());
        }
    }

    @Test
    void thePsThatHungReadsBack() {
        SunosFixtures.Machine m = SunosZoneTree.MACHINE;
        byte[] psinfo = SunosZoneTree.files().get(SunosZoneTree.PS_PID + "/psinfo");
        Psinfo p = SunosProcParser.psinfo(psinfo, m.hints());
        assertEquals(SunosZoneTree.PS_PID, p.pid());
        assertEquals("ps", p.fname());
        assertEquals("ps -ef", p.psargs());
        assertEquals(1, p.nlwp());
        assertEquals(SunosZoneTree.PR_P_LOCK_CV, p.lwp().wchan());
        assertEquals(0, p.uid());
    }
}
