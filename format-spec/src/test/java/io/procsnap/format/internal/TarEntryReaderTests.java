package io.procsnap.format.internal;

import io.procsnap.format.ArchiveReader.Limits;
import io.procsnap.format.EntryAttributes;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each entry attribute is read from its pax record in every spelling, and a bad number names its record. */
class TarEntryReaderTests {

    /** A pax header with {@code records}, then a ustar header of {@code type} named {@code name}, no content. */
    private static EntryHeader read(Map<String, String> records, byte type) throws IOException, FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] pax = TarHeaderWriter.paxRecords(records);
        out.writeBytes(TarHeaderWriter.ustar("PaxHeaders/x", 0644, 0, 0, pax.length, 0, (byte) 'x', ""));
        out.writeBytes(pax);
        out.writeBytes(new byte[(512 - pax.length % 512) % 512]);
        out.writeBytes(TarHeaderWriter.ustar("proc/1/x", 0444, 0, 0, 0, 0, type, type == '2' ? "t" : ""));
        return TarEntryReader.next(new StreamCursor(new ByteArrayInputStream(out.toByteArray())), Limits.defaults())
                .header();
    }

    private static Map<String, String> records(String prefix, String times) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(prefix + EntryAttributes.TYPE, "file");
        m.put(prefix + EntryAttributes.STATUS, "denied");
        m.put(prefix + EntryAttributes.DETAIL, "EACCES");
        m.put(prefix + EntryAttributes.UNKNOWN, "uid");
        m.put(prefix + "start_" + times, "7000");
        m.put(prefix + "elapsed_" + times, "25");
        return m;
    }

    @Test
    void everyAttributeIsReadInEachSpelling() throws Exception {
        for (String[] spelling : new String[][] {{"SCHILY.xattr.user.procsnap.", "us", "0"},
                {"SCHILY.xattr.trusted.procsnap.", "us", "2"}, {"PROCSNAP.", "ns", "0"}}) {
            EntryHeader h = read(records(spelling[0], spelling[1]), (byte) spelling[2].charAt(0));
            long scale = spelling[1].equals("us") ? 1000 : 1;
            assertEquals(EntryType.FILE, h.type(), spelling[0]);
            assertEquals(Status.DENIED, h.status(), spelling[0]);
            assertEquals("EACCES", h.detail(), spelling[0]);
            assertEquals(-1, h.uid(), spelling[0]);
            assertEquals(0, h.gid(), spelling[0]);
            assertEquals(7000 * scale, h.startNanos(), spelling[0]);
            assertEquals(25 * scale, h.elapsedNanos(), spelling[0]);
        }
    }

    @Test
    void aRecordThatIsNoNumberIsNamedInTheMessage() {
        for (Map.Entry<String, String> bad : Map.of("PROCSNAP.start_ns", "pax record PROCSNAP.start_ns is not a number",
                "SCHILY.xattr.user.procsnap.elapsed_us", "pax record elapsed_us is not a number",
                "uid", "pax record uid is not a number").entrySet()) {
            Map<String, String> m = new LinkedHashMap<>(Map.of("path", "proc/1/stat", bad.getKey(), "12x"));
            FormatException e = assertThrows(FormatException.class, () -> read(m, (byte) '0'), bad.getKey());
            assertTrue(e.getMessage().contains(bad.getValue() + ": "), e.getMessage());
        }
    }
}
