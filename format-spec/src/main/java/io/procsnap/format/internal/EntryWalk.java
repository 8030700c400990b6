package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.ArchiveReader.Limits;

import java.io.EOFException;
import java.io.IOException;
import java.util.function.Predicate;
import java.util.zip.ZipException;

/**
 * Walks the entries of a tar stream from wherever a {@link TarSource} stands, handing each complete
 * entry to a callback, and says how the walk ended: at the end-of-archive blocks, cut off (the usable
 * stream ended, a partial last entry is dropped), or damaged (a frame or header that cannot be used).
 * Hostile content (refused paths, oversized lengths) is never salvaged around: it throws.
 */
public final class EntryWalk {

    /** How a walk ended. {@code frame} is the first unusable frame for a damaged end, else -1. */
    public record End(Kind kind, String description, int frame) {
        public enum Kind { END_MARKER, CUT_OFF, DAMAGED }
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
        while (true) {
            TarEntryReader.Parsed p;
            int frame = src.frame();
            long offset = src.offset();
            try {
                p = TarEntryReader.next(src, limits);
                if (p == null) {
                    return new End(End.Kind.END_MARKER, null, -1);
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
                    return new End(End.Kind.END_MARKER, null, -1);
                }
            } catch (EOFException e) {
                return new End(End.Kind.CUT_OFF, "the usable data ends inside the entry at "
                        + TarEntryReader.where(frame, offset).replace(": ", "") + "; that entry is dropped", -1);
            } catch (FrameStore.FrameDamageException e) {
                return new End(End.Kind.DAMAGED, e.getMessage(), e.frame());
            } catch (ZipException e) {
                return new End(End.Kind.DAMAGED, file + ": gzip data damaged after stream offset " + offset + ": "
                        + e.getMessage(), -1);
            } catch (FormatException e) {
                if (e.kind() == Kind.CORRUPT) {
                    return new End(End.Kind.DAMAGED, file + ": " + e.getMessage(), -1);
                }
                throw new ArchiveException(e.kind(), file + ": " + e.getMessage());
            }
        }
    }
}
