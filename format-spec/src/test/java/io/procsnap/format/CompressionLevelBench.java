package io.procsnap.format;

import io.procsnap.format.internal.ZstdCodec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Micro driver (not a test) for choosing the writer's zstd level: compresses a tar stream (for
 * example a decompressed real capture: {@code zstd -dc capture.tar.zst > x.tar}) in frame-sized
 * pieces with {@link ZstdCodec.Compressor}, as the writer does, once per level and round, and prints
 * the thread CPU time and the total compressed size per level (best round).
 * {@code java -cp <test classpath> io.procsnap.format.CompressionLevelBench x.tar [rounds] [frameSize] [levels...]}
 */
public final class CompressionLevelBench {
    private CompressionLevelBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] tar = Files.readAllBytes(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int frame = args.length > 2 ? Integer.parseInt(args[2]) : ArchiveWriter.Options.DEFAULT_FRAME_SIZE;
        int[] levels = {-5, -3, -1, 1, 2, 3, 4};
        if (args.length > 3) {
            levels = new int[args.length - 3];
            for (int i = 3; i < args.length; i++) {
                levels[i - 3] = Integer.parseInt(args[i]);
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        byte[] buf = new byte[frame];
        long[] bestCpu = new long[levels.length];
        long[] size = new long[levels.length];
        java.util.Arrays.fill(bestCpu, Long.MAX_VALUE);
        for (int r = 0; r < rounds; r++) { // levels interleaved, so drift in machine load hits all alike
            for (int l = 0; l < levels.length; l++) {
                try (ZstdCodec.Compressor z = new ZstdCodec.Compressor(levels[l])) {
                    long total = 0;
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int off = 0; off < tar.length; off += frame) {
                        int n = Math.min(frame, tar.length - off);
                        System.arraycopy(tar, off, buf, 0, n);
                        total += z.compressInto(buf, n);
                    }
                    long cpu = mx.getCurrentThreadCpuTime() - t0;
                    bestCpu[l] = Math.min(bestCpu[l], cpu);
                    size[l] = total;
                }
            }
        }
        System.out.printf("%,d tar bytes in %d-byte frames, best of %d rounds%n", tar.length, frame, rounds);
        for (int l = 0; l < levels.length; l++) {
            System.out.printf("level %3d: %,12d bytes (%.2f%%), %7.1f CPU ms, %6.0f MB/s%n", levels[l], size[l],
                    100.0 * size[l] / tar.length, bestCpu[l] / 1e6, tar.length / (bestCpu[l] / 1e9) / 1e6);
        }
    }
}
