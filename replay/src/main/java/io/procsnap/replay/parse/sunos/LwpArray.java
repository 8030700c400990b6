package io.procsnap.replay.parse.sunos;

import java.util.List;

/**
 * An array file ({@code lpsinfo}, {@code lstatus}): the {@code prheader_t} ({@code pr_nent},
 * {@code pr_entsize}) and its entries, read every {@code entrySize} bytes (the kernel makes the span
 * larger than the structure on purpose: LSPAN, prvnops.c).
 */
public record LwpArray<T>(int entrySize, List<T> entries, ReaderAbi abi) {
    public LwpArray {
        entries = List.copyOf(entries);
    }
}
