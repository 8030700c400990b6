package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile headers built byte by byte; every message shows the offset and the bad bytes. */
class TarHeaderParserTests {

    private static byte[] header() {
        return TarHeaderWriter.ustar("proc/1/stat", 0444, 1000, 1000, 42, 0, (byte) '0', "");
    }

    private static void resum(byte[] h) {
        long sum = TarConstants.checksum(h);
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, h, TarConstants.CHKSUM_OFFSET, 8);
    }

    @Test
    void parsesWhatTheWriterWrites() throws FormatException {
        TarHeaderParser.UstarHeader u = TarHeaderParser.parseUstar(header(), 0);
        assertEquals("proc/1/stat", u.name());
        assertEquals(0444, u.mode());
        assertEquals(1000, u.uid());
        assertEquals(42, u.size());
        assertEquals('0', u.typeflag());
    }

    @Test
    void longNamesSplitIntoPrefixAndName() throws FormatException {
        String name = "proc/123456/task/123456/" + "d".repeat(90) + "/wchan";
        byte[] h = TarHeaderWriter.ustar(name, 0444, 0, 0, 0, 0, (byte) '0', "");
        assertEquals(name, TarHeaderParser.parseUstar(h, 0).name());
    }

    @Test
    void badMagicShowsOffsetAndBytes() {
        byte[] h = header();
        h[257] = 'X';
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parseUstar(h, 0));
        assertEquals("at offset 257: not a ustar header, magic bytes are 58 73 74 61 72 00", e.getMessage());
    }

    @Test
    void badChecksum() {
        byte[] h = header();
        h[0] = 'q';
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parseUstar(h, 0));
        assertTrue(e.getMessage().startsWith("at offset 0: tar header checksum "), e.getMessage());
    }

    @Test
    void nonOctalSize() {
        byte[] h = header();
        h[TarConstants.SIZE_OFFSET + 3] = '9';
        resum(h);
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parseUstar(h, 0));
        assertEquals("at offset 124: tar size field is not octal: 30 30 30 39 30 30 30 30 30 35 32 00", e.getMessage());
    }

    @Test
    void base256SizeIsRefused() {
        byte[] h = header();
        h[TarConstants.SIZE_OFFSET] = (byte) 0x80;
        resum(h);
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parseUstar(h, 0));
        assertTrue(e.getMessage().contains("base-256"), e.getMessage());
    }

    @Test
    void headerAtTheEndOfTheBufferIsShort() {
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parseUstar(new byte[600], 200));
        assertEquals("at offset 200: tar header needs 512 bytes, 400 left", e.getMessage());
    }

    @Test
    void paxRecordsRoundTrip() throws FormatException {
        byte[] b = TarHeaderWriter.paxRecords(Map.of("PROCSNAP.detail", "line one\nline=two"));
        assertEquals(Map.of("PROCSNAP.detail", "line one\nline=two"), TarHeaderParser.parsePax(b, 0, b.length));
    }

    @Test
    void paxLengthBeyondTheData() {
        byte[] b = "99999 path=x\n".getBytes(StandardCharsets.US_ASCII);
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parsePax(b, 0, b.length));
        assertEquals("at offset 0: pax record length 99999 outside the 13 bytes left", e.getMessage());
        assertEquals(Kind.CORRUPT, e.kind());
    }

    @Test
    void paxLengthWithTooManyDigits() {
        byte[] b = "12345678901 path=x\n".getBytes(StandardCharsets.US_ASCII);
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parsePax(b, 0, b.length));
        assertTrue(e.getMessage().startsWith("at offset 0: pax record length too long"), e.getMessage());
    }

    @Test
    void paxRecordWithoutKey() {
        byte[] b = "8 =abc\n\n".getBytes(StandardCharsets.US_ASCII);
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parsePax(b, 0, b.length));
        assertTrue(e.getMessage().contains("no 'key='"), e.getMessage());
    }

    @Test
    void paxRecordNotEndingInNewline() {
        byte[] b = "11 path=abcX".getBytes(StandardCharsets.US_ASCII);
        FormatException e = assertThrows(FormatException.class, () -> TarHeaderParser.parsePax(b, 0, 11));
        assertTrue(e.getMessage().contains("does not end with a newline"), e.getMessage());
    }

    @Test
    void pathRules() {
        assertNull(ArchivePaths.problem("proc/306/task/311/wchan"));
        assertNull(ArchivePaths.problem("proc/306/..foo"));
        assertEquals("absolute path", ArchivePaths.problem("/etc/passwd"));
        assertTrue(ArchivePaths.problem("proc/../../etc").contains("'..'"));
        assertTrue(ArchivePaths.problem("proc/./1").contains("'.'"));
        assertEquals("empty path segment", ArchivePaths.problem("proc//1"));
        assertEquals("empty path segment", ArchivePaths.problem("proc/1/"));
        assertEquals("path contains NUL", ArchivePaths.problem("proc/1\0x"));
        assertEquals("empty path", ArchivePaths.problem(""));
        assertTrue(ArchivePaths.problem("a/".repeat(3000)).contains("longer than 4096"));
    }
}
