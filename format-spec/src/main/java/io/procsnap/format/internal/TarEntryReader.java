package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.ArchiveReader.Limits;
import io.procsnap.format.EntryAttributes;
import io.procsnap.format.EntryHeader;
import io.procsnap.format.EntryType;
import io.procsnap.format.Status;

import java.io.IOException;
import java.util.Locale;

/**
 * Reads entry headers from a {@link TarSource}: an optional pax header, then the ustar header, turned
 * into an {@link EntryHeader}. Lengths are checked against {@link Limits} before anything is allocated.
 */
public final class TarEntryReader {

    /**
     * An entry's header and where it is.
     *
     * @param frame  frame of its first header block
     * @param offset offset of that block in the frame (stream offset for gzip)
     */
    public record Parsed(EntryHeader header, long size, int frame, long offset) {
    }

    private TarEntryReader() {
    }

    /**
     * Reads the next entry's headers and leaves {@code src} at its content. Returns null at the
     * end-of-archive block.
     *
     * @throws java.io.EOFException when the stream ends inside the headers
     * @throws FormatException      for a malformed or refused header; the message names the offset
     */
    public static Parsed next(TarSource src, Limits limits) throws IOException, FormatException {
        return next(src, limits, new Scratch());
    }

    /**
     * The buffers a walk uses again from entry to entry instead of two new arrays per entry (a header block
     * and the pax records: 120 MB for the 169,000 entries of a 10,000-thread capture). One per thread.
     */
    public static final class Scratch {
        private final byte[] block = new byte[TarConstants.BLOCK];
        private byte[] records = new byte[0];

        private byte[] records(int size) {
            if (records.length < size) {
                records = new byte[Math.max(size, 1024)];
            }
            return records;
        }
    }

    /** {@link #next(TarSource, Limits)} with the buffers of {@code scratch}. */
    public static Parsed next(TarSource src, Limits limits, Scratch scratch) throws IOException, FormatException {
        int frame = src.frame();
        long offset = src.offset();
        byte[] block = scratch.block;
        String[] pax = NO_RECORDS;
        for (int metaHeaders = 0; ; metaHeaders++) {
            int blockFrame = src.frame();
            long blockOffset = src.offset();
            src.readFully(block, 0, block.length);
            if (metaHeaders == 0 && TarHeaderParser.isZeroBlock(block, 0)) {
                return null;
            }
            TarHeaderParser.UstarHeader u;
            try {
                u = TarHeaderParser.parseUstar(block, 0);
            } catch (FormatException e) {
                throw at(e, blockFrame, blockOffset);
            }
            if (u.typeflag() == TarConstants.TYPE_PAX || u.typeflag() == TarConstants.TYPE_PAX_GLOBAL) {
                if (metaHeaders >= 4) {
                    throw new FormatException(Kind.HOSTILE, where(blockFrame, blockOffset)
                            + "more than 4 pax headers in a row");
                }
                if (u.size() > limits.maxPaxHeaderSize()) {
                    throw new FormatException(Kind.HOSTILE, where(blockFrame, blockOffset) + "pax header of "
                            + u.size() + " bytes exceeds the limit of " + limits.maxPaxHeaderSize());
                }
                int size = (int) u.size();
                byte[] records = scratch.records(size);
                src.readFully(records, 0, size);
                src.skip(TarConstants.padding(u.size()));
                if (u.typeflag() == TarConstants.TYPE_PAX) {
                    try {
                        pax = records(records, size);
                    } catch (FormatException e) {
                        throw at(e, blockFrame, blockOffset + TarConstants.BLOCK);
                    }
                }
                continue;
            }
            return new Parsed(entryHeader(u, pax, limits, frame, offset), contentSize(u), frame, offset);
        }
    }

    /*
     * The pax records an entry reader uses, each in a slot of a String[] (null when absent): the
     * standard keywords, and each record key (EntryAttributes) in the three spellings it has had. Other
     * keys are checked (TarHeaderParser.forEachPaxRecord) and ignored without making strings: building a
     * map of every record, and the 1.1 keys by concatenation on each lookup, was a fifth of a 10,000-thread
     * scan (async-profiler).
     */
    private static final int PATH = 0;
    private static final int LINKPATH = 1;
    private static final int UID = 2;
    private static final int GID = 3;
    private static final String[] ATTRIBUTES = {EntryAttributes.TYPE, EntryAttributes.STATUS, EntryAttributes.DETAIL,
            EntryAttributes.UNKNOWN, EntryAttributes.START_US, EntryAttributes.ELAPSED_US};
    /** Slot of attribute {@code a} (its index in ATTRIBUTES) as a user.procsnap. record; +1 trusted.procsnap.; +2 PROCSNAP. */
    private static final int FIRST_ATTRIBUTE = 4;
    private static final int SLOTS = FIRST_ATTRIBUTE + 3 * ATTRIBUTES.length;
    private static final String[] NO_RECORDS = new String[SLOTS];
    /** The key of each slot, as bytes. */
    private static final byte[][] KEYS = new byte[SLOTS][];

