package io.procsnap.replay.model;

import io.procsnap.format.Status;
import io.procsnap.replay.parse.MsgQueue;
import io.procsnap.replay.parse.Syscall;
import io.procsnap.replay.parse.UnixSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small fixture tree built from the verbatim samples in {@code src/test/resources/parse/}: the process
 * {@code we ird) (name} (pid 14088) with a thread blocked in msgsnd on a full queue, a thread in futex,
 * a zombie child, a process whose stat read timed out, mounts with a hung statfs, a suspended ZFS pool
 * and a hung-task report. {@link #check} asserts the model that must come out of it, whatever the
 * loader (tree, archive).
 */
final class MiniScenario {
    static final int PID = 14088;
    static final int SENDER = 14091;
    static final int WAITER = 14092;
    static final int ZOMBIE = 14089;
    static final int HUNG = 26936;

    private MiniScenario() {
    }

    static String sample(String name) {
        try (InputStream in = MiniScenario.class.getResourceAsStream("/parse/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the tree under {@code root} and returns it. */
    static Path write(Path root) throws IOException {
        String procStat = sample("stat-comm-spaces-and-paren.txt");
        String waiterStat = sample("stat-comm-paren.txt");
        String senderStat = waiterStat.replace("14092 (cond) waiter)", "14091 (msg sender)");
        put(root, "proc/" + PID + "/stat", procStat);
        put(root, "proc/" + PID + "/status", sample("status-process.txt"));
        put(root, "proc/" + PID + "/cmdline", sample("cmdline-process.bin"));
        put(root, "proc/" + PID + "/wchan", "__do_sys_pause");
        put(root, "proc/" + PID + "/syscall", "34 0x0 0x0 0x2 0x7f6fd2c70fa0 0x0 0x64 0x7ffe96fa1070 0x7f6fd2d2adf2\n");
        put(root, "proc/" + PID + "/cgroup", sample("cgroup.txt"));
        put(root, "proc/" + PID + "/limits", sample("limits.txt"));
        Files.createSymbolicLink(dir(root, "proc/" + PID + "/fd").resolve("3"), Path.of("socket:[40236]"));
        Files.createSymbolicLink(root.resolve("proc/" + PID + "/fd/0"), Path.of("pipe:[777]"));
        String task = "proc/" + PID + "/task/";
        put(root, task + PID + "/stat", procStat);
        put(root, task + PID + "/wchan", "__do_sys_pause");
        put(root, task + SENDER + "/stat", senderStat);
        put(root, task + SENDER + "/wchan", sample("wchan-msgsnd.txt"));
        put(root, task + SENDER + "/syscall", sample("syscall-msgsnd.txt"));
        put(root, task + SENDER + "/stack", sample("stack-msgsnd.txt"));
        put(root, task + WAITER + "/stat", waiterStat);
        put(root, task + WAITER + "/wchan", "futex_do_wait");
        put(root, task + WAITER + "/syscall", sample("syscall-futex.txt"));
        put(root, task + WAITER + "/stack", sample("stack-futex.txt"));
        for (int k = 1; k <= 2; k++) {
            String s = "samples/" + k + "/proc/" + PID + "/task/" + SENDER + "/";
            put(root, s + "stat", senderStat);
            put(root, s + "wchan", sample("wchan-msgsnd.txt"));
            put(root, s + "syscall", sample("syscall-msgsnd.txt"));
        }
        put(root, "proc/" + ZOMBIE + "/stat", sample("stat-zombie.txt"));
        put(root, "proc/" + ZOMBIE + "/status", sample("status-zombie.txt"));
        put(root, "proc/" + ZOMBIE + "/cmdline", "");
        put(root, "proc/" + ZOMBIE + "/wchan", sample("wchan-zombie.txt"));
        put(root, "proc/sysvipc/msg", sample("sysvipc-msg.txt"));
        put(root, "proc/sysvipc/sem", sample("sysvipc-sem-header-only.txt"));
        put(root, "proc/sysvipc/shm", sample("sysvipc-shm.txt"));
        for (String k : List.of("msgmnb", "msgmax", "msgmni", "sem", "shmmax", "shmall", "shmmni")) {
            put(root, "proc/sys/kernel/" + k, sample("sysctl-" + k + ".txt"));
        }
        put(root, "proc/self/mountinfo", "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
                + "42 27 0:39 / /mnt/with\\040space rw,relatime - nfs srv:/x rw\n");
        put(root, "statfs/0", "mount_point: /proc\nfstype: proc\nbsize: 4096\nfrsize: 4096\nblocks: 0\nbfree: 0\n"
                + "bavail: 0\nfiles: 0\nffree: 0\nnamemax: 255\nflags: rw,nosuid,nodev,noexec,relatime\n");
        put(root, "proc/net/unix", sample("net-unix.txt"));
        put(root, "proc/uptime", sample("uptime.txt"));
        put(root, "proc/loadavg", sample("loadavg.txt"));
        put(root, "proc/stat", sample("proc-stat.txt"));
        put(root, "proc/meminfo", sample("meminfo.txt"));
        put(root, "proc/pressure/memory", sample("pressure-memory.txt"));
        put(root, "proc/locks", sample("locks.txt"));
        put(root, "cmd/zpool-list/stdout", sample("zpool-list-Hp.txt"));
        put(root, "cmd/zpool-list/stderr", "");
        put(root, "cmd/zpool-list/status", "{\"argv\":[\"zpool\",\"list\",\"-Hp\"],\"found\":true,\"exitCode\":0,"
                + "\"timedOut\":false,\"elapsedNanos\":12000000}");
        put(root, "cmd/zpool-status/stdout", sample("zpool-status-v.txt"));
        put(root, "cmd/zfs-list/stdout", "");
        put(root, "cmd/zfs-list/status", "{\"argv\":[\"zfs\",\"list\",\"-Hp\"],\"found\":true,\"exitCode\":null,"
                + "\"signal\":9,\"timedOut\":true,\"killed\":true,\"leftBehind\":true,\"elapsedNanos\":10000000000}");
        put(root, "proc/spl/kstat/zfs/tank/state", sample("zfs-pool-state.txt"));
        put(root, "proc/spl/kstat/zfs/tank/txgs", sample("zfs-txgs.txt"));
        put(root, "cmd/dmesg/stdout", sample("dmesg.txt"));
        put(root, "procsnap-meta.json", """
                {
                  "manifest": {"hostname": "mini", "kernelRelease": "6.18.44-fc-v657", "startUtc": "2026-11-22T01:00:00Z",
                               "clockTicks": 100, "pageSize": 4096, "arch": "amd64", "options": {"samples": "2"}},
                  "entries": {
                    "proc/14088": {"uid": 1000, "gid": 1001},
                    "proc/14088/fd/4": {"type": "symlink", "status": "denied", "detail": "EACCES"},
                    "proc/14088/stack": {"status": "denied", "detail": "EACCES", "mode": "100400"},
                    "proc/26936": {"uid": 33},
                    "proc/26936/stat": {"status": "timeout", "startMs": 100, "elapsedMs": 2000},
                    "proc/26936/cmdline": {"status": "timeout", "startMs": 2100, "elapsedMs": 2000},
                    "statfs/1": {"status": "timeout", "startMs": 5000, "elapsedMs": 5000}
                  }
                }
                """);
        return root;
    }

    private static Path dir(Path root, String rel) throws IOException {
        return Files.createDirectories(root.resolve(rel));
    }

    private static void put(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The model every loader must produce from this tree. */
    static void check(Snapshot s) {
        assertEquals("mini", s.manifest().host().hostname());
        assertEquals(3, s.sampleCount());
        assertEquals(List.of(PID, ZOMBIE, HUNG), s.processes().stream().map(ProcessInfo::pid).toList());

        ProcessInfo p = s.process(PID).orElseThrow();
        assertEquals("we ird) (name", p.comm());
        assertEquals('S', p.state());
        assertEquals(1000, p.ownerUid());
        assertEquals(1001, p.ownerGid());
        assertEquals(0, p.uid(), "status Uid wins over the directory owner");
        assertEquals("./gen", p.commandLine());
        assertEquals(3, p.threadCount());
        assertEquals("__do_sys_pause", p.wchan().value());
        assertEquals(Status.DENIED, p.stack().source().status());
        assertEquals("proc/14088/stack denied (EACCES)", p.stack().whyMissing());
        assertEquals(16, p.limits().value().size());
        assertEquals(3, p.fds().size());
        assertEquals(40236, p.fds().get(1).socketInode());
        assertEquals(3, p.fds().get(1).fd());
        assertNull(p.fds().get(2).target());
        assertEquals(Status.DENIED, p.fds().get(2).source().status());
        assertTrue(p.fdForSocket(40236).isPresent());

        assertEquals(List.of(PID, SENDER, WAITER), p.threads().stream().map(ThreadInfo::tid).toList());
        ThreadInfo sender = p.threads().get(1);
        assertEquals("msg sender", sender.comm());
        assertEquals("do_msgsnd", sender.wchan().value());
        assertEquals("do_msgsnd", sender.stack().value().get(0).function());
        assertEquals(69, sender.syscall().value().number());
        assertEquals("proc/14088/task/14091/wchan", sender.wchan().path());
        assertEquals(List.of(0, 1, 2), sender.samples().stream().map(TaskSample::index).toList());
        assertEquals("samples/2/proc/14088/task/14091/wchan", sender.samples().get(2).wchan().path());
        assertEquals(1, p.threads().get(0).samples().size(), "no repeated samples were taken of the leader");
        ThreadInfo waiter = p.threads().get(2);
        assertEquals(Syscall.Kind.IN_SYSCALL, waiter.syscall().value().kind());
        assertEquals(0x55cadf1cd168L, waiter.syscall().value().futexAddress(s.arch()).getAsLong());
        assertFalse(waiter.status().present());
        assertEquals("proc/14088/task/14092/status not captured", waiter.status().whyMissing());

        ProcessInfo zombie = s.process(ZOMBIE).orElseThrow();
        assertTrue(zombie.zombie());
        assertEquals(List.of(), zombie.cmdline().value());
        assertEquals("", zombie.wchan().value());
        assertEquals(1, zombie.threads().size(), "leader synthesized from process files");
        assertEquals("proc/14089/stat", zombie.threads().get(0).stat().path());

        ProcessInfo hung = s.process(HUNG).orElseThrow();
        assertEquals('?', hung.state());
        assertEquals(33, hung.uid());
        assertEquals("proc/26936/stat timed out after 2.0 s", hung.stat().whyMissing());
        assertEquals(1, hung.threads().size(), "the leader exists even though its stat timed out");
        assertEquals('?', hung.threads().get(0).state());

        assertEquals(5, s.threads().size());

        MsgQueue q = s.ipc().msgQueues().value().get(0);
        assertEquals(16384, q.cbytes());
        assertEquals(16384L, s.ipc().limits().msgmnb().value());
        assertEquals(List.of(), s.ipc().semaphores().value());
        assertEquals(1, s.ipc().sharedMemory().value().size());
        assertEquals(4, s.ipc().limits().sem().value().size());

        assertEquals(2, s.mounts().size());
        assertEquals("/mnt/with space", s.mounts().get(1).mountPoint());
        assertEquals(Status.TIMEOUT, s.mounts().get(1).statfs().source().status());
        assertEquals(2, s.fsUsage().size());
        assertTrue(s.fsUsage().get(1).hung());
        assertEquals("/mnt/with space", s.fsUsage().get(1).mountPoint());
        assertEquals("nfs", s.fsUsage().get(1).fstype());
        assertEquals("/proc", s.fsUsage().get(0).statfs().value().mountPoint());

        UnixSocket listener = s.unixSockets().value().stream().filter(UnixSocket::listening).findFirst().orElseThrow();
        assertEquals(40236, listener.inode());

        assertEquals(List.of("dmesg", "zfs-list", "zpool-list", "zpool-status"), List.copyOf(s.commands().keySet()));
        assertTrue(s.commands().get("zfs-list").hung());
        ZfsPool tank = s.zfs().pools().get(1);
        assertEquals("tank", tank.name());
        assertEquals(99, tank.capacityPercent());
        assertEquals("SUSPENDED", tank.status().value().state());
        assertEquals("SUSPENDED", tank.kstatState().value());
        assertEquals(3, tank.txgs().value().size());
        assertEquals("backup", s.zfs().pools().get(0).name());
        assertEquals("cmd/zfs-list/stdout: zfs-list hung and was left behind", s.zfs().datasets().whyMissing());

        assertEquals(814.46, s.uptimeSeconds());
        assertEquals(1795309669L, s.bootTime().orElseThrow().getEpochSecond());
        assertEquals(814.46 - 802.88, s.ageSeconds(80288), 1e-9);
        assertEquals(2, s.system().hungTasks().value().size());
        assertEquals(8, s.system().locks().value().size());
        assertTrue(s.system().pressure().containsKey("memory"));
        assertEquals(24684092L, s.system().meminfo().value().get("MemTotal"));

        assertEquals(Status.TIMEOUT, s.ref("proc/26936/cmdline").status());
        assertFalse(s.ref("proc/nope").captured());
        assertEquals(3L, s.summary().countsByStatus().get(Status.TIMEOUT));
        assertEquals(2L, s.summary().countsByStatus().get(Status.DENIED));
    }
}
