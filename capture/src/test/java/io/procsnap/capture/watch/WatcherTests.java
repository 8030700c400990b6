package io.procsnap.capture.watch;

import io.procsnap.format.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch loop with an injected clock, a source whose conditions the test sets, and a launcher that
 * "captures" by writing a file of a chosen size: holds, one capture at a time, cool-down, rotation and
 * budget, and a restart from the state file. Nothing here waits for real time.
 */
class WatcherTests {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock();
    private final List<Condition> current = new ArrayList<>();
    private final StringWriter logText = new StringWriter();
    private FakeLauncher launcher;

    /** Captures by writing {@code size} bytes under the given name when the test ends the capture. */
    final class FakeLauncher implements Watcher.Launcher {
        final List<Manifest.Trigger> triggers = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        boolean running;
        Watcher.Ended ended;

        @Override
        public void start(Manifest.Trigger trigger, String fileName) {
            triggers.add(trigger);
            names.add(fileName);
            running = true;
        }

        @Override
        public boolean running() {
            return running;
        }

        @Override
        public Watcher.Ended poll(long nanos) {
            Watcher.Ended e = ended;
            ended = null;
            return e;
        }

        @Override
        public void stop() {
            running = false;
        }

        void finish(int size) throws IOException {
            String name = names.get(names.size() - 1);
            Files.write(dir.resolve(name), new byte[size]);
            running = false;
            ended = new Watcher.Ended(3, "procsnap: wrote " + dir.resolve(name) + " (" + size + " B)", name);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve(".procsnap-watch"));
        launcher = new FakeLauncher();
    }

    private Watcher watcher(int keep, long maxBytes) {
        WatchLog log = new WatchLog(new PrintWriter(logText, true), dir.resolve(".procsnap-watch/log"), clock);
        WatchState state = WatchState.load(dir.resolve(".procsnap-watch/state"), log::line);
        return new Watcher(new Watcher.Settings(S, 10 * S, 600 * S, "dev-17"), clock, nanos -> List.copyOf(current),
                launcher, new Rotation(dir, keep, maxBytes), state, log);
    }

    /** Ticks once a second for {@code seconds}. */
    private void run(Watcher w, int seconds) {
        for (int i = 0; i < seconds; i++) {
            w.tick();
            clock.advanceSeconds(1);
        }
    }

    private static Condition queue(int msqid) {
        return new Condition(TriggerKind.MSGQ_FULL, "msgq-full:" + msqid, "SysV queue msqid " + msqid + " full",
                Map.of("msqid", Integer.toString(msqid)));
    }

    @Test
    void capturesOnceTheConditionHeldForTheHoldWithTheTriggerRecorded() {
        Watcher w = watcher(5, 1 << 30);
        current.add(queue(7));
        run(w, 10);
        assertEquals(List.of(), launcher.triggers, "held 9 s of 10");
        current.add(new Condition(TriggerKind.PROCS_BLOCKED, "procs-blocked", "12 tasks blocked", Map.of()));
        run(w, 1);
        assertEquals(1, launcher.triggers.size());
        Manifest.Trigger t = launcher.triggers.get(0);
        assertEquals("msgq-full", t.name());
        assertEquals("SysV queue msqid 7 full", t.summary());
        assertEquals(java.time.Instant.parse("2026-11-22T01:00:00Z"), t.since());
        assertEquals(java.time.Instant.parse("2026-11-22T01:00:10Z"), t.fired());
        assertEquals("7", t.values().get("msqid"));
        assertEquals("10", t.values().get("held_s"));
        assertEquals(List.of("procs-blocked: 12 tasks blocked (for 0 s)"), t.also());
        assertEquals("procsnap-dev-17-20261122T010010Z-msgq-full.tar.zst", launcher.names.get(0));
    }

