package io.procsnap.replay.parse.sunos;

import io.procsnap.replay.parse.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SunosProcParserTests {

    static List<SunosFixtures.Machine> machines() {
        return SunosFixtures.MACHINES;
    }

    static byte[] sample(SunosFixtures.Machine m, String file) {
        String name = "/parse/sunos/" + m.dir() + "/proc/" + SunosFixtures.PID + "/" + file;
        try (InputStream in = SunosProcParserTests.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Offsets and sizes as gcc lays out a transcription of the header (README: "Layouts"). */
    @Test
    void layoutsMatchTheCompiledHeader() {
        StructLayout lwp64 = ProcLayouts.lwpsinfo(SunosFlavor.ILLUMOS, DataModel.LP64);
        StructLayout lwp32 = ProcLayouts.lwpsinfo(SunosFlavor.ILLUMOS, DataModel.ILP32);
        StructLayout lwpOracle64 = ProcLayouts.lwpsinfo(SunosFlavor.ORACLE, DataModel.LP64);
        StructLayout lwpOracle32 = ProcLayouts.lwpsinfo(SunosFlavor.ORACLE, DataModel.ILP32);
        assertEquals(List.of(128, 16, 36, 40, 72, 80, 96), List.of(lwp64.size(), lwp64.offset("pr_wchan"),
                lwp64.offset("pr_pctcpu"), lwp64.offset("pr_start"), lwp64.offset("pr_clname"), lwp64.offset("pr_name"),
                lwp64.offset("pr_onpro")));
        assertEquals(List.of(104, 12, 28, 32, 48, 56, 72), List.of(lwp32.size(), lwp32.offset("pr_wchan"),
                lwp32.offset("pr_pctcpu"), lwp32.offset("pr_start"), lwp32.offset("pr_clname"), lwp32.offset("pr_name"),
                lwp32.offset("pr_onpro")));
        assertEquals(List.of(152, 112, 120), List.of(lwpOracle64.size(), lwpOracle64.offset("pr_last_onproc"),
                lwpOracle64.offset("pr_name")));
        assertEquals(List.of(128, 88, 96), List.of(lwpOracle32.size(), lwpOracle32.offset("pr_last_onproc"),
                lwpOracle32.offset("pr_name")));
        StructLayout ps64 = ProcLayouts.psinfo(SunosFlavor.ILLUMOS, DataModel.LP64);
        StructLayout ps32 = ProcLayouts.psinfo(SunosFlavor.ILLUMOS, DataModel.ILP32);
        assertEquals(List.of(416, 72, 88, 136, 152, 232, 240, 256, 260, 280, 288), List.of(ps64.size(),
                ps64.offset("pr_ttydev"), ps64.offset("pr_start"), ps64.offset("pr_fname"), ps64.offset("pr_psargs"),
                ps64.offset("pr_wstat"), ps64.offset("pr_argv"), ps64.offset("pr_dmodel"), ps64.offset("pr_taskid"),
                ps64.offset("pr_contract"), ps64.offset("pr_lwp")));
        assertEquals(List.of(336, 56, 64, 88, 104, 184, 192, 200, 204, 224, 232), List.of(ps32.size(),
                ps32.offset("pr_ttydev"), ps32.offset("pr_start"), ps32.offset("pr_fname"), ps32.offset("pr_psargs"),
                ps32.offset("pr_wstat"), ps32.offset("pr_argv"), ps32.offset("pr_dmodel"), ps32.offset("pr_taskid"),
                ps32.offset("pr_contract"), ps32.offset("pr_lwp")));
        assertEquals(440, ProcLayouts.psinfo(SunosFlavor.ORACLE, DataModel.LP64).size());
        assertEquals(360, ProcLayouts.psinfo(SunosFlavor.ORACLE, DataModel.ILP32).size());
        StructLayout st64 = ProcLayouts.lwpstatusHead(DataModel.LP64);
        StructLayout st32 = ProcLayouts.lwpstatusHead(DataModel.ILP32);
        assertEquals(List.of(16, 272, 304, 336, 360, 368, 372, 376, 440, 456, 464, 480, 496, 524, 528, 536),
                offsets(st64));
        assertEquals(List.of(16, 144, 176, 208, 220, 224, 228, 232, 264, 272, 280, 288, 296, 332, 336, 340),
                offsets(st32));
        assertEquals(384, ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_lwp"));
        assertEquals(336, ProcLayouts.pstatusHead(DataModel.ILP32).offset("pr_lwp"));
        assertEquals(List.of(48, 80, 144, 176, 304, 308, 320), List.of(
                ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_brkbase"),
                ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_utime"),
                ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_sigtrace"),
                ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_sysentry"),
                ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_dmodel"),
                ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_taskid"),
                ProcLayouts.pstatusHead(DataModel.LP64).offset("pr_zoneid")));
        assertEquals(144, LayoutChooser.lspan(128, DataModel.LP64));
        assertEquals(112, LayoutChooser.lspan(104, DataModel.ILP32));
    }

    private static List<Integer> offsets(StructLayout l) {
        return Arrays.stream(new String[] {"pr_info", "pr_lwppend", "pr_action", "pr_altstack", "pr_oldcontext",
            "pr_syscall", "pr_errno", "pr_sysarg", "pr_rval1", "pr_clname", "pr_tstamp", "pr_utime", "pr_stime",
            "pr_errpriv", "pr_ustack", "pr_instr"}).map(l::offset).toList();
    }

    @ParameterizedTest
    @MethodSource("machines")
    void checkedInSamplesAreWhatTheGeneratorWrites(SunosFixtures.Machine m) {
        for (Map.Entry<String, byte[]> f : SunosFixtures.files(m).entrySet()) {
            assertArrayEquals(f.getValue(), sample(m, f.getKey()), m.dir() + "/" + f.getKey());
        }
    }

    @ParameterizedTest
    @MethodSource("machines")
    void samplesReadBackTheValuesWritten(SunosFixtures.Machine m) {
        AbiHints h = m.hints();
        assertEquals(SunosFixtures.psinfo(m), SunosProcParser.psinfo(sample(m, "psinfo"), h));
        assertEquals(SunosFixtures.lwp(m, 1), SunosProcParser.lwpsinfo(sample(m, "lwp/1/lwpsinfo"), h));
        LwpArray<Lwpsinfo> lps = SunosProcParser.lpsinfo(sample(m, "lpsinfo"), h);
        assertEquals(SunosFixtures.lwps(m), lps.entries());
        assertEquals(m.abi(), lps.abi());
        assertEquals(SunosFixtures.lwpstatus(m, 1), SunosProcParser.lwpstatus(sample(m, "lwp/1/lwpstatus"), h));
        assertEquals(SunosFixtures.lwpstatuses(m), SunosProcParser.lstatus(sample(m, "lstatus"), h).entries());
        Pstatus st = SunosProcParser.pstatus(sample(m, "status"), h);
        assertEquals(SunosFixtures.pstatus(m).lwp(), st.lwp());
        assertEquals(SunosFixtures.pstatus(m).targetModel(), st.targetModel());
        assertEquals(SunosFixtures.PID, st.pid());
    }

    /** Sizes that name one layout need no hint; byte order is found from the pid. */
    @ParameterizedTest
    @MethodSource("machines")
    void uniqueSizesNeedNoHints(SunosFixtures.Machine m) {
        Psinfo p = SunosProcParser.psinfo(sample(m, "psinfo"), AbiHints.NONE);
        assertEquals(m.abi(), p.abi());
        assertEquals("dd", p.fname());
        assertEquals(m.target(), p.targetModel());
        assertEquals(SunosFixtures.lwps(m), SunosProcParser.lpsinfo(sample(m, "lpsinfo"), AbiHints.NONE).entries());
    }

    @Test
    void theIncidentThreadAsA64BitReaderSeesIt() {
        SunosFixtures.Machine illumos = SunosFixtures.MACHINES.get(0);
        Psinfo p = SunosProcParser.psinfo(sample(illumos, "psinfo"), illumos.hints());
        assertEquals(4211, p.pid());
        assertEquals("dd if=/dev/zero of=/tank/data/fill bs=1048576", p.psargs());
        assertEquals(DataModel.LP64, p.targetModel());
        assertEquals(-1, p.ttydev());
        assertEquals("fffffe0c1aa4d8c6", p.lwp().wchanHex());
        assertEquals("CV", p.lwp().syncObjectName());
        assertEquals('S', p.lwp().sname());
        assertEquals(4, p.lwp().syscall());
        assertEquals(1.0009765625, p.pctcpu(), 1e-9);
        assertEquals("", p.lwp().name());
        assertEquals(-1, p.lwp().lastOnprocNanos());
        Lwpstatus s = SunosProcParser.lwpstatus(sample(illumos, "lwp/1/lwpstatus"), illumos.hints());
        assertTrue(s.asleep());
        assertEquals(List.of(1L, 0x4100000L, 1048576L), s.sysargs());
    }

    @Test
    void a32BitProcessSeenByA64BitReader() {
        SunosFixtures.Machine m = SunosFixtures.MACHINES.get(1);
        Psinfo p = SunosProcParser.psinfo(sample(m, "psinfo"), AbiHints.NONE);
        assertEquals(416, sample(m, "psinfo").length);
        assertEquals(DataModel.ILP32, p.targetModel());
        assertEquals(0x8047e3cL, p.argv());
        assertEquals("fffffe0c1aa4d8c6", p.lwp().wchanHex());
    }

    @Test
    void a32BitReaderSeesNoAddressesAndNoSizesOfA64BitProcess() {
        SunosFixtures.Machine m = SunosFixtures.MACHINES.get(2);
        Psinfo p = SunosProcParser.psinfo(sample(m, "psinfo"), AbiHints.NONE);
        assertEquals(336, sample(m, "psinfo").length);
        assertEquals(-1, p.addr());
        assertEquals(-1, p.sizeKb());
        assertEquals(-1, p.argv());
        assertEquals(-1, p.lwp().wchan());
        assertEquals("", p.lwp().wchanHex());
        assertEquals(DataModel.LP64, p.targetModel());
    }

    @Test
    void oracleSolarisNamedThreadsAndBigEndianSparc() {
        SunosFixtures.Machine sparc = SunosFixtures.MACHINES.get(5);
        byte[] lwp = sample(sparc, "lwp/1/lwpsinfo");
        assertEquals(152, lwp.length);
        assertEquals(0, lwp[4]);
        assertEquals(1, lwp[7]);
        Lwpsinfo l = SunosProcParser.lwpsinfo(lwp, AbiHints.NONE);
        assertEquals("writer", l.name());
        assertEquals(48237611234568L, l.lastOnprocNanos());
        assertEquals(new ReaderAbi(SunosFlavor.ORACLE, DataModel.LP64, ByteOrder.BIG_ENDIAN),
                SunosProcParser.psinfo(sample(sparc, "psinfo"), AbiHints.NONE).abi());
        assertEquals(176, SunosProcParser.lpsinfo(sample(sparc, "lpsinfo"), AbiHints.NONE).entrySize());
    }

    @Test
    void a128ByteLwpsinfoNeedsTheReleaseOrTheReader() {
        SunosFixtures.Machine oracle32 = SunosFixtures.MACHINES.get(3);
        byte[] b = sample(oracle32, "lwp/1/lwpsinfo");
        assertEquals(128, b.length);
        ParseException e = assertThrows(ParseException.class, () -> SunosProcParser.lwpsinfo(b, AbiHints.NONE));
        assertTrue(e.getMessage().contains("illumos LP64 or Oracle Solaris ILP32"), e.getMessage());
        assertEquals("writer", SunosProcParser.lwpsinfo(b, AbiHints.of("Oracle Solaris 11.4 X86", null, "i386")).name());
        assertEquals("", SunosProcParser.lwpsinfo(sample(SunosFixtures.MACHINES.get(0), "lwp/1/lwpsinfo"),
                AbiHints.of("  OmniOS v11 r151046", "64", "amd64")).name());
    }

    @Test
    void truncatedPsinfoNamesTheFieldAndOffset() {
        byte[] b = Arrays.copyOf(sample(SunosFixtures.MACHINES.get(0), "psinfo"), 300);
        ParseException e = assertThrows(ParseException.class, () -> SunosProcParser.psinfo(b,
                new ReaderAbi(SunosFlavor.ILLUMOS, DataModel.LP64, ByteOrder.LITTLE_ENDIAN)));
        assertEquals("psinfo: 300 bytes, shorter than the 416-byte psinfo_t of illumos/LP64/little-endian", e.getMessage());
        byte[] status = Arrays.copyOf(sample(SunosFixtures.MACHINES.get(0), "lwp/1/lwpstatus"), 400);
        ParseException inner = assertThrows(ParseException.class, () -> SunosProcParser.lwpstatus(status,
                new ReaderAbi(SunosFlavor.ILLUMOS, DataModel.LP64, ByteOrder.LITTLE_ENDIAN)));
        assertEquals("lwpstatus: pr_rval1 at offset 440 needs 8 bytes, 0 available (lwpstatus_t)", inner.getMessage());
        ParseException unknown = assertThrows(ParseException.class, () -> SunosProcParser.psinfo(b, AbiHints.NONE));
        assertTrue(unknown.getMessage().contains("300 bytes is no size known here"), unknown.getMessage());
    }

    @Test
    void hostileArrayHeadersAreBounded() {
        byte[] b = sample(SunosFixtures.MACHINES.get(0), "lpsinfo");
        ReaderAbi abi = new ReaderAbi(SunosFlavor.ILLUMOS, DataModel.LP64, ByteOrder.LITTLE_ENDIAN);
        byte[] many = b.clone();
        many[3] = 0x7f;
        assertThrows(ParseException.class, () -> SunosProcParser.lpsinfo(many, AbiHints.NONE));
        ParseException e = assertThrows(ParseException.class, () -> SunosProcParser.lpsinfo(many, abi));
        assertTrue(e.getMessage().contains("pr_nent 2130706435 at offset 0"), e.getMessage());
        byte[] zeroSpan = b.clone();
        Arrays.fill(zeroSpan, 8, 16, (byte) 0);
        assertThrows(ParseException.class, () -> SunosProcParser.lpsinfo(zeroSpan, abi));
        byte[] hugeSpan = b.clone();
        hugeSpan[14] = 1;
        assertThrows(ParseException.class, () -> SunosProcParser.lpsinfo(hugeSpan, abi));
        assertThrows(ParseException.class, () -> SunosProcParser.lpsinfo(new byte[3], abi));
        assertEquals(List.of(), SunosProcParser.lpsinfo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 144, 0, 0, 0, 0, 0, 0, 0},
                abi).entries());
    }
}
