package io.procsnap.replay.fleet;

import io.procsnap.format.ArchiveState;
import io.procsnap.replay.cli.Scenarios;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.model.SnapshotLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code fleet/procsnap.yml} over real ssh: a second "host" is an sshd in its own network and UTS
 * namespace (hostname {@code psnap-remote}, address 10.213.7.2 on a veth pair) with a throwaway host and
 * client key. The archive must arrive on the controller named by inventory host, carry the remote's
 * hostname, and the bundle must be gone from the host's tmpfs. Needs root, iproute2, openssh-server
 * and ansible-core; fails loudly when one is missing. Removes the namespace, the veth pair and sshd.
 */
class FleetSshIT {
    private static final String ADDRESS = "10.213.7.2";

    @Test
    void captureStreamsBackOverSsh(@TempDir Path tmp) throws Exception {
        for (String tool : List.of("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/ansible-playbook")) {
            if (!Files.isExecutable(Path.of(tool))) {
                fail("FleetSshIT needs " + tool + " (apt-get install openssh-server ansible-core)");
            }
        }
        Path bundle = Scenarios.root().resolve("capture/target/procsnap-bundle-linux-x86_64.tar.gz");
        if (!Files.isRegularFile(bundle)) {
            fail("FleetSshIT needs the capture bundle " + bundle + ": mvn -o -pl capture package");
        }
        long pid = ProcessHandle.current().pid();
        String ns = "psnap-it-" + pid;
        String veth = "psh" + (pid % 100000);
        Path remoteDir = Path.of("/dev/shm/procsnap-ssh-it-" + pid);
        Process sshd = null;
        try {
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "n");
            run("ip", "link", "set", veth + "n", "netns", ns);
            run("ip", "addr", "add", "10.213.7.1/30", "dev", veth);
            run("ip", "link", "set", veth, "up");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", ADDRESS + "/30", "dev", veth + "n");
            run("ip", "netns", "exec", ns, "ip", "link", "set", veth + "n", "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("host_key").toString());
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("client_key").toString());
            Files.copy(tmp.resolve("client_key.pub"), tmp.resolve("authorized_keys"));
            Files.writeString(tmp.resolve("sshd_config"), String.join("\n",
                    "ListenAddress " + ADDRESS, "Port 22", "HostKey " + tmp.resolve("host_key"),
                    "AuthorizedKeysFile " + tmp.resolve("authorized_keys"), "PermitRootLogin prohibit-password",
                    "PasswordAuthentication no", "UsePAM no", "StrictModes no", "PidFile none", ""));
            Files.createDirectories(Path.of("/run/sshd"));
            sshd = new ProcessBuilder("ip", "netns", "exec", ns, "unshare", "--uts", "sh", "-c",
                    "hostname psnap-remote && exec /usr/sbin/sshd -D -e -f " + tmp.resolve("sshd_config"))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("sshd.log").toFile()).start();
            waitForPort(tmp);

            Path dest = tmp.resolve("archives");
            Files.writeString(tmp.resolve("inventory"), "remote ansible_host=" + ADDRESS + " ansible_user=root"
                    + " ansible_ssh_private_key_file=" + tmp.resolve("client_key")
                    + " ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'"
                    + " procsnap_remote_dir=" + remoteDir + "\n");
            ProcessBuilder pb = new ProcessBuilder("ansible-playbook", "-i", tmp.resolve("inventory").toString(),
                    Scenarios.root().resolve("fleet/procsnap.yml").toString(), "-e", "procsnap_dest=" + dest,
                    "-e", "procsnap_bundle=" + bundle, "-e", "procsnap_deadline=30",
                    "-e", "procsnap_options=--skip=commands")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("ansible.log").toFile());
            pb.environment().put("ANSIBLE_NOCOLOR", "1");
            pb.environment().put("ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString());
            Process p = pb.start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("ansible-playbook did not finish in 240 s");
            }
            String log = Files.readString(tmp.resolve("ansible.log"));
            assertEquals(0, p.exitValue(), log);
            assertTrue(log.matches("(?s).*remote\\s+: ok=\\d+ .*failed=0 .*ignored=0.*"), log);
            List<Path> archives;
            try (Stream<Path> s = Files.list(dest)) {
                archives = s.toList();
            }
            assertEquals(1, archives.size(), log);
            assertTrue(archives.get(0).getFileName().toString().matches("procsnap-remote-\\d{8}T\\d{6}Z\\.tar\\.zst"));
            try (Snapshot s = SnapshotLoader.load(archives.get(0))) {
                assertEquals(ArchiveState.COMPLETE, s.summary().state());
                assertEquals("psnap-remote", s.manifest().host().hostname(), "captured on the ssh host");
            }
            assertFalse(Files.exists(remoteDir), "bundle removed from the host's tmpfs");
        } finally {
            if (sshd != null) {
                sshd.descendants().forEach(ProcessHandle::destroyForcibly);
                sshd.destroyForcibly();
                sshd.waitFor(10, TimeUnit.SECONDS);
            }
            quietly("ip", "link", "del", veth);
            quietly("ip", "netns", "del", ns);
            if (Files.exists(remoteDir)) {
                quietly("rm", "-rf", remoteDir.toString());
            }
        }
    }

    private static void waitForPort(Path tmp) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(ADDRESS, 22), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        fail("sshd did not listen on " + ADDRESS + ":22 within 20 s: " + Files.readString(tmp.resolve("sshd.log")));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void quietly(String... command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // cleanup is best effort; the next run uses other names
        }
    }
}