    @Test
    void oneCaptureAtATimeThenTheCooldownThenAgain() throws IOException {
        Watcher w = watcher(5, 1 << 30);
        current.add(queue(7));
        run(w, 11);
        assertEquals(1, launcher.triggers.size());
        current.add(new Condition(TriggerKind.HUNG_TASK, "hung-task", "cat:1 hung", Map.of()));
        run(w, 20);
        assertEquals(1, launcher.triggers.size(), "a capture runs: no second one");
        launcher.finish(1000);
        run(w, 60);
        assertEquals(1, launcher.triggers.size(), "cool-down");
        assertEquals(1, count(logText.toString(), "holds (msgq-full:7), no capture: cool-down until 2026-11-22T01:10:10Z"),
                logText.toString());
        run(w, 600 - 91 + 10); // ticks up to 609 s; the capture started at 10 s
        assertEquals(1, launcher.triggers.size(), "still 1 s of cool-down: " + logText);
        run(w, 1);
        assertEquals(2, launcher.triggers.size(), "the machine stayed sick: captured again after the cool-down");
        assertEquals("hung-task", launcher.triggers.get(1).name(), "events go first");
    }

    @Test
    void rotationKeepsTheNewestWithinCountAndBytes() throws IOException {
        Watcher w = watcher(2, 2500);
        current.add(queue(7));
        for (int i = 0; i < 4; i++) {
            run(w, 601);
            assertEquals(i + 1, launcher.triggers.size());
            launcher.finish(1000);
            run(w, 1);
        }
        List<String> left = new Rotation(dir, 2, 2500).list().stream().map(a -> a.path().getFileName().toString()).toList();
        assertEquals(List.of(launcher.names.get(2), launcher.names.get(3)), left);
        assertTrue(logText.toString().contains("removed " + launcher.names.get(0)), logText.toString());
    }

    @Test
    void theCooldownSurvivesARestart() throws IOException {
        Watcher first = watcher(5, 1 << 30);
        current.add(queue(7));
        run(first, 11);
        launcher.finish(100);
        run(first, 1);
        WatchState saved = WatchState.load(dir.resolve(".procsnap-watch/state"), s -> { });
        assertNotNull(saved.lastCapture);
        assertEquals("msgq-full", saved.lastTrigger);
        assertEquals(1, saved.captures);

        // the watcher is restarted 100 s later: 500 s of cool-down remain
        clock.advanceSeconds(100);
        launcher = new FakeLauncher();
        Watcher second = watcher(5, 1 << 30);
        assertTrue(logText.toString().contains("cool-down from the last capture (msgq-full at 2026-11-22T01:00:10Z) until"
                + " 2026-11-22T01:10:10Z"), logText.toString());
        run(second, 480);
        assertEquals(0, launcher.triggers.size());
        run(second, 30);
        assertEquals(1, launcher.triggers.size());
        assertEquals(2, WatchState.load(dir.resolve(".procsnap-watch/state"), s -> { }).captures);
    }

    @Test
    void conditionsThatAppearAndClearAreLoggedOnce() {
        Watcher w = watcher(5, 1 << 30);
        current.add(queue(7));
        run(w, 3);
        current.clear();
        run(w, 3);
        String log = logText.toString();
        assertEquals(1, count(log, "msgq-full: SysV queue msqid 7 full (captures if it holds 10 s)"), log);
        assertEquals(1, count(log, "msgq-full:7 cleared after 3 s"), log);
        assertEquals(List.of(), launcher.triggers);
        assertTrue(Files.exists(dir.resolve(".procsnap-watch/log")));
    }

    @Test
    void aHungTaskReportedAgainAndAgainDuringTheCooldownIsLoggedOnce() throws IOException {
        Watcher w = watcher(5, 1 << 30);
        Condition hung = new Condition(TriggerKind.HUNG_TASK, "hung-task", "the kernel reported a hung task", Map.of());
        current.add(hung);
        run(w, 1);
        assertEquals(1, launcher.triggers.size(), "an event needs no hold");
        launcher.finish(100);
        for (int i = 0; i < 20; i++) { // the kernel reports the same task every few seconds
            current.clear();
            run(w, 2);
            current.add(hung);
            run(w, 1);
        }
        String log = logText.toString();
        assertEquals(1, launcher.triggers.size());
        assertEquals(1, count(log, "hung-task: the kernel reported a hung task"), log);
        assertEquals(1, count(log, "hung-task holds (hung-task), no capture: cool-down until"), log);
        assertEquals(0, count(log, "cleared"), log);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
