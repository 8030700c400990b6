package io.procsnap.format.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class XxHash64Tests {
    @Test
    void publishedVectors() {
        assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(new byte[0], 0, 0));
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x44BC2CF5AD770999L, XxHash64.hash(abc, 0, 3));
    }

    /** libzstd is the oracle: the checksum it stores at the end of each frame is our low 32 bits. */
    @Test
    void agreesWithTheChecksumZstdWritesForEveryLengthClass() {
        Random random = new Random(42);
        try (ZstdCodec.Compressor z = new ZstdCodec.Compressor(1)) {
            for (int len : new int[] {0, 1, 3, 4, 7, 8, 15, 31, 32, 33, 63, 64, 100, 511, 512, 4096, 100_003}) {
                byte[] b = new byte[len];
                random.nextBytes(b);
                byte[] frame = z.compress(b, len);
                assertEquals(Bytes.readIntLE(frame, frame.length - 4), XxHash64.checksum32(b, 0, len), "length " + len);
            }
        }
    }
}
