package io.procsnap.replay.parse.sunos;

import java.util.HashMap;
import java.util.Map;

/**
 * Offsets of the fields of one C structure, laid out by the C rules of a data model (each field at the
 * next multiple of its alignment, the size rounded up to the largest alignment). Built once from the
 * declarations in {@link ProcLayouts}; the offsets were checked against gcc on a transcription of
 * {@code <sys/procfs.h>} (the table in {@code src/test/resources/parse/sunos/README.md}).
 */
public final class StructLayout {
    private final String name;
    private final Map<String, Integer> offsets;
    private final Map<String, Integer> widths;
    private final int size;
    private final int alignment;

    private StructLayout(String name, Map<String, Integer> offsets, Map<String, Integer> widths, int size,
                         int alignment) {
        this.name = name;
        this.offsets = Map.copyOf(offsets);
        this.widths = Map.copyOf(widths);
        this.size = size;
        this.alignment = alignment;
    }

    static Builder builder(String name, DataModel model) {
        return new Builder(name, model);
    }

    /** Structure name, e.g. {@code lwpsinfo_t}. */
    public String name() {
        return name;
    }

    /** {@code sizeof} the structure. */
    public int size() {
        return size;
    }

    /** Offset of a field; a name not declared is a programming error. */
    public int offset(String field) {
        Integer o = offsets.get(field);
        if (o == null) {
            throw new IllegalArgumentException(name + " has no field " + field);
        }
        return o;
    }

    /** Bytes the field occupies. */
    public int width(String field) {
        offset(field);
        return widths.get(field);
    }

    public boolean has(String field) {
        return offsets.containsKey(field);
    }

    static final class Builder {
        private final String name;
        private final DataModel model;
        private final Map<String, Integer> offsets = new HashMap<>();
        private final Map<String, Integer> widths = new HashMap<>();
        private int at;
        private int alignment = 1;

        private Builder(String name, DataModel model) {
            this.name = name;
            this.model = model;
        }

        Builder field(String field, int width, int align) {
            at = (at + align - 1) / align * align;
            offsets.put(field, at);
            widths.put(field, width);
            at += width;
            alignment = Math.max(alignment, align);
            return this;
        }

        Builder i8(String field) {
            return field(field, 1, 1);
        }

        Builder i16(String field) {
            return field(field, 2, 2);
        }

        Builder i32(String field) {
            return field(field, 4, 4);
        }

        /** {@code long}, {@code ulong_t}, {@code size_t}, {@code uintptr_t}, pointers, {@code dev_t}. */
        Builder word(String field) {
            return field(field, model.wordSize(), model.wordSize());
        }

        /** {@code timestruc_t}: {@code time_t tv_sec; long tv_nsec}. */
        Builder timestruc(String field) {
            return field(field, 2 * model.wordSize(), model.wordSize());
        }

        /** {@code hrtime_t} ({@code long long}). */
        Builder hrtime(String field) {
            return field(field, 8, 8);
        }

        Builder chars(String field, int n) {
            return field(field, n, 1);
        }

        /** A member whose inside is not read here (sigset_t, siginfo_t, ...): its size and alignment. */
        Builder blob(String field, int width, int align) {
            return field(field, width, align);
        }

        Builder struct(String field, StructLayout inner) {
            return field(field, inner.size, inner.alignment);
        }

        StructLayout build() {
            int size = (at + alignment - 1) / alignment * alignment;
            return new StructLayout(name, offsets, widths, size, alignment);
        }
    }
}
