package io.procsnap.replay.parse.sunos;

import io.procsnap.replay.parse.ParseException;

import java.nio.ByteOrder;

/**
 * Chooses the layout of a SunOS /proc file by its size, then by the manifest's hints where sizes
 * collide (a 128-byte lwpsinfo is illumos LP64 or Oracle ILP32). A size that names one layout wins over
 * a hint that says otherwise: the kernel wrote that many bytes.
 * <pre>
 * psinfo    416 illumos LP64   440 Oracle LP64   336 illumos ILP32   360 Oracle ILP32
 * lwpsinfo  128 illumos LP64 / Oracle ILP32      152 Oracle LP64     104 illumos ILP32
 * lpsinfo   entry span 144 illumos LP64, 176 Oracle LP64, 112 illumos ILP32, 136 Oracle ILP32
 * </pre>
 */
public final class LayoutChooser {
    private LayoutChooser() {
    }

    public static ReaderAbi psinfo(byte[] b, AbiHints h) {
        return switch (b.length) {
            case 416 -> abi(SunosFlavor.ILLUMOS, DataModel.LP64, b, h);
            case 440 -> abi(SunosFlavor.ORACLE, DataModel.LP64, b, h);
            case 336 -> abi(SunosFlavor.ILLUMOS, DataModel.ILP32, b, h);
            case 360 -> abi(SunosFlavor.ORACLE, DataModel.ILP32, b, h);
            default -> fromHints("psinfo", b, h);
        };
    }

    public static ReaderAbi lwpsinfo(byte[] b, AbiHints h) {
        return switch (b.length) {
            case 152 -> abi(SunosFlavor.ORACLE, DataModel.LP64, b, h);
            case 104 -> abi(SunosFlavor.ILLUMOS, DataModel.ILP32, b, h);
            case 128 -> {
                if (h.flavor() == SunosFlavor.ORACLE || h.readerModel() == DataModel.ILP32) {
                    yield abi(SunosFlavor.ORACLE, DataModel.ILP32, b, h);
                }
                if (h.flavor() == SunosFlavor.ILLUMOS || h.readerModel() == DataModel.LP64) {
                    yield abi(SunosFlavor.ILLUMOS, DataModel.LP64, b, h);
                }
                throw new ParseException("lwpsinfo: 128 bytes is illumos LP64 or Oracle Solaris ILP32, and the "
                        + "manifest names neither the release nor the reader's data model");
            }
            default -> fromHints("lwpsinfo", b, h);
        };
    }

    /**
     * lpsinfo / lstatus: the reader's model and byte order from whichever header adds up to the file's
     * size ({@code sizeof(prheader_t) + pr_nent * pr_entsize}), the hints breaking a tie.
     */
    public static ReaderAbi array(String kind, byte[] b, AbiHints h) {
        ByteOrder[] orders = h.order() != null ? new ByteOrder[] {h.order()}
                : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN};
        SunosFlavor flavor = h.flavor() != null ? h.flavor() : SunosFlavor.ILLUMOS;
        for (ByteOrder order : orders) {
            boolean lp64 = consistent(b, 8, order);
            boolean ilp32 = consistent(b, 4, order);
            if (lp64 && ilp32 && h.readerModel() != null) {
                return new ReaderAbi(flavor, h.readerModel(), order);
            }
            if (lp64) {
                return new ReaderAbi(flavor, DataModel.LP64, order);
            }
            if (ilp32) {
                return new ReaderAbi(flavor, DataModel.ILP32, order);
            }
        }
        throw new ParseException(kind + ": the " + b.length + "-byte file has no header {pr_nent, pr_entsize} "
                + "that adds up to its size");
    }

    /** Family of an lpsinfo entry span (LSPAN): LP64 round16(size)+16, ILP32 round8(size)+8. */
    public static SunosFlavor spanFlavor(int span, DataModel model, AbiHints h) {
        int illumos = ProcLayouts.lwpsinfo(SunosFlavor.ILLUMOS, model).size();
        int oracle = ProcLayouts.lwpsinfo(SunosFlavor.ORACLE, model).size();
        if (span == lspan(illumos, model)) {
            return SunosFlavor.ILLUMOS;
        }
        if (span == lspan(oracle, model)) {
            return SunosFlavor.ORACLE;
        }
        if (h.flavor() != null) {
            return h.flavor();
        }
        return span >= oracle ? SunosFlavor.ORACLE : SunosFlavor.ILLUMOS;
    }

    static int lspan(int size, DataModel model) {
        return model == DataModel.LP64 ? (size + 15) / 16 * 16 + 16 : (size + 7) / 8 * 8 + 8;
    }

    /** lwpstatus / pstatus: the model by the whole size on known ISAs, else the hint. */
    public static ReaderAbi status(String kind, byte[] b, int headLp64, int headIlp32, AbiHints h) {
        SunosFlavor flavor = h.flavor() != null ? h.flavor() : SunosFlavor.ILLUMOS;
        for (String isa : new String[] {"amd64", "sparcv9"}) {
            int lwp = ProcLayouts.lwpstatusSize(isa, DataModel.LP64);
            if (b.length == headLp64 + lwp) {
                return new ReaderAbi(flavor, DataModel.LP64, order(b, 4, h));
            }
        }
        if (b.length == headIlp32 + ProcLayouts.lwpstatusSize("i386", DataModel.ILP32)) {
            return new ReaderAbi(flavor, DataModel.ILP32, order(b, 4, h));
        }
        if (h.readerModel() != null) {
            return new ReaderAbi(flavor, h.readerModel(), order(b, 4, h));
        }
        throw new ParseException(kind + ": " + b.length + " bytes is no size known here, and the manifest does "
                + "not say the reader's data model");
    }

    private static ReaderAbi fromHints(String kind, byte[] b, AbiHints h) {
        if (h.flavor() == null || h.readerModel() == null) {
            throw new ParseException(kind + ": " + b.length + " bytes is no size known here, and the manifest does "
                    + "not say both the release and the reader's data model");
        }
        return abi(h.flavor(), h.readerModel(), b, h);
    }

    private static ReaderAbi abi(SunosFlavor f, DataModel m, byte[] b, AbiHints h) {
        return new ReaderAbi(f, m, order(b, 8, h));
    }

    /**
     * The hint's byte order; without one, the order in which the int at {@code offset} (a pid or lwpid)
     * is a plausible id (below 2^24).
     */
    private static ByteOrder order(byte[] b, int offset, AbiHints h) {
        if (h.order() != null) {
            return h.order();
        }
        if (b.length < offset + 4) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        int le = (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16 | (b[offset + 3] & 0xff) << 24;
        return Integer.compareUnsigned(le, 1 << 24) < 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    private static boolean consistent(byte[] b, int word, ByteOrder order) {
        if (b.length < 2 * word) {
            return false;
        }
        long nent = read(b, 0, word, order);
        long span = read(b, word, word, order);
        return nent >= 0 && span > 0 && span <= SunosProcParser.MAX_ENTRY_SIZE && nent <= b.length
                && 2L * word + nent * span == b.length;
    }

    static long read(byte[] b, int o, int n, ByteOrder order) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int idx = order == ByteOrder.BIG_ENDIAN ? o + i : o + n - 1 - i;
            v = (v << 8) | (b[idx] & 0xffL);
        }
        return n == 4 ? (int) v : v;
    }
}
