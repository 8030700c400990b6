package io.procsnap.replay.fuzz;

import io.procsnap.format.layout.CommandStatus;
import io.procsnap.format.layout.RecordFormatException;
import io.procsnap.format.layout.StatfsRecord;
import io.procsnap.replay.parse.KernelLogParser;
import io.procsnap.replay.parse.MountParser;
import io.procsnap.replay.parse.NetParser;
import io.procsnap.replay.parse.ParseException;
import io.procsnap.replay.parse.ProcFileParser;
import io.procsnap.replay.parse.ProcStatParser;
import io.procsnap.replay.parse.ProcStatusParser;
import io.procsnap.replay.parse.SystemFileParser;
import io.procsnap.replay.parse.SysvIpcParser;
import io.procsnap.replay.parse.TaskFileParser;
import io.procsnap.replay.parse.ZfsParser;
import io.procsnap.replay.parse.ZfsTableParser;
import io.procsnap.replay.parse.sunos.AbiHints;
import io.procsnap.replay.parse.sunos.MdbParser;
import io.procsnap.replay.parse.sunos.SunosProcParser;
import io.procsnap.replay.parse.sunos.SunosStatParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutation fuzzing of the pure procfs parsers (io.procsnap.replay.parse) on the verbatim kernel text
 * of src/test/resources/parse/ and of this machine's live /proc. Allowed: a result (every public
 * accessor of it, and of its elements, works too) or {@link ParseException}. Anything else, or an
 * input taking more than 2 s, is a finding: written to target/fuzz-findings/ and failing the test.
 * Budget {@code -Dfuzz.seconds=N} (default 6), seed {@code -Dfuzz.seed=N}.
 */
