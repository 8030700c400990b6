package io.procsnap.format;

import io.procsnap.format.internal.FrameStore;
import io.procsnap.format.internal.GzipInput;
import io.procsnap.format.internal.XxHash64;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/** Checks every frame of an archive against its checksums (SPEC.md "Checksums"). */
final class Verifier {
    private Verifier() {
    }

    static ArchiveReader.VerifyResult verify(ArchiveReader reader) throws IOException {
        return reader.compression() == Compression.GZIP ? verifyGzip(reader) : verifyZstd(reader.store());
    }

    private static ArchiveReader.VerifyResult verifyZstd(FrameStore store) throws IOException {
        List<String> problems = new ArrayList<>();
        int n = store.count();
        for (int k = 0; k < n; k++) {
            String where = "frame " + k + " at offset " + store.offset(k);
            byte[] raw;
            byte[] content;
            try {
                raw = store.compressed(k);
                content = store.decompress(k, raw);
            } catch (FrameStore.FrameDamageException e) {
                problems.add(e.getMessage());
                continue;
            }
            int computed = XxHash64.checksum32(content, 0, content.length);
            boolean frameHasChecksum = (raw[4] & 0x04) != 0;
            int trailing = frameHasChecksum ? io.procsnap.format.internal.Bytes.readIntLE(raw, raw.length - 4) : computed;
            if (!frameHasChecksum) {
                problems.add(where + ": frame carries no content checksum");
            } else if (trailing != computed) {
                problems.add(String.format("%s: frame checksum 0x%08x != computed 0x%08x", where, trailing, computed));
            }
            if (store.hasSeekTableChecksums() && store.seekTableChecksum(k) != computed) {
                problems.add(String.format("%s: seek table checksum 0x%08x != computed 0x%08x", where,
                        store.seekTableChecksum(k), computed));
            }
        }
        return new ArchiveReader.VerifyResult(n, problems);
    }

    private static ArchiveReader.VerifyResult verifyGzip(ArchiveReader reader) throws IOException {
        List<String> problems = new ArrayList<>();
        byte[] buf = new byte[64 << 10];
        long total = 0;
        try (InputStream in = GzipInput.open(reader.channel(), reader.file(), reader.limits().maxTotalDecompressed())) {
            int r;
            while ((r = in.read(buf)) >= 0) {
                total += r;
            }
        } catch (ZipException | java.io.EOFException e) {
            problems.add(reader.file() + ": gzip stream damaged after " + total + " decompressed bytes: " + e.getMessage());
        }
        return new ArchiveReader.VerifyResult(1, problems);
    }
}
