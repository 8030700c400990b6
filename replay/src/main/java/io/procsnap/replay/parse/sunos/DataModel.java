package io.procsnap.replay.parse.sunos;

/**
 * A data model of SunOS {@code <sys/procfs_isa.h>}: the reader's model decides the layout of every
 * /proc structure it reads (a 64-bit JVM reads LP64 structures for every process); {@code pr_dmodel}
 * tells the target process's model ({@code PR_MODEL_ILP32 1}, {@code PR_MODEL_LP64 2}, 0 unknown).
 */
public enum DataModel {
    ILP32(4),
    LP64(8);

    private final int wordSize;

    DataModel(int wordSize) {
        this.wordSize = wordSize;
    }

    /** Bytes of a {@code long}, pointer, {@code size_t}, {@code uintptr_t}, {@code dev_t}. */
    public int wordSize() {
        return wordSize;
    }

    /** {@code pr_dmodel}: 1 ILP32, 2 LP64, anything else (0 included) unknown, null. */
    public static DataModel ofPrDmodel(int value) {
        return switch (value) {
            case 1 -> ILP32;
            case 2 -> LP64;
            default -> null;
        };
    }

    /** The {@code pr_dmodel} value of this model. */
    public int prDmodel() {
        return this == ILP32 ? 1 : 2;
    }
}
