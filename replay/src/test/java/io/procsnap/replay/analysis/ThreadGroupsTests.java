package io.procsnap.replay.analysis;

import io.procsnap.replay.render.Table;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadGroupsTests {
    private static ThreadView thread(int pid, int tid, char state, String wchan, String syscall) {
        return new ThreadView(pid, tid, "p" + pid, "t", state, wchan, syscall, List.of(), List.of(),
                new WaitClass(WaitKind.OTHER, wchan), 0, 0, 0, 1.0, "proc/" + pid + "/task/" + tid);
    }

    @Test
    void groupsLargestFirstThenByValues() {
        List<ThreadView> threads = List.of(thread(1, 1, 'S', "ep_poll", "epoll_wait"),
                thread(2, 2, 'D', "cv_wait_common", "write"), thread(2, 3, 'D', "cv_wait_common", "write"),
                thread(3, 4, 'D', "cv_wait_common", "write"), thread(3, 5, 'S', "a", "read"));
        ThreadGroups.Report r = ThreadGroups.group(threads, List.of("state", "wchan"), null);
        assertEquals(5, r.total());
        assertEquals(new ThreadGroups.Group(List.of("D", "cv_wait_common"), 3, List.of(2, 3), List.of(2, 3, 4)),
                r.groups().get(0));
        assertEquals(List.of("S", "a"), r.groups().get(1).values());
        assertEquals(List.of("S", "ep_poll"), r.groups().get(2).values());
        assertEquals(3, ThreadGroups.group(threads, List.of("syscall"), "D").total());
        assertThrows(IllegalArgumentException.class, () -> ThreadGroups.group(threads, List.of("colour"), null));
    }

    @Test
    void problemPatternsReplaceNumbers() {
        assertEquals("proc/*/task/*/stack", InfoReport.pattern("proc/26936/task/26940/stack"));
        assertEquals("samples/*/proc/*/fd/*", InfoReport.pattern("samples/2/proc/4/fd/12"));
        assertEquals("cmd/zpool-list/stdout", InfoReport.pattern("cmd/zpool-list/stdout"));
    }

    @Test
    void tableAlignsAndNeverPadsTheLastColumn() {
        StringWriter out = new StringWriter();
        new Table(">PID", "COMM", "CMD").row(1, "init", "/sbin/init").row(4120, "backup-agent", "-").print(new PrintWriter(out, true));
        assertEquals(" PID  COMM          CMD\n   1  init          /sbin/init\n4120  backup-agent  -\n", out.toString());
    }
}
