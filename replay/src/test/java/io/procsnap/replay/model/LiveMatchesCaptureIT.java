package io.procsnap.replay.model;

import io.procsnap.format.Entry;
import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.KernelFile;
import io.procsnap.format.layout.KernelFile.Pass;
import io.procsnap.format.layout.KernelFile.Scope;
import io.procsnap.replay.fuse.Commands;
import io.procsnap.replay.fuse.LoadPopulation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One engine reads the kernel: a capture of this machine and a {@code --live} read right after it, on a
 * quiet population (the bench load generator, small) inside a private pid+ipc namespace, agree on the
 * processes, the threads, the files read per thread (the table's per-thread rows) and the state and wait
 * channel of every sleeping thread of the load. The capture runs through its own command line and the
 * live read through {@link SnapshotLoader#live()}, in one JVM ({@link LiveCaptureProbe}) whose own
 * threads and children are left out. Needs root, gcc and unshare; the load kills itself after 120 s and
 * is stopped in finally.
 */
class LiveMatchesCaptureIT {
    @Test
    void aCaptureAndALiveReadOfTheSameQuietMachineAgree() throws Exception {
        assertTrue(Files.isReadable(LoadPopulation.LOAD), "load generator not found at " + LoadPopulation.LOAD);
        assertEquals("root", System.getProperty("user.name"), "needs root: unshare --pid");
        Path work = Files.createTempDirectory("procsnap-live-vs-capture");
        Path archive = work.resolve("capture.tar.zst");
        Path liveView = work.resolve("live.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> lines = new ArrayList<>(LoadPopulation.start(work, "-p 4 -t 5 -q 1 -c 1 -z 1 -T 120"));
        lines.add(java + " --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path") + "' "
                        + LiveCaptureProbe.class.getName() + " " + archive + " " + liveView
                        + " > " + work.resolve("probe.log") + " 2>&1");
        String script = String.join("\n", lines);
        try {
            var r = Commands.run(240, "unshare", "--pid", "--fork", "--mount-proc", "--ipc", "--net", "bash", "-c", script);
            assertEquals(0, r.exit(), "namespace part failed: " + r.out() + r.err() + read(work.resolve("probe.log")));
            List<String> liveLines = Files.readAllLines(liveView);
            int probe = Integer.parseInt(liveLines.get(0).substring("probe ".length()));
            View live = View.parse(liveLines.subList(1, liveLines.size()));
            View captured;
            try (Snapshot s = SnapshotLoader.load(archive)) {
                captured = View.parse(view(s).lines().toList());
            }
            Set<Integer> excluded = new HashSet<>(live.childrenOf(probe));
            excluded.addAll(captured.childrenOf(probe));
            excluded.add(probe);
            View a = captured.without(excluded);
            View b = live.without(excluded);
            assertTrue(a.threads.keySet().stream().filter(t -> a.comm.get(t).startsWith("procload")).count() >= 20,
                    "the load should show its threads: " + new TreeSet<>(a.comm.values()));
            assertEquals(a.processes(), b.processes(), "processes");
            assertEquals(a.threads.keySet(), b.threads.keySet(), "threads");
            Set<String> threadFiles = new TreeSet<>();
            for (Pass pass : List.of(Pass.FAST, Pass.DETAILS)) {
                KernelFile.rows(Scope.THREAD, pass).forEach(f -> threadFiles.add(f.file()));
            }
            for (String tid : a.threads.keySet()) {
                assertEquals(threadFiles, a.files.get(tid), "capture: files read of thread " + tid);
                assertEquals(a.files.get(tid), b.files.get(tid), "files read of thread " + tid);
            }
            List<String> sleeping = new ArrayList<>();
            List<String> differ = new ArrayList<>();
            for (String tid : a.threads.keySet()) {
                String state = a.threads.get(tid);
                if (a.comm.get(tid).startsWith("procload") && (state.startsWith("S ") || state.startsWith("D "))) {
                    sleeping.add(tid);
                    if (!state.equals(b.threads.get(tid))) {
                        differ.add(tid + ": capture '" + state + "', live '" + b.threads.get(tid) + "'");
                    }
                }
            }
            System.out.println("live vs capture: " + a.threads.size() + " threads, " + sleeping.size()
                    + " sleeping threads of the load, " + differ.size() + " differ");
            assertTrue(sleeping.size() >= 20, "sleeping threads of the load: " + sleeping.size());
            assertEquals(List.of(), differ, "state and wchan of the sleeping load");
        } finally {
            LoadPopulation.stop(work);
            Commands.run(30, "rm", "-rf", work.toString());
        }
    }

    /**
     * One line per process and two per thread, {@code P pid ppid}, {@code T pid/tid state wchan comm} (the
     * process's comm) and {@code F pid/tid file,file,...}: what the comparison looks at.
     */
    static String view(Snapshot s) {
        Map<String, TreeSet<String>> files = new TreeMap<>();
        for (Entry e : s.entries()) {
            if (ArchivePath.parse(e.path()) instanceof ArchivePath.ThreadFile t) {
                files.computeIfAbsent(t.pid() + "/" + t.tid(), k -> new TreeSet<>())
                        .add(t.file() == null ? "" : t.file());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (ProcessInfo p : s.processes()) {
            sb.append("P ").append(p.pid()).append(' ').append(p.ppid()).append('\n');
            for (ThreadInfo t : p.threads()) {
                String id = p.pid() + "/" + t.tid();
                String wchan = t.wchan().present() ? t.wchan().value() : "?";
                sb.append("T ").append(id).append(' ').append(t.state()).append(' ')
                        .append(wchan.isEmpty() ? "0" : wchan).append(' ').append(p.comm()).append('\n');
                sb.append("F ").append(id).append(' ')
                        .append(String.join(",", files.getOrDefault(id, new TreeSet<>()))).append('\n');
            }
        }
        return sb.toString();
    }

    /** A parsed {@link #view}: thread id to "state wchan", comm and files; pid to ppid. */
    record View(Map<Integer, Integer> parents, Map<String, String> threads, Map<String, String> comm,
                Map<String, Set<String>> files) {
        static View parse(List<String> lines) {
            View v = new View(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
            for (String line : lines) {
                String[] f = line.split(" ", 5);
                switch (f[0]) {
                    case "P" -> v.parents.put(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                    case "T" -> {
                        v.threads.put(f[1], f[2] + " " + f[3]);
                        v.comm.put(f[1], f.length > 4 ? f[4] : "");
                    }
                    case "F" -> v.files.put(f[1], new TreeSet<>(List.of((f.length > 2 ? f[2] : "").split(","))));
                    default -> throw new IllegalArgumentException(line);
                }
            }
            return v;
        }

        Set<Integer> childrenOf(int pid) {
            Set<Integer> out = new HashSet<>();
            parents.forEach((child, parent) -> {
                if (parent == pid) {
                    out.add(child);
                }
            });
            return out;
        }

        View without(Set<Integer> pids) {
            View v = new View(new TreeMap<>(parents), new TreeMap<>(threads), new TreeMap<>(comm), new TreeMap<>(files));
            v.parents.keySet().removeAll(pids);
            for (Map<String, ?> m : List.<Map<String, ?>>of(v.threads, v.comm, v.files)) {
                m.keySet().removeIf(id -> pids.contains(Integer.parseInt(id.substring(0, id.indexOf('/')))));
            }
            return v;
        }

        Set<Integer> processes() {
            return parents.keySet();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }
}
