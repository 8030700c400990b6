package io.procsnap.replay.parse.sunos;

import io.procsnap.replay.parse.ParseException;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads of one structure inside a byte array: every read names the file kind, the
 * field and the offset when it falls outside the bytes ({@code lwpsinfo: pr_wchan at offset 16 needs 8
 * bytes, 20 available}).
 */
final class StructReader {
    private final String kind;
    private final byte[] bytes;
    private final int base;
    private final int length;
    private final StructLayout layout;
    private final ByteOrder order;
    private final DataModel model;

    StructReader(String kind, byte[] bytes, int base, int length, StructLayout layout, ReaderAbi abi) {
        this.kind = kind;
        this.bytes = bytes;
        this.base = base;
        this.length = length;
        this.layout = layout;
        this.order = abi.order();
        this.model = abi.model();
    }

    int i8(String field) {
        return bytes[at(field, 1)];
    }

    /** An unsigned char (pr_sname, pr_dmodel). */
    int u8(String field) {
        return bytes[at(field, 1)] & 0xff;
    }

    int i16(String field) {
        return (short) raw(at(field, 2), 2);
    }

    int u16(String field) {
        return (int) raw(at(field, 2), 2);
    }

    int i32(String field) {
        return (int) raw(at(field, 4), 4);
    }

    /** A long / size_t / uintptr_t of the reader's model, unsigned. */
    long word(String field) {
        return raw(at(field, model.wordSize()), model.wordSize());
    }

    /** Signed long of the reader's model (pr_sysarg, pr_rval1). */
    long signedWord(String field, int index) {
        int w = model.wordSize();
        int o = at(field, w * (index + 1)) + w * index;
        long v = raw(o, w);
        return w == 4 ? (int) v : v;
    }

    long i64(String field) {
        return raw(at(field, 8), 8);
    }

    Timestruc timestruc(String field) {
        int w = model.wordSize();
        int o = at(field, 2 * w);
        long sec = raw(o, w);
        long nsec = raw(o + w, w);
        if (w == 4) {
            sec = (int) sec;
            nsec = (int) nsec;
        }
        return new Timestruc(sec, nsec);
    }

    /** A NUL-terminated char array; bytes after the first NUL are ignored; empty when all zero. */
    String chars(String field) {
        int w = layout.width(field);
        int o = at(field, w);
        int end = o;
        while (end < o + w && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, o, end - o, StandardCharsets.ISO_8859_1);
    }

    private int at(String field, int need) {
        int off = layout.offset(field);
        if (off + need > length) {
            throw new ParseException(kind + ": " + field + " at offset " + (base + off) + " needs " + need
                    + " bytes, " + Math.max(0, length - off) + " available (" + layout.name() + ")");
        }
        return base + off;
    }

    private long raw(int o, int n) {
        long v = 0;
        if (order == ByteOrder.BIG_ENDIAN) {
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (bytes[o + i] & 0xffL);
            }
        } else {
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (bytes[o + i] & 0xffL);
            }
        }
        return v;
    }
}
