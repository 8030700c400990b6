package io.procsnap.replay.parse.sunos;

import java.nio.ByteOrder;

/**
 * How the process that read a SunOS /proc file saw it: the {@code <sys/procfs.h>} family, the reader's
 * data model (not the target's) and the machine's byte order (SPARC big-endian, x86 little-endian; the
 * offsets are the same in both orders).
 */
public record ReaderAbi(SunosFlavor flavor, DataModel model, ByteOrder order) {
    public ReaderAbi {
        if (flavor == null || model == null || order == null) {
            throw new IllegalArgumentException("flavor, model and byte order are all needed");
        }
    }

    public StructLayout psinfo() {
        return ProcLayouts.psinfo(flavor, model);
    }

    public StructLayout lwpsinfo() {
        return ProcLayouts.lwpsinfo(flavor, model);
    }

    @Override
    public String toString() {
        return flavor.name().toLowerCase(java.util.Locale.ROOT) + "/" + model + "/"
                + (order == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian");
    }
}