    static {
        String[] keys = new String[SLOTS];
        keys[PATH] = "path";
        keys[LINKPATH] = "linkpath";
        keys[UID] = "uid";
        keys[GID] = "gid";
        for (int a = 0; a < ATTRIBUTES.length; a++) {
            String key = ATTRIBUTES[a];
            keys[slot(key)] = TarConstants.paxKey(TarConstants.USER_ATTRIBUTES, key);
            keys[slot(key) + 1] = TarConstants.paxKey(TarConstants.SYMLINK_ATTRIBUTES, key);
            keys[slot(key) + 2] = TarConstants.V10_PREFIX + key.replace("_us", "_ns"); // 1.0 times were nanoseconds
        }
        for (int k = 0; k < SLOTS; k++) {
            KEYS[k] = keys[k].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static int slot(String attribute) {
        for (int a = 0; a < ATTRIBUTES.length; a++) {
            if (ATTRIBUTES[a].equals(attribute)) {
                return FIRST_ATTRIBUTE + 3 * a;
            }
        }
        throw new IllegalArgumentException(attribute);
    }

    /*
     * The slots of the attributes, found once: looking each up by name on every entry (up to 30 string
     * comparisons per entry) was a tenth of the frame workers' header parsing on a 10,000-thread capture.
     */
    private static final int TYPE = slot(EntryAttributes.TYPE);
    private static final int STATUS = slot(EntryAttributes.STATUS);
    private static final int DETAIL = slot(EntryAttributes.DETAIL);
    private static final int UNKNOWN = slot(EntryAttributes.UNKNOWN);
    private static final int START = slot(EntryAttributes.START_US);
    private static final int ELAPSED = slot(EntryAttributes.ELAPSED_US);

    /** The records of a pax header that this reader uses, by slot; a later record with the same key wins. */
    private static String[] records(byte[] records, int length) throws FormatException {
        String[] out = new String[SLOTS];
        TarHeaderParser.PaxRecordVisitor keep = (b, k, kl, v, vl) -> {
            for (int slot = 0; slot < SLOTS; slot++) {
                byte[] key = KEYS[slot];
                if (key.length == kl && java.util.Arrays.equals(b, k, k + kl, key, 0, kl)) {
                    out[slot] = new String(b, v, vl, java.nio.charset.StandardCharsets.UTF_8);
                    return;
                }
            }
        };
        try {
            TarHeaderParser.forEachPaxRecord(records, 0, length, keep);
        } catch (FormatException e) {
            // again over the records alone: a message shows the bytes around the fault, never the scratch beyond
            TarHeaderParser.forEachPaxRecord(java.util.Arrays.copyOf(records, length), 0, length, keep);
            throw e;
        }
        return out;
    }

    private static long contentSize(TarHeaderParser.UstarHeader u) {
        return u.size();
    }

    private static EntryHeader entryHeader(TarHeaderParser.UstarHeader u, String[] pax, Limits limits,
                                           int frame, long offset) throws FormatException {
        byte t = u.typeflag();
        if (t != TarConstants.TYPE_FILE && t != TarConstants.TYPE_FILE_OLD && t != TarConstants.TYPE_DIRECTORY
                && t != TarConstants.TYPE_SYMLINK) {
            throw new FormatException(Kind.HOSTILE, where(frame, offset) + "tar entry type '"
                    + (t >= 0x20 && t < 0x7f ? String.valueOf((char) t) : "0x" + Integer.toHexString(t & 0xff))
                    + "' is not used by this format (only files, directories and symlinks)");
        }
        if (u.size() > limits.maxEntrySize()) {
            throw new FormatException(Kind.HOSTILE, where(frame, offset) + "entry claims " + u.size()
                    + " content bytes, more than the limit of " + limits.maxEntrySize());
        }
        String path = pax[PATH] != null ? pax[PATH] : u.name();
        if (t == TarConstants.TYPE_DIRECTORY) {
            while (path.endsWith("/") && path.length() > 1) {
                path = path.substring(0, path.length() - 1);
            }
        }
        String problem = ArchivePaths.problem(path);
        if (problem != null) {
            throw new FormatException(Kind.HOSTILE, where(frame, offset) + "entry path " + Bytes.quote(path)
                    + " refused: " + problem);
        }
        EntryType type = switch (record(pax, TYPE, "")) {
            case "file" -> EntryType.FILE;
            case "directory" -> EntryType.DIRECTORY;
            case "symlink" -> EntryType.SYMLINK;
            default -> t == TarConstants.TYPE_DIRECTORY ? EntryType.DIRECTORY
                    : t == TarConstants.TYPE_SYMLINK ? EntryType.SYMLINK : EntryType.FILE;
        };
        String statusLabel = record(pax, STATUS, null);
        Status status = statusLabel == null ? Status.OK : Status.fromLabel(statusLabel.toLowerCase(Locale.ROOT));
        String detail = record(pax, DETAIL, null);
        if (statusLabel != null && status == Status.ERROR && !statusLabel.equals("error") && detail == null) {
            detail = "unknown status " + statusLabel;
        }
        String unknown = record(pax, UNKNOWN, "");
        int mode = unknown.contains("mode") ? -1
                : type == EntryType.SYMLINK ? typeBits(type) | 0777 : typeBits(type) | (u.mode() & 07777);
        long uid = unknown.contains("uid") ? -1 : number(pax, UID, u.uid(), frame, offset);
        long gid = unknown.contains("gid") ? -1 : number(pax, GID, u.gid(), frame, offset);
        long start = nanos(pax, START, frame, offset);
        long elapsed = nanos(pax, ELAPSED, frame, offset);
        String link = t != TarConstants.TYPE_SYMLINK ? null : pax[LINKPATH] != null ? pax[LINKPATH] : u.linkName();
        return new EntryHeader(path, type, status, detail, mode, uid, gid, start, elapsed, link);
    }

    private static int typeBits(EntryType type) {
        return switch (type) {
            case FILE -> 0100000;
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
        };
    }

    /**
     * The record of the attribute in {@code slot} as format 1.1 spells it ({@code user.procsnap.}, or
     * {@code trusted.procsnap.} as entries stored as symlinks have it), else as format 1.0 did
     * ({@code PROCSNAP.key}), else {@code fallback}.
     */
    private static String record(String[] pax, int slot, String fallback) {
        String v = v11(pax, slot);
        String v10 = pax[slot + 2];
        return v != null ? v : v10 != null ? v10 : fallback;
    }

    private static String v11(String[] pax, int slot) {
        return pax[slot] != null ? pax[slot] : pax[slot + 1];
    }

    /**
     * A time in nanoseconds: the 1.1 record in microseconds ({@code start_us}), else the 1.0 record in
     * nanoseconds ({@code PROCSNAP.start_ns}), else 0. Microseconds that do not fit a long in nanoseconds
     * (no writer makes them) are refused.
     */
    private static long nanos(String[] pax, int slot, int frame, long offset) throws FormatException {
        String v = v11(pax, slot);
        if (v == null) {
            return number(pax, slot + 2, 0, frame, offset); // PROCSNAP.start_ns
        }
        String microsKey = ATTRIBUTES[(slot - FIRST_ATTRIBUTE) / 3];
        long micros = number(microsKey, v, frame, offset);
        if (micros > Long.MAX_VALUE / 1000 || micros < Long.MIN_VALUE / 1000) {
            throw new FormatException(Kind.CORRUPT, where(frame, offset) + "pax record " + microsKey + " is out of range: "
                    + micros);
        }
        return micros * 1000;
    }

    private static long number(String[] pax, int slot, long fallback, int frame, long offset) throws FormatException {
        String v = pax[slot];
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) { // the key's string only for the message: not one per entry read
            throw notANumber(new String(KEYS[slot], java.nio.charset.StandardCharsets.UTF_8), v, frame, offset);
        }
    }

    private static long number(String key, String v, int frame, long offset) throws FormatException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw notANumber(key, v, frame, offset);
        }
    }

    private static FormatException notANumber(String key, String v, int frame, long offset) {
        return new FormatException(Kind.CORRUPT, where(frame, offset) + "pax record " + key + " is not a number: "
                + Bytes.quote(v));
    }

    static String where(int frame, long offset) {
        return frame < 0 ? "stream offset " + offset + ": " : "frame " + frame + ", offset " + offset + ": ";
    }

    private static FormatException at(FormatException e, int frame, long offset) {
        return new FormatException(e.kind(), where(frame, offset) + e.getMessage().replace("at offset ", "header byte "));
    }
}
