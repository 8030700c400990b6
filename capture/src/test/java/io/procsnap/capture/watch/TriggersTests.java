package io.procsnap.capture.watch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggersTests {

    @Test
    void procsBlockedAtTheThreshold() {
        assertEquals(List.of(), Triggers.procsBlocked(9, 10));
        Condition c = Triggers.procsBlocked(10, 10).get(0);
        assertEquals("procs-blocked", c.key());
        assertEquals("10", c.values().get("procs_blocked"));
        assertEquals(List.of(), Triggers.procsBlocked(-1, 0));
    }

    @Test
    void pressurePerResource() {
        List<Condition> c = Triggers.pressure(Map.of("io", 40.5, "memory", 3.0), 25);
        assertEquals(1, c.size());
        assertEquals("pressure:io", c.get(0).key());
        assertTrue(c.get(0).summary().contains("40.5%"), c.get(0).summary());
        assertEquals(List.of(), Triggers.pressure(Map.of("io", Double.NaN), 0));
    }

    @Test
    void msgqFullByBytesOrByMessages() {
        long msgmnb = 16384;
        SignalText.MsgQueue bytes = new SignalText.MsgQueue(0x499602d2, 32769, 16384, 128, 4242, 4241);
        SignalText.MsgQueue messages = new SignalText.MsgQueue(-559038737, 7, 0, 16000, 1, 2); // zero-length messages
        SignalText.MsgQueue fine = new SignalText.MsgQueue(1, 8, 8000, 10, 1, 2);
        List<Condition> c = Triggers.msgqFull(List.of(bytes, messages, fine), msgmnb, 95);
        assertEquals(2, c.size());
        assertEquals("msgq-full:32769", c.get(0).key());
        assertEquals("SysV queue msqid 32769 key 0x499602d2 at 100% of its byte limit (16384 of 16384 bytes, 128 messages;"
                + " last sender 4242, last receiver 4241)", c.get(0).summary());
        assertTrue(c.get(1).summary().contains("key 0xdeadbeef at 97.7% of its message limit"), c.get(1).summary());
        assertEquals(List.of(), Triggers.msgqFull(List.of(bytes), -1, 95), "no limit known: nothing claimed");
    }

    @Test
    void hungTaskFromKmsgOrFromTheCounter() {
        long now = 500_000_000_000L;
        assertEquals(List.of(), Triggers.hungTask(List.of(), 3, 3, 120, now));
        assertEquals(List.of(), Triggers.hungTask(List.of(), -1, 3, 120, now), "the first reading sets the baseline");
        Condition counter = Triggers.hungTask(List.of(), 3, 4, 120, now).get(0);
        assertEquals("3 -> 4", counter.values().get("hung_task_detect_count"));
        assertEquals(now - 120_000_000_000L, counter.sinceNanos());
        Condition kmsg = Triggers.hungTask(List.<String[]>of(new String[] {"cat", "4242", "122"}), 3, 4, 120, now).get(0);
        assertEquals("cat:4242", kmsg.values().get("tasks"));
        assertEquals("the kernel reported a hung task: cat:4242 blocked for more than 122 s (/dev/kmsg)", kmsg.summary());
        assertEquals(now - 122_000_000_000L, kmsg.sinceNanos());
        assertTrue(TriggerKind.HUNG_TASK.event);
    }

    @Test
    void fsFullAsDfComputesIt() {
        SignalText.Mount m = new SignalText.Mount("0:50", "/tank/data", false, "zfs", "tank/data");
        // a dataset on a full pool: avail is the pool's, so a small dataset shows 100%
        SignalText.Statfs full = new SignalText.Statfs(0x2fc12fc1, 131072, 131072, 1000, 0, 0, "/tank/data");
        Condition c = Triggers.fsFull(m, full, 95).get(0);
        assertEquals("fs-full:/tank/data", c.key());
        assertEquals("100", c.values().get("used_percent"));
        SignalText.Statfs half = new SignalText.Statfs(0xef53, 4096, 4096, 1000, 500, 450, "/");
        assertEquals(List.of(), Triggers.fsFull(m, half, 95));
        assertEquals("52.6", Triggers.number(half.usedPercent()));
    }

    @Test
    void numbersAndSeconds() {
        assertEquals("95", Triggers.number(95.0));
        assertEquals("12.5", Triggers.number(12.46));
        assertEquals("2.5", Triggers.seconds(2_500_000_000L));
        assertEquals("0", Triggers.seconds(10_000_000L));
    }
}
