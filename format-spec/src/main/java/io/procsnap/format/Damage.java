package io.procsnap.format;

import java.util.Objects;

/**
 * One damaged place a reader found in an archive (SPEC.md "Damage"): what failed, where, which entry
 * was lost with it and where reading went on. Tools read the fields; {@link #description()} says the
 * same in one line for people ({@code info} prints it).
 *
 * @param kind        what failed
 * @param frame       the zstd frame it concerns, or -1 (the file as a whole, the gzip fallback)
 * @param fileOffset  where in the archive file: the start of that frame, of the seek table, or the
 *                    last bytes looked at; -1 when not known
 * @param lostEntry   the entry lost with it (where its first header block starts), or null
 * @param resumedAt   for damage a scan went past: the frame where it resumed (the frames from
 *                    {@code frame} up to it were skipped), or the number of frames when no later frame
 *                    starts an entry; -1 when no scan said (a lookup met it, or it does not apply)
 * @param description the damage in one line
 */
public record Damage(Kind kind, int frame, long fileOffset, Position lostEntry, int resumedAt, String description) {

    /** What failed. */
    public enum Kind {
        /**
         * The file ends early: no seek table at its end, or it ends inside a frame or inside the seek
         * table (a killed writer, a full disk). Alone, this is a cut-off capture, not damage.
         */
        CUT_OFF,
        /** The usable data ends inside an entry: that entry is dropped. */
        ENTRY_CUT_OFF,
        /** The seek table is there but inconsistent; the frames are found by walking them instead. */
        SEEK_TABLE,
        /** A frame header is malformed or declares more than the frame limit: no frame after it is found. */
        FRAME_HEADER,
        /** A frame fails to decompress or its checksum. */
        FRAME,
        /** A tar header or pax records inside a decompressed frame are corrupt. */
        TAR_HEADER,
        /** The index or its frame map is missing or unreadable: entries come from a scan. */
        INDEX,
        /** The gzip fallback's data is damaged: nothing after it is read. */
        GZIP,
        /** Reading stopped at an error it could not resume after (a tool that loads an archive says so). */
        READ_STOPPED;

        /** True for the kinds that lose the entries of a frame (as opposed to a missing tail or index). */
        public boolean losesEntries() {
            return this == FRAME || this == TAR_HEADER || this == GZIP;
        }
    }

    /**
     * Where an entry starts: its first header block.
     *
     * @param frame  zstd frame, or -1 for the gzip fallback
     * @param offset offset in the frame's decompressed bytes (in the whole stream for gzip)
     */
    public record Position(int frame, long offset) {
    }

    public Damage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** Damage at one place, with nothing lost or resumed said about it (yet). */
    public static Damage at(Kind kind, int frame, long fileOffset, String description) {
        return new Damage(kind, frame, fileOffset, null, -1, description);
    }

    /**
     * True when {@code other} is this same damage met again, possibly said with less (a lookup that
     * met a damaged frame, then a scan that also says what it skipped).
     */
    boolean samePlace(Damage other) {
        return kind == other.kind && frame >= 0 && frame == other.frame && fileOffset == other.fileOffset;
    }

    /** True when this says more than {@code other} about the same place: where reading resumed, what was lost. */
    boolean saysMoreThan(Damage other) {
        return resumedAt >= 0 && other.resumedAt < 0 || lostEntry != null && other.lostEntry == null;
    }
}
