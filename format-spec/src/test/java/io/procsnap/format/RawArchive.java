package io.procsnap.format;

import io.procsnap.format.internal.IndexBuilder;
import io.procsnap.format.internal.IndexTable;
import io.procsnap.format.internal.TarConstants;
import io.procsnap.format.internal.ManifestCodec;
import io.procsnap.format.internal.SeekTable;
import io.procsnap.format.internal.TarHeaderWriter;
import io.procsnap.format.internal.ZstdCodec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds archives byte by byte, including ones no writer would make: hostile names, lying sizes,
 * odd seek tables. Frames are cut only where the test says ({@link #endFrame()}).
 */
final class RawArchive {
    private final List<byte[]> frames = new ArrayList<>();
    private ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final IndexBuilder index = new IndexBuilder(1_000_000);
    private final List<int[]> framePatches = new ArrayList<>();
    private int descriptor = SeekTable.CHECKSUM_FLAG;
    private long frameCountOverride = -1;
    private String indexVersion = Integer.toString(IndexTable.VERSION);

    static RawArchive withManifest() {
        RawArchive a = new RawArchive();
        a.manifestJson(ManifestCodec.encode(TestArchives.manifest()));
        return a;
    }

    RawArchive manifestJson(byte[] json) {
        raw(entryBytes(pax("manifest.json", "file", "ok"), "manifest.json", (byte) '0', json.length, json), null);
        return this;
    }

    /** A well-formed procsnap entry at a chosen path (which may be hostile). */
    RawArchive file(String path, byte[] content) {
        return raw(entryBytes(pax(path, "file", "ok"), path, (byte) '0', content.length, content), path);
    }

    /** Appends tar bytes; when {@code indexPath} is not null the entry gets an index row. */
    RawArchive raw(byte[] tar, String indexPath) {
        if (indexPath != null) {
            index.add(indexPath, Status.OK, frames.size(), 0);
        }
        current.writeBytes(tar);
        return this;
    }

    /** An index row for {@code path} naming frame {@code frame}, true or not. */
    RawArchive indexRow(String path, int frame) {
        index.add(path, Status.OK, frame, 0);
        return this;
    }

    /** The pax keyword of a format 1.1 record of a file or directory ({@code SCHILY.xattr.user.procsnap.KEY}). */
    static String record(String key) {
        return TarConstants.paxKey(TarConstants.USER_ATTRIBUTES, key);
    }

    static Map<String, String> pax(String path, String type, String status) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put(record(EntryAttributes.TYPE), type);
        m.put(record(EntryAttributes.STATUS), status);
        return m;
    }

    /** Pax header, ustar header with the given size field (which may lie), then {@code content} padded. */
    static byte[] entryBytes(Map<String, String> pax, String name, byte type, long sizeField, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (pax != null) {
            byte[] records = TarHeaderWriter.paxRecords(pax);
            out.writeBytes(TarHeaderWriter.ustar("PaxHeaders/x", 0644, 0, 0, records.length, 0, (byte) 'x', ""));
            out.writeBytes(records);
            out.writeBytes(new byte[(512 - records.length % 512) % 512]);
        }
        out.writeBytes(TarHeaderWriter.ustar(name, 0444, 0, 0, sizeField, 0, type, ""));
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return out.toByteArray();
    }

    RawArchive endFrame() {
        if (current.size() > 0) {
            frames.add(current.toByteArray());
            current = new ByteArrayOutputStream();
        }
        return this;
    }

    RawArchive descriptor(int d) {
        descriptor = d;
        return this;
    }

    RawArchive frameCount(long n) {
        frameCountOverride = n;
        return this;
    }

    RawArchive indexVersion(String v) {
        indexVersion = v;
        return this;
    }

    /** Frames, then (optionally) the index and end blocks in a fresh frame, then the seek table. */
    byte[] build(boolean withIndex, boolean withSeekTable) {
        endFrame();
        if (withIndex) {
            IndexBuilder.Sorted sorted = index.sort();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try {
                sorted.writeTo(body::write);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            byte[] idx = body.toString(StandardCharsets.UTF_8).replace("version=" + IndexTable.VERSION, "version=" + indexVersion)
                    .getBytes(StandardCharsets.UTF_8);
            current.writeBytes(entryBytes(pax("index.tsv", "file", "ok"), "index.tsv", (byte) '0', idx.length, idx));
        }
        current.writeBytes(new byte[1024]);
        endFrame();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = frames.size();
        int[] c = new int[n];
        int[] d = new int[n];
        int[] s = new int[n];
        try (ZstdCodec.Compressor z = new ZstdCodec.Compressor(3)) {
            for (int k = 0; k < n; k++) {
                byte[] f = z.compress(frames.get(k), frames.get(k).length);
                out.writeBytes(f);
                c[k] = f.length;
                d[k] = frames.get(k).length;
                s[k] = io.procsnap.format.internal.Bytes.readIntLE(f, f.length - 4);
            }
        }
        for (int[] p : framePatches) {
            d[p[0]] = p[1];
        }
        if (withSeekTable) {
            byte[] table = SeekTable.encode(n, c, d, s);
            table[table.length - 5] = (byte) descriptor;
            if (frameCountOverride >= 0) {
                io.procsnap.format.internal.Bytes.writeIntLE(table, table.length - 9, (int) frameCountOverride);
            }
            out.writeBytes(table);
        }
        return out.toByteArray();
    }

    /** Makes the seek table claim {@code size} decompressed bytes for frame {@code k}. */
    RawArchive claimDecompressedSize(int k, int size) {
        framePatches.add(new int[] {k, size});
        return this;
    }

    /** Appends a raw, prebuilt frame of content (for bombs): it is compressed like the others. */
    RawArchive frameOf(byte[] content) {
        endFrame();
        frames.add(content);
        return this;
    }
}
