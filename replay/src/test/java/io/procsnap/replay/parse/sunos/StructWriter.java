package io.procsnap.replay.parse.sunos;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes named fields of a {@link StructLayout} into a byte array, in a byte order and data model. */
final class StructWriter {
    private final byte[] bytes;
    private final int base;
    private final StructLayout layout;
    private final ReaderAbi abi;

    StructWriter(byte[] bytes, int base, StructLayout layout, ReaderAbi abi) {
        this.bytes = bytes;
        this.base = base;
        this.layout = layout;
        this.abi = abi;
    }

    StructWriter i8(String field, int v) {
        return put(field, v, 1);
    }

    StructWriter i16(String field, int v) {
        return put(field, v, 2);
    }

    StructWriter i32(String field, long v) {
        return put(field, v, 4);
    }

    StructWriter i64(String field, long v) {
        return put(field, v, 8);
    }

    StructWriter word(String field, long v) {
        return put(field, v, abi.model().wordSize());
    }

    StructWriter words(String field, long... v) {
        int w = abi.model().wordSize();
        for (int i = 0; i < v.length; i++) {
            raw(base + layout.offset(field) + i * w, v[i], w);
        }
        return this;
    }

    StructWriter timestruc(String field, Timestruc t) {
        int w = abi.model().wordSize();
        raw(base + layout.offset(field), t.seconds(), w);
        raw(base + layout.offset(field) + w, t.nanos(), w);
        return this;
    }

    StructWriter chars(String field, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length >= layout.width(field)) {
            throw new IllegalArgumentException(field + " holds " + (layout.width(field) - 1) + " characters: " + s);
        }
        System.arraycopy(b, 0, bytes, base + layout.offset(field), b.length);
        return this;
    }

    private StructWriter put(String field, long v, int n) {
        if (layout.width(field) != n) {
            throw new IllegalArgumentException(field + " is " + layout.width(field) + " bytes, not " + n);
        }
        raw(base + layout.offset(field), v, n);
        return this;
    }

    private void raw(int o, long v, int n) {
        for (int i = 0; i < n; i++) {
            int shift = 8 * (abi.order() == ByteOrder.BIG_ENDIAN ? n - 1 - i : i);
            bytes[o + i] = (byte) (v >>> shift);
        }
    }
}
