package io.procsnap.format.internal;

import io.procsnap.format.ArchiveException;
import io.procsnap.format.ArchiveException.Kind;
import io.procsnap.format.ArchiveReader.Limits;
import io.procsnap.format.Damage;

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
 * damaged too or start inside an entry. Each such resumption is a {@link Damage} in {@link End#damage()}.
 * Hostile content (refused paths, oversized lengths) is never salvaged around: it throws.
 */
public final class EntryWalk {

    /**
     * How a walk ended. {@code stop} is what ended it when it did not reach the end-of-archive blocks
     * ({@link Damage.Kind#ENTRY_CUT_OFF} for a cut-off end, else the damage no later frame came after);
     * {@code damage} holds each damaged place the walk resumed after (in stream order).
     */
    public record End(Kind kind, Damage stop, List<Damage> damage) {
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
        return walk(src, file, limits, wantsContent, callback, null);
    }

    /**
     * Walks as {@link #walk(TarSource, String, Limits, Predicate, Callback)} does, taking the entry headers
     * {@code prefetch} read ahead on other threads for each frame the walk enters at its start (the proposal
     * ends where the frame cannot be read alone, and the walk goes on from there as before). The entries,
     * their order, the damage found and the limits met are the same with or without it. The prefetch was
     * made with the same {@code wantsContent}.
     */
    public static End walk(TarSource src, String file, Limits limits, Predicate<TarEntryReader.Parsed> wantsContent,
                           Callback callback, FramePrefetch prefetch) throws IOException {
        return walk(src, file, limits, wantsContent, callback, prefetch, null);
    }

    /**
     * Walks as {@link #walk(TarSource, String, Limits, Predicate, Callback, FramePrefetch)} does over the frames
     * {@code plan} reads (null: all): standing at an entry boundary in a frame it does not read, the walk goes
     * on at the start of the next frame it reads, and it ends at the end-of-archive marker where the plan
     * ends (the index). The entries of the frames it does not read are not decompressed, parsed nor handed
     * on; damage there is not met. The prefetch was made with the same plan.
     */
    public static End walk(TarSource src, String file, Limits limits, Predicate<TarEntryReader.Parsed> wantsContent,
                           Callback callback, FramePrefetch prefetch, FramePlan plan) throws IOException {
        List<Damage> damage = new ArrayList<>();
        FrameCursor planned = plan != null && src instanceof FrameCursor c ? c : null;
        FrameCursor frames = prefetch != null && src instanceof FrameCursor c ? c : null;
        FramePrefetch.Frame ahead = null; // the proposal for the frame the walk is in, while it lasts
        int next = 0; // its next entry
        int asked = -1; // the last frame a proposal was asked for
        TarEntryReader.Scratch scratch = new TarEntryReader.Scratch();
        while (true) {
            TarEntryReader.Parsed p;
            if (planned != null && !plan.reads(planned.frame())) {
                int to = plan.nextRead(planned.frame());
                if (to >= plan.end()) {
                    return new End(End.Kind.END_MARKER, null, damage);
                }
                planned.seek(to, 0);
            }
            int frame = src.frame();
            long offset = src.offset();
            try {
                if (ahead != null && (next >= ahead.entries().size() || ahead.frame() != frame)) {
                    ahead = null;
                }
                if (frames != null && ahead == null && frame > asked && frames.atStartOf(frame)) {
                    asked = frame;
                    ahead = prefetch.get(frame);
                    next = 0;
                    if (ahead != null) {
                        frames.adopt(frame, ahead.data(), ahead.length());
                        if (ahead.entries().isEmpty()) {
                            ahead = null;
                        }
                    }
                }
                byte[] content = null;
                if (ahead != null) {
                    p = ahead.entries().get(next);
                    content = ahead.contents()[next];
                    frames.seek(frame, ahead.contentOffsets()[next++] + TarConstants.padded(p.size()));
                } else {
                    p = TarEntryReader.next(src, limits, scratch);
                    if (p == null) {
                        return new End(End.Kind.END_MARKER, null, damage);
                    }
                    if (wantsContent.test(p)) {
                        content = new byte[(int) p.size()];
                        src.readFully(content, 0, content.length);
                        src.skip(TarConstants.padding(p.size()));
                    } else {
                        src.skip(TarConstants.padded(p.size()));
                    }
                }
                if (!callback.accept(p, content)) {
                    return new End(End.Kind.END_MARKER, null, damage);
                }
            } catch (EOFException e) {
                long fileOffset = src instanceof FrameCursor c ? fileOffset(c.store(), frame) : -1;
                return new End(End.Kind.CUT_OFF, new Damage(Damage.Kind.ENTRY_CUT_OFF, frame, fileOffset,
                        new Damage.Position(frame, offset), -1, "the usable data ends inside the entry at "
                        + TarEntryReader.where(frame, offset).replace(": ", "") + "; that entry is dropped"), damage);
            } catch (FrameStore.FrameDamageException e) {
                if (!(src instanceof FrameCursor cursor)) {
                    return new End(End.Kind.DAMAGED, e.damage(), damage);
                }
                Damage r = resume(cursor, Damage.Kind.FRAME, e.getMessage(), e.frame(), frame, offset);
                if (r.resumedAt() >= cursor.store().count()) {
                    return new End(End.Kind.DAMAGED, r, damage);
                }
                damage.add(r);
            } catch (ZipException e) {
                return new End(End.Kind.DAMAGED, new Damage(Damage.Kind.GZIP, -1, -1, new Damage.Position(-1, offset), -1,
                        file + ": gzip data damaged after stream offset " + offset + ": " + e.getMessage()), damage);
            } catch (FormatException e) {
                if (e.kind() != Kind.CORRUPT) {
                    throw new ArchiveException(e.kind(), file + ": " + e.getMessage());
                }
                if (!(src instanceof FrameCursor cursor)) {
                    return new End(End.Kind.DAMAGED, new Damage(Damage.Kind.TAR_HEADER, frame, -1,
                            new Damage.Position(frame, offset), -1, file + ": " + e.getMessage()), damage);
                }
                // the frame holding the bad bytes: where the walk stands, unless the headers just read ended
                // exactly at a frame's end (the cursor then already stands at the start of the next frame)
                int now = src.frame();
                int bad = now > frame && src.offset() == 0 ? now - 1 : Math.max(frame, now);
                Damage r = resume(cursor, Damage.Kind.TAR_HEADER, file + ": " + e.getMessage(), bad, frame, offset);
                if (r.resumedAt() >= cursor.store().count()) {
                    return new End(End.Kind.DAMAGED, r, damage);
                }
                damage.add(r);
            }
        }
    }

    /**
     * Positions {@code cursor} at the first frame after {@code bad} that starts with a tar header
     * (or past the last frame when none does) and says so: the damage, with the entry lost to it and
     * where the walk resumed (the frame count when no later frame starts an entry). Frames are looked
     * at once each, in order, so a walk still decompresses every frame at most once.
     */
    private static Damage resume(FrameCursor cursor, Damage.Kind kind, String problem, int bad, int entryFrame,
                                 long entryOffset) throws IOException {
        FrameStore store = cursor.store();
        StringBuilder d = new StringBuilder(problem);
        // the entry being read is lost when it started before the damaged frame, or when its own header is corrupt
        Damage.Position lost = entryFrame >= 0 && (entryFrame < bad || kind == Damage.Kind.TAR_HEADER)
                ? new Damage.Position(entryFrame, entryOffset) : null;
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
                return new Damage(kind, bad, fileOffset(store, bad), lost, k, d.toString());
            }
            insideEntry++;
        }
        cursor.seek(store.count(), 0);
        d.append("; no later frame starts with an entry header");
        if (!damaged.isEmpty()) {
            d.append(" (frames ").append(damaged).append(" damaged too)");
        }
        return new Damage(kind, bad, fileOffset(store, bad), lost, store.count(), d.toString());
    }

    private static long fileOffset(FrameStore store, int frame) {
        return frame >= 0 && frame < store.count() ? store.offset(frame) : -1;
    }
}
