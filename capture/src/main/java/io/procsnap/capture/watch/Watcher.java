package io.procsnap.capture.watch;

import io.procsnap.format.Manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The watch loop. Each tick: the conditions holding now ({@link Source}), how long each has held
 * ({@link Holds}), and when one is due, a capture ({@link Launcher}) unless one runs or the cool-down
 * (from the last capture's start, remembered in {@link WatchState} across restarts) is on. After a
 * capture the directory is brought back within budget ({@link Rotation}).
 */
final class Watcher {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The conditions holding at this tick. */
    interface Source {
        List<Condition> poll(long nanos);
    }

    /** Runs one capture at a time. */
    interface Launcher {
        /** Starts a capture writing {@code fileName} in the watch directory and recording {@code trigger}. */
        void start(Manifest.Trigger trigger, String fileName) throws IOException;

        boolean running();

        /** How the capture ended, once, after it has; null while it runs or when none ran. */
        Ended poll(long nanos);

        /** Stops a running capture (it finishes its archive with what it read), bounded in time. */
        void stop();
    }

    /**
     * @param exit       the capture's exit code, -1 when it did not exit (killed, left behind)
     * @param summary    its last line ({@code procsnap: wrote ...}) or why it failed
     * @param archive    the archive it wrote, or null
     */
    record Ended(int exit, String summary, String archive) { }

    /**
     * @param hostname  for the archive names
     */
    record Settings(long intervalNanos, long holdNanos, long cooldownNanos, String hostname) { }

    private final Settings settings;
    private final WatchClock clock;
    private final Source source;
    private final Launcher launcher;
    private final Rotation rotation;
    private final WatchState state;
    private final WatchLog log;
    private final Holds holds = new Holds();
    private final Set<String> notedWhileCooling = new HashSet<>();
    private long cooldownUntil = Long.MIN_VALUE;
    private volatile Thread runner;

    Watcher(Settings settings, WatchClock clock, Source source, Launcher launcher, Rotation rotation, WatchState state,
            WatchLog log) {
        this.settings = settings;
        this.clock = clock;
        this.source = source;
        this.launcher = launcher;
        this.rotation = rotation;
        this.state = state;
        this.log = log;
        if (state.lastCapture != null) {
            Instant until = state.lastCapture.plusNanos(settings.cooldownNanos());
            long left = until.toEpochMilli() - clock.now().toEpochMilli();
            if (left > 0) {
                // a wall clock set back cannot stretch the cool-down past its length
                cooldownUntil = clock.nanoTime() + Math.min(left * 1_000_000L, settings.cooldownNanos());
                log.line("cool-down from the last capture (" + state.lastTrigger + " at " + WatchLog.utc(state.lastCapture)
                        + ") until " + WatchLog.utc(until));
            }
        }
    }

    /** One round: read the signals, note what changed, start a capture when one is due. */
    void tick() {
        long nanos = clock.nanoTime();
        Instant wall = clock.now();
        List<Condition> now = source.poll(nanos);
        Holds.Changes changes = holds.update(now, nanos, wall);
        boolean quiet = launcher.running() || nanos < cooldownUntil;
        for (Condition c : changes.appeared()) {
            // an event (a hung-task report) recurs while the machine stays sick: logged when it can lead to a
            // capture, and once per cool-down (decide) otherwise
            if (!c.kind().event || !quiet) {
                log.line(c.kind().id + ": " + c.summary() + (c.kind().event ? ""
                        : " (captures if it holds " + Triggers.seconds(settings.holdNanos()) + " s)"));
            }
        }
        changes.cleared().forEach((key, held) -> {
            if (!key.equals(TriggerKind.HUNG_TASK.id)) {
                log.line(key + " cleared after " + Triggers.seconds(held) + " s");
            }
        });
        Ended ended = launcher.poll(nanos);
        if (ended != null) {
            finished(ended);
        }
        if (!launcher.running()) {
            List<Holds.Held> due = holds.due(nanos, settings.holdNanos());
            if (!due.isEmpty()) {
                decide(due, nanos, wall);
            }
        }
        if (state.dirty) {
            save();
        }
    }

    private void decide(List<Holds.Held> due, long nanos, Instant wall) {
        if (nanos < cooldownUntil) {
            for (Holds.Held h : due) {
                if (notedWhileCooling.add(h.condition().key())) {
                    log.line(h.condition().kind().id + " holds (" + h.condition().key() + "), no capture: cool-down until "
                            + WatchLog.utc(wall.plusNanos(cooldownUntil - nanos)) + " (last capture "
                            + WatchLog.utc(state.lastCapture) + ")");
                }
            }
            return;
        }
        Holds.Held first = due.get(0);
        Manifest.Trigger trigger = trigger(first, wall);
        String name = "procsnap-" + safe(settings.hostname()) + "-" + STAMP.format(wall) + "-" + first.condition().kind().id
                + ".tar.zst";
        try {
            for (Rotation.Archive a : rotation.makeRoom(rotation.expectedSize())) {
                log.line("removed " + a.path().getFileName() + " (" + a.size() + " bytes) to make room");
            }
        } catch (IOException e) {
            log.line("cannot make room in the watch directory: " + e.getMessage());
        }
        try {
            launcher.start(trigger, name);
        } catch (IOException e) {
            log.line("cannot start the capture: " + e.getMessage() + "; next try after the cool-down");
            cooldownUntil = nanos + settings.cooldownNanos();
            return;
        }
        cooldownUntil = nanos + settings.cooldownNanos();
        notedWhileCooling.clear();
        state.lastCapture = wall;
        state.lastTrigger = first.condition().kind().id;
        state.lastArchive = name;
        state.captures++;
        state.dirty = true;
        log.line("capturing (" + first.condition().kind().id + " held " + Triggers.seconds(first.heldNanos()) + " s): "
                + first.condition().summary() + " -> " + name);
    }

    private Manifest.Trigger trigger(Holds.Held first, Instant wall) {
        Map<String, String> values = new LinkedHashMap<>(first.condition().values());
        values.put("held_s", Triggers.seconds(first.heldNanos()));
        values.put("hold_s", first.condition().kind().event ? "0" : Triggers.seconds(settings.holdNanos()));
        values.put("key", first.condition().key());
        List<String> also = new ArrayList<>();
        for (Holds.Held h : holds.all(clock.nanoTime())) {
            if (!h.condition().key().equals(first.condition().key()) && also.size() < 10) {
                also.add(h.condition().kind().id + ": " + h.condition().summary() + " (for "
                        + Triggers.seconds(h.heldNanos()) + " s)");
            }
        }
        return new Manifest.Trigger(first.condition().kind().id, first.condition().summary(), first.since(), wall,
                values, also);
    }

    private void finished(Ended e) {
        log.line("capture ended (exit " + (e.exit() < 0 ? "none: killed" : e.exit()) + "): " + e.summary());
        if (e.archive() != null) {
            state.lastArchive = e.archive();
            state.dirty = true;
        }
        try {
            for (Path p : rotation.recoverTemporaries()) { // a capture killed before its signal hook was in place
                log.line("kept " + p.getFileName() + ": the capture's archive as far as it got (its complete frames are"
                        + " readable)");
            }
            for (Rotation.Archive a : rotation.enforce()) {
                log.line("removed " + a.path().getFileName() + " (" + a.size() + " bytes): keeping the newest within budget");
            }
            long total = rotation.totalBytes();
            if (total > rotation.maxBytes()) {
                log.line("the newest archive alone (" + total + " bytes) is above --max-bytes " + rotation.maxBytes()
                        + ": kept, as the only one");
            }
        } catch (IOException ex) {
            log.line("cannot list the watch directory: " + ex.getMessage());
        }
    }

    private void save() {
        try {
            state.save();
            state.dirty = false;
        } catch (IOException e) {
            log.line("cannot save the state: " + e.getMessage());
            state.dirty = false; // tried once for this change; the next change tries again
        }
    }

    /** Ticks every interval until {@code stop} is set (then {@link #wake} ends the sleep at once). */
    void run(AtomicBoolean stop) {
        runner = Thread.currentThread();
        long next = clock.nanoTime();
        while (!stop.get()) {
            tick();
            next += settings.intervalNanos();
            long now = clock.nanoTime();
            if (next < now) {
                next = now; // a tick that took longer than the interval: no burst of catch-up ticks
            }
            while (!stop.get() && clock.nanoTime() < next) {
                LockSupport.parkNanos(next - clock.nanoTime());
            }
        }
        if (launcher.running()) {
            log.line("stopping the running capture (SIGTERM: it finishes its archive with what it read)");
            launcher.stop();
            Ended e = launcher.poll(clock.nanoTime());
            if (e != null) {
                finished(e);
            }
        }
        save();
    }

    void wake() {
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Odd characters of the hostname become '_' (as the capture's own default name does). */
    static String safe(String hostname) {
        String h = hostname == null ? "unknown" : hostname.replaceAll("[^A-Za-z0-9._-]", "_");
        return h.isEmpty() ? "unknown" : h;
    }
}
