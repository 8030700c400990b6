package io.procsnap.format.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer's compressor: a small output buffer first, zstd's bound only for a frame that needs it. */
class ZstdCodecTests {

    private static byte[] roundTrip(ZstdCodec.Compressor c, byte[] src) throws FormatException {
        int n = c.compressInto(src, src.length);
        byte[] frame = Arrays.copyOf(c.buffer(), n);
        assertArrayEquals(frame, c.compress(src, src.length), "compress and compressInto give the same frame");
        byte[] back = new byte[src.length];
        assertEquals(src.length, ZstdCodec.decompress(frame, 0, frame.length, back));
        assertArrayEquals(src, back);
        return frame;
    }

    @Test
    void compressibleFramesKeepASmallBufferAndIncompressibleOnesStillFit() throws FormatException {
        byte[] text = new byte[4 << 20];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ("proc/306/task/311/stat 306 (msgsnd-hang) S 1\n".charAt(i % 45));
        }
        byte[] noise = new byte[4 << 20];
        new Random(13).nextBytes(noise);
        try (ZstdCodec.Compressor c = new ZstdCodec.Compressor(2)) {
            roundTrip(c, text);
            assertEquals(512 << 10, c.buffer().length, "an eighth of the 4 MiB input");
            byte[] frame = roundTrip(c, noise); // does not fit an eighth: compressed again into zstd's bound
            assertTrue(frame.length > noise.length, "random bytes do not compress: " + frame.length);
            assertEquals(com.github.luben.zstd.Zstd.compressBound(noise.length), c.buffer().length);
            roundTrip(c, text);
        }
    }
}
