package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.ArchiveReader.Limits;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.ZipException;

/**
 * Walks the entries of a tar stream from wherever a {@link TarSource} stands, handing each complete
 * entry to a callback, and says how the walk ended: at the end-of-archive blocks, cut off (the usable
 * stream ended, a partial last entry is dropped), or damaged (a frame or header that cannot be used).
 *
 * <p>Over zstd frames ({@link FrameCursor}) a damaged frame or a corrupt tar header does not end the
 * walk: the entry being read is lost, and the walk resumes at the next frame that starts with a
 * checksum-verified tar header (the writer cuts frames at entry boundaries), skipping frames that are
 * damaged too or start inside an entry. Each such resumption is described in {@link End#damage()}.
 * Hostile content (refused paths, oversized lengths) is never salvaged around: it throws.
 */
public final class EntryWalk {

    /**
     * How a walk ended. {@code frame} is the first unusable frame for a damaged end, else -1;
     * {@code damage} describes each damaged place the walk resumed after (in stream order).
     */
    public record End(Kind kind, String description, int frame, List<String> damage) {
        public enum Kind { END_MARKER, CUT_OFF, DAMAGED }

        public End {
            damage = List.copyOf(damage);
        }
    }

    /** Receives each complete entry; {@code content} is null unless the walk's predicate asked for it. */
    @FunctionalInterface
    public interface Callback {
        /** Returns false to stop the walk. */
        boolean accept(TarEntryReader.Parsed entry, byte[] content) throws IOException;
    }

    private EntryWalk() {
    }

    public static End walk(TarSource src, String file, Limits limits, Predicate<TarEntryReader.Parsed> wantsContent,
                           Callback callback) throws IOException {
        List<String> damage = new ArrayList<>();
        while (true) {
            TarEntryReader.Parsed p;
            int frame = src.frame();
            long offset = src.offset();
            try {
                p = TarEntryReader.next(src, limits);
                if (p == null) {
                    return new End(End.Kind.END_MARKER, null, -1, damage);
                }
                byte[] content = null;
                if (wantsContent.test(p)) {
                    content = new byte[(int) p.size()];
                    src.readFully(content, 0, content.length);
                    src.skip(TarConstants.padding(p.size()));
                } else {
                    src.skip(TarConstants.padded(p.size()));
                }
                if (!callback.accept(p, content)) {
                    return new End(End.Kind.END_MARKER, null, -1, damage);
                }
            } catch (EOFException e) {
                return new End(End.Kind.CUT_OFF, "the usable data ends inside the entry at "
                        + TarEntryReader.where(frame, offset).replace(": ", "") + "; that entry is dropped", -1, damage);
            } catch (FrameStore.FrameDamageException e) {
                if (!(src instanceof FrameCursor cursor)) {
                    return new End(End.Kind.DAMAGED, e.getMessage(), e.frame(), damage);
                }
                Resumed r = resume(cursor, e.getMessage(), e.frame(), frame, offset);
                if (!r.resumed()) {
                    return new End(End.Kind.DAMAGED, r.description(), e.frame(), damage);
                }
                damage.add(r.description());
            } catch (ZipException e) {
                return new End(End.Kind.DAMAGED, file + ": gzip data damaged after stream offset " + offset + ": "
                        + e.getMessage(), -1, damage);
            } catch (FormatException e) {
                if (e.kind() != Kind.CORRUPT) {
                    throw new ArchiveException(e.kind(), file + ": " + e.getMessage());
                }
                if (!(src instanceof FrameCursor cursor)) {
                    return new End(End.Kind.DAMAGED, file + ": " + e.getMessage(), -1, damage);
                }
                int bad = Math.max(frame, src.frame());
                Resumed r = resume(cursor, file + ": " + e.getMessage(), bad, frame, offset);
                if (!r.resumed()) {
                    return new End(End.Kind.DAMAGED, r.description(), bad, damage);
                }
                damage.add(r.description());
            }
        }
    }

    /** The damage described, and whether the walk could go on after it. */
    private record Resumed(String description, boolean resumed) {
    }

    /**
     * Positions {@code cursor} at the first frame after {@code bad} that starts with a tar header
     * (or past the last frame when none does). Frames are looked at once each, in order, so a walk
     * still decompresses every frame at most once.
     */
    private static Resumed resume(FrameCursor cursor, String problem, int bad, int entryFrame, long entryOffset)
            throws IOException {
        FrameStore store = cursor.store();
        StringBuilder d = new StringBuilder(problem);
        if (entryFrame >= 0 && entryFrame < bad) {
            d.append("; the entry at frame ").append(entryFrame).append(", offset ").append(entryOffset)
                    .append(" runs into frame ").append(bad).append(" and is lost");
        }
        List<Integer> damaged = new ArrayList<>();
        int insideEntry = 0;
        for (int k = bad + 1; k < store.count(); k++) {
            boolean header;
            try {
                header = cursor.startsWithHeader(k);
            } catch (FrameStore.FrameDamageException e) {
                damaged.add(k);
                continue;
            }
            if (header) {
                d.append(k == bad + 1 ? "; skipped frame " + bad : "; skipped frames " + bad + "-" + (k - 1) + " ("
                        + (damaged.isEmpty() ? "" : "damaged too: " + damaged + "; ") + insideEntry
                        + " starting inside an entry)");
                d.append("; resumed at frame ").append(k).append(" (offset ").append(store.offset(k)).append(')');
                return new Resumed(d.toString(), true);
            }
            insideEntry++;
        }
        cursor.seek(store.count(), 0);
        d.append("; no later frame starts with an entry header");
        if (!damaged.isEmpty()) {
            d.append(" (frames ").append(damaged).append(" damaged too)");
        }
        return new Resumed(d.toString(), false);
    }
}
