package io.procsnap.format.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which frames a walk reads when the index says the others hold only entries it does not need (issue 16). */
class FramePlanTests {
    private static final Predicate<String> MAIN_PASS = path -> !path.startsWith("samples/");

    /** An index of {@code version} whose rows are {@code path frame [offset] ok} (rows sorted by path). */
    private static IndexTable index(int version, String... rows) throws FormatException {
        StringBuilder b = new StringBuilder("#procsnap-index\tversion=" + version + "\tentries=" + rows.length
                + "\tindexed=" + rows.length + "\tpartial=0\n");
        for (String row : rows) {
            b.append(row.replace(' ', '\t')).append('\n');
        }
        return IndexTable.parse(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean[] reads(FramePlan plan) {
        boolean[] r = new boolean[plan.end()];
        for (int k = 0; k < r.length; k++) {
            r[k] = plan.reads(k);
        }
        return r;
    }

    @Test
    void framesHoldingOnlyUnneededEntriesAreNotRead() throws Exception {
        // frame 0 the manifest; 1-2 the main pass; 3 inside a large main entry; 4-5 samples; 6 inside a large
        // sample; 7 main again; the index from frame 8
        IndexTable t = index(2, "proc/1/stat 1 ok", "proc/1/status 2 ok", "proc/2/stat 7 ok",
                "samples/1/proc/1/stat 4 ok", "samples/1/proc/2/stat 5 ok", "samples/2/proc/1/stat 5 ok");
        FramePlan plan = FramePlan.of(t, 10, 8, MAIN_PASS);
        assertNotNull(plan);
        assertArrayEquals(new boolean[] {true, true, true, false, false, false, false, true}, reads(plan));
        assertEquals(8, plan.end());
        assertEquals(4, plan.skipped());
        assertArrayEquals(new int[] {0, 1, 2, 7}, plan.order());
        assertEquals(7, plan.nextRead(3), "the walk jumps from the samples to the next main frame");
        assertEquals(8, plan.nextRead(8));
        List<String> unread = new ArrayList<>();
        plan.forEachUnreadRow((path, frame, status) -> unread.add(path + "@" + frame));
        assertEquals(List.of("samples/1/proc/1/stat@4", "samples/1/proc/2/stat@5", "samples/2/proc/1/stat@5"), unread);
    }

    @Test
    void aFrameSharedByANeededEntryIsRead() throws Exception {
        IndexTable t = index(2, "proc/1/stat 1 ok", "proc/2/stat 2 ok", "samples/1/proc/1/stat 2 ok");
        FramePlan plan = FramePlan.of(t, 4, 3, MAIN_PASS);
        assertEquals(0, plan.skipped());
        List<String> unread = new ArrayList<>();
        plan.forEachUnreadRow((path, frame, status) -> unread.add(path));
        assertTrue(unread.isEmpty(), unread.toString());
    }

    @Test
    void aFormat10FrameThatMayStartInsideAnEntryHasTheFrameBeforeItReadToo() throws Exception {
        // format 1.0: frame 3's first row starts at offset 1536, so frame 3 may begin with the tail of an entry
        // starting in frame 2 (or in 1, running through 2): the walk must reach 3 by reading on from 1
        IndexTable t = index(1, "proc/1/stat 1 0 ok", "proc/2/stat 3 1536 ok", "samples/1/proc/1/stat 1 2048 ok",
                "samples/1/proc/9/stat 4 0 ok");
        FramePlan plan = FramePlan.of(t, 6, 5, MAIN_PASS);
        assertArrayEquals(new boolean[] {true, true, true, true, false}, reads(plan));
        // the same rows at offset 0 of frame 3: a jump can land there
        IndexTable atStart = index(1, "proc/1/stat 1 0 ok", "proc/2/stat 3 0 ok", "samples/1/proc/1/stat 2 0 ok",
                "samples/1/proc/9/stat 4 0 ok");
        assertArrayEquals(new boolean[] {true, true, false, true, false}, reads(FramePlan.of(atStart, 6, 5, MAIN_PASS)));
    }

    @Test
    void anIndexThatCannotStandForTheFramesGivesNoPlan() throws Exception {
        IndexTable t = index(2, "proc/1/stat 1 ok", "samples/1/proc/1/stat 2 ok");
        assertNull(FramePlan.of(t, 4, 2, MAIN_PASS), "a row at the index's own frame");
        assertNull(FramePlan.of(t, 4, 0, MAIN_PASS), "no index frame");
        assertNull(FramePlan.of(t, 4, 9, MAIN_PASS), "an index frame past the frames");
        assertNull(FramePlan.of(index(2, "proc/1/stat 0 ok"), 4, 3, MAIN_PASS), "a row in the manifest's frame");
        assertFalse(FramePlan.of(t, 4, 3, MAIN_PASS).reads(2));
    }
}