class ParserFuzzTests {
    static final long SECONDS = Long.getLong("fuzz.seconds", 6);
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);

    /** Parser by the file-name prefix of the verbatim samples. */
    static final Map<String, Function<String, Object>> PARSERS = new LinkedHashMap<>();

    static {
        // the unit forms of older ZFS first: their names start like the -Hp samples'
        List<String> poolColumns = List.of("name,size,allocated,free,capacity,dedupratio,health".split(","));
        PARSERS.put("zpool-list-H-", s -> ZfsTableParser.zpoolList(s, poolColumns));
        PARSERS.put("zpool-list-header", s -> ZfsTableParser.zpoolList(s, List.of()));
        PARSERS.put("zpool-get-all", s -> ZfsTableParser.properties("zpool get", s));
        PARSERS.put("zfs-list-H-", s -> ZfsTableParser.zfsList(s, List.of("name,used,available,referenced,mountpoint".split(","))));
        PARSERS.put("zfs-get-Hp", s -> ZfsTableParser.properties("zfs get", s));
        PARSERS.put("sunos-mdb-stacks", MdbParser::stacks);
        PARSERS.put("sunos-mdb-findstack", MdbParser::findstack);
        PARSERS.put("sunos-mdb-ps", MdbParser::ps);
        PARSERS.put("sunos-kstat", SunosStatParser::kstat);
        PARSERS.put("sunos-ipcs", SunosStatParser::ipcsQueues);
        PARSERS.put("sunos-vmstat", SunosStatParser::vmstat);
        PARSERS.put("sunos-zpool-list", s -> ZfsTableParser.zpoolList(s, List.of()));
        PARSERS.put("sunos-psinfo", s -> SunosProcParser.psinfo(latin1(s), AbiHints.NONE));
        PARSERS.put("sunos-lpsinfo", s -> SunosProcParser.lpsinfo(latin1(s), AbiHints.NONE));
        PARSERS.put("sunos-lwpsinfo", s -> SunosProcParser.lwpsinfo(latin1(s), AbiHints.of("OmniOS", "64", "amd64")));
        PARSERS.put("sunos-lwpstatus", s -> SunosProcParser.lwpstatus(latin1(s), AbiHints.of(null, "64", null)));
        PARSERS.put("sunos-lstatus", s -> SunosProcParser.lstatus(latin1(s), AbiHints.NONE));
        PARSERS.put("sunos-status", s -> SunosProcParser.pstatus(latin1(s), AbiHints.of(null, "64", null)));
        PARSERS.put("stat-", ProcStatParser::parse);
        PARSERS.put("status-", ProcStatusParser::parse);
        PARSERS.put("stack-", TaskFileParser::stack);
        PARSERS.put("syscall-", TaskFileParser::syscall);
        PARSERS.put("wchan", TaskFileParser::wchan);
        PARSERS.put("cmdline-", s -> TaskFileParser.cmdline(s.getBytes(StandardCharsets.ISO_8859_1)));
        PARSERS.put("sysvipc-msg", SysvIpcParser::msg);
        PARSERS.put("sysvipc-sem", SysvIpcParser::sem);
        PARSERS.put("sysvipc-shm", SysvIpcParser::shm);
        PARSERS.put("sysctl-sem", SysvIpcParser::sysctlNumbers);
        PARSERS.put("sysctl-", SysvIpcParser::sysctlNumber);
        PARSERS.put("mountinfo", MountParser::mountinfo);
        PARSERS.put("mounts", MountParser::mounts);
        PARSERS.put("net-unix", NetParser::unix);
        PARSERS.put("net-tcp", NetParser::tcp);
        PARSERS.put("loadavg", SystemFileParser::loadavg);
        PARSERS.put("uptime", SystemFileParser::uptime);
        PARSERS.put("meminfo", SystemFileParser::meminfo);
        PARSERS.put("proc-stat", SystemFileParser::stat);
        PARSERS.put("pressure-", SystemFileParser::pressure);
        PARSERS.put("locks", SystemFileParser::locks);
        PARSERS.put("io", ProcFileParser::io);
        PARSERS.put("limits", ProcFileParser::limits);
        PARSERS.put("cgroup", ProcFileParser::cgroup);
        PARSERS.put("oom", ProcFileParser::oomScore);
        PARSERS.put("statm", ProcFileParser::statm);
        PARSERS.put("sched", ProcFileParser::sched);
        PARSERS.put("statfs", StatfsRecord::parse);
        PARSERS.put("dmesg", s -> KernelLogParser.hungTasks(KernelLogParser.lines(s)));
        PARSERS.put("cmd-status", CommandStatus::parse);
        PARSERS.put("zpool-list", ZfsParser::zpoolList);
        PARSERS.put("zfs-list", ZfsParser::zfsList);
        PARSERS.put("zpool-status", ZfsParser::zpoolStatus);
        PARSERS.put("txgs", ZfsParser::txgs);
    }

    /**
     * Parsers left out of the loop while a finding on them is open (bugs.md); each has its input under
     * src/test/resources/fuzz/ and a test in {@link ParserFindingsTests}. Empty this when fixed.
     */
    static final java.util.Set<String> KNOWN_OPEN_BUGS = java.util.Set.of();

    record Seed(String kind, String text) { }

    static List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        Path dir = Path.of("src/test/resources/parse");
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    String n = p.getFileName().toString();
                    kindOf(n).ifPresent(k -> seeds.add(new Seed(k, read(p))));
                }
            }
        }
        // SunOS samples: text/NAME as sunos-NAME, the binary /proc files of one 64-bit reader by file name
        Path sunos = dir.resolve("sunos");
        if (Files.isDirectory(sunos.resolve("text"))) {
            try (var s = Files.list(sunos.resolve("text"))) {
                for (Path p : s.sorted().toList()) {
                    kindOf("sunos-" + p.getFileName()).ifPresent(k -> seeds.add(new Seed(k, read(p))));
                }
            }
            for (String machine : List.of("illumos-amd64", "solaris-11.4-sparcv9")) {
                Path proc = sunos.resolve(machine).resolve("proc/4211");
                for (String f : List.of("psinfo", "lpsinfo", "lwp/1/lwpsinfo", "lwp/1/lwpstatus", "lstatus", "status")) {
                    String name = f.substring(f.lastIndexOf('/') + 1);
                    seeds.add(new Seed("sunos-" + name, read(proc.resolve(f))));
                }
            }
        }
        // this machine's live text, a few of each kind
        String self = "/proc/self/";
        Map<String, String> live = new LinkedHashMap<>();
        live.put("stat-", self + "stat");
        live.put("status-", self + "status");
        live.put("sysvipc-msg", "/proc/sysvipc/msg");
        live.put("sysvipc-sem", "/proc/sysvipc/sem");
        live.put("sysvipc-shm", "/proc/sysvipc/shm");
        live.put("mountinfo", self + "mountinfo");
        live.put("mounts", "/proc/mounts");
        live.put("net-unix", "/proc/net/unix");
        live.put("net-tcp", "/proc/net/tcp");
        live.put("meminfo", "/proc/meminfo");
        live.put("proc-stat", "/proc/stat");
        live.put("locks", "/proc/locks");
        live.put("limits", self + "limits");
        live.put("sched", self + "sched");
        live.put("io", self + "io");
        live.put("cgroup", self + "cgroup");
        live.put("statm", self + "statm");
        live.forEach((k, f) -> {
            String t = read(Path.of(f));
            if (t != null && t.length() < 200_000) {
                seeds.add(new Seed(k, t));
            }
        });
        seeds.removeIf(s -> s.text() == null || KNOWN_OPEN_BUGS.contains(s.kind()));
        return seeds;
    }

    static java.util.Optional<String> kindOf(String fileName) {
        return PARSERS.keySet().stream().filter(fileName::startsWith).findFirst();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void mutatedKernelTextOnlyEverFailsWithParseException() throws Exception {
        List<Seed> seeds = seeds();
        assertTrue(seeds.size() >= 40, "seeds: " + seeds.size());
        for (Seed s : seeds) {
            assertEquals(null, outcome(s.kind(), s.text(), true), "verbatim seed must parse: " + s.kind());
        }
        Random rnd = new Random(SEED);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parser-fuzz");
            t.setDaemon(true);
            return t;
        });
        List<String> findings = new ArrayList<>();
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        int inputs = 0;
        int rejected = 0;
        try {
            while (System.nanoTime() < end && findings.size() < 20) {
                Seed s = seeds.get(rnd.nextInt(seeds.size()));
                String input = TextMutator.mutate(s.text(), rnd);
                Future<String> f = worker.submit(() -> outcome(s.kind(), input, false));
                String r;
                try {
                    r = f.get(2, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor();
                    r = "hang: over 2 s";
                }
                inputs++;
                if ("rejected".equals(r)) {
                    rejected++;
                } else if (r != null) {
                    findings.add(save(s.kind(), input, r));
                }
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf("parser fuzz: seed %d, %d s, %d seeds, %d inputs, %d rejected with ParseException, %d findings%n",
                SEED, SECONDS, seeds.size(), inputs, rejected, findings.size());
        assertEquals(List.of(), findings, "seed " + SEED + " (re-run with -Dfuzz.seed=" + SEED + ")");
        assertTrue(inputs > 1000, "only " + inputs + " inputs");
    }

    /** null when parsed (and every accessor worked), "rejected" for ParseException, else what went wrong. */
    static String outcome(String kind, String text, boolean strict) {
        try {
            Object result = PARSERS.get(kind).apply(text);
            touch(result, 0);
            return null;
        } catch (ParseException | RecordFormatException e) {
            return strict ? kind + ": " + e.getMessage() : "rejected";
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            return kind + ": " + e + " at " + at;
        }
    }

    /** Calls every public no-argument accessor of a parse result (and of list/map elements). */
    private static void touch(Object o, int depth) {
        if (o == null || depth > 3 || o instanceof String || o instanceof Number || o instanceof Boolean) {
            return;
        }
        if (o instanceof Collection<?> c) {
            c.forEach(e -> touch(e, depth + 1));
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(e -> touch(e, depth + 1));
            return;
        }
        o.toString();
        if (!o.getClass().getPackageName().startsWith("io.procsnap.replay.parse")
                && !o.getClass().getPackageName().equals("io.procsnap.format.layout")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && m.getDeclaringClass() != Object.class && !m.getName().equals("hashCode")) {
                try {
                    touch(m.invoke(o), depth + 1);
                } catch (ReflectiveOperationException e) {
                    if (e.getCause() instanceof RuntimeException r && !(r instanceof ParseException)
                            && !(r instanceof RecordFormatException)) {
                        throw r;
                    }
                }
            }
        }
        for (String arch : List.of("x86_64", "aarch64")) {
            for (String name : List.of("futexAddress", "ipcId", "connectFd")) {
                try {
                    Method m = o.getClass().getMethod(name, String.class);
                    m.invoke(o, arch);
                } catch (NoSuchMethodException e) {
                    break;
                } catch (ReflectiveOperationException e) {
                    if (e.getCause() instanceof RuntimeException r && !(r instanceof ParseException)
                            && !(r instanceof RecordFormatException)) {
                        throw r;
                    }
                }
            }
        }
    }

    private static String save(String kind, String input, String what) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
            Path f = dir.resolve("parser-" + kind.replace("-", "") + "-" + Integer.toHexString(input.hashCode()) + ".txt");
            Files.write(f, input.getBytes(StandardCharsets.ISO_8859_1));
            return f + ": " + what;
        } catch (IOException e) {
            return what;
        }
    }
}
