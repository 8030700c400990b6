package io.procsnap.replay.parse.sunos;

import java.nio.ByteOrder;

/**
 * What the archive's manifest says about the machine, to choose a layout where the file size alone does
 * not: the {@code <sys/procfs.h>} family (from {@code /etc/release}), the capturing reader's data model
 * (a 64-bit JVM: LP64), the byte order and the ISA ({@code isainfo -k}: amd64, sparcv9). Any may be null.
 */
public record AbiHints(SunosFlavor flavor, DataModel readerModel, ByteOrder order, String isa) {
    public static final AbiHints NONE = new AbiHints(null, null, null, null);

    /** Hints from the manifest's words: the first line of /etc/release, "64"/"32", and the kernel ISA. */
    public static AbiHints of(String etcRelease, String readerBits, String isa) {
        DataModel model = "64".equals(readerBits) ? DataModel.LP64 : "32".equals(readerBits) ? DataModel.ILP32 : null;
        return new AbiHints(SunosFlavor.ofRelease(etcRelease), model, orderOfIsa(isa), isa);
    }

    /** SPARC is big-endian, x86 little-endian; null for an ISA not known here. */
    public static ByteOrder orderOfIsa(String isa) {
        if (isa == null) {
            return null;
        }
        if (isa.startsWith("sparc") || isa.startsWith("sun4")) {
            return ByteOrder.BIG_ENDIAN;
        }
        if (isa.equals("amd64") || isa.equals("i386") || isa.equals("i86pc")) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        return null;
    }
}
