package io.procsnap.capture;

import io.procsnap.capture.engine.CommandRunner;
import io.procsnap.format.Manifest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a SunOS capture records before it starts (illumos, Oracle Solaris): the manifest's platform keys
 * (kernel release, /etc/release, ISA, the reader's data model and byte order, the zone), the host name,
 * and whether the {@code mdb -k} commands may run (the global zone with all privileges). From the
 * commands on the search path ({@code uname}, {@code isainfo}, {@code zonename}, {@code ppriv}), each under
 * a short timeout: on a live machine its own, with {@code --proc-root} the ones on PATH (stubs in the
 * tests). Never NSS: {@code uname -n} is the kernel's node name.
 *
 * @param host           node name and kernel release
 * @param platform       the manifest's platform, with the SunOS keys
 * @param kernelDebugger run the mdb commands
 * @param debuggerNote   why they run or not, for the manifest's notes
 */
record SunosFacts(Manifest.Host host, Manifest.Platform platform, boolean kernelDebugger, String debuggerNote) {
    private static final long TIMEOUT_NANOS = 2_000_000_000L;

    static SunosFacts gather(CommandRunner runner) {
        String release = HostFacts.firstLine("/etc/release");
        String osRelease = firstLine(runner, "uname", "-r");
        String node = firstLine(runner, "uname", "-n");
        String isa = firstLine(runner, "isainfo", "-k");
        String zone = firstLine(runner, "zonename");
        String ppriv = text(runner, "sh", "-c", "ppriv $$");
        String model = System.getProperty("sun.arch.data.model");
        String arch = System.getProperty("os.arch");
        Manifest.Platform platform = new Manifest.Platform(arch, 100, arch != null && arch.startsWith("sparc") ? 8192 : 4096,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Manifest.Platform.SUNOS, osRelease, release == null ? null : release.trim(), isa, model,
                ByteOrder.nativeOrder().toString(), zone);
        boolean global = "global".equals(zone);
        boolean all = allPrivileges(ppriv);
        String note = global && all ? "mdb -k: run (global zone, all privileges)"
                : !global ? "mdb -k: not run: " + (zone == null ? "zonename did not answer" : "zone " + zone + " is not the global zone")
                : "mdb -k: not run: the capture's effective privileges are not all (ppriv: " + effective(ppriv) + ")";
        return new SunosFacts(new Manifest.Host(node, osRelease, null, null), platform, global && all, note);
    }

    /** {@code ppriv $$} shows {@code E: all} for a process with every privilege. */
    static boolean allPrivileges(String ppriv) {
        return "all".equals(effective(ppriv));
    }

    /** The effective set of a {@code ppriv} listing ({@code E: basic,proc_owner}), or null. */
    static String effective(String ppriv) {
        if (ppriv == null) {
            return null;
        }
        for (String line : ppriv.split("\n")) {
            String t = line.trim();
            if (t.startsWith("E:")) {
                return t.substring(2).trim();
            }
        }
        return null;
    }

    /**
     * Real uid, real gid and effective uid of this process: on SunOS from its binary {@code /proc/self/cred}
     * (prcred_t: pr_euid at 0, pr_ruid at 4, pr_rgid at 16, native byte order); elsewhere as on Linux.
     */
    static Manifest.Captor captor() {
        if (!"SunOS".equals(System.getProperty("os.name"))) {
            return HostFacts.captor();
        }
        byte[] cred = HostFacts.readBytes("/proc/self/cred");
        if (cred == null || cred.length < 20) {
            return new Manifest.Captor(-1, -1, -1);
        }
        ByteBuffer b = ByteBuffer.wrap(cred).order(ByteOrder.nativeOrder());
        return new Manifest.Captor(b.getInt(4) & 0xffffffffL, b.getInt(16) & 0xffffffffL, b.getInt(0) & 0xffffffffL);
    }

    private static String firstLine(CommandRunner runner, String... argv) {
        String t = text(runner, argv);
        if (t == null) {
            return null;
        }
        String line = t.split("\n", 2)[0].trim();
        return line.isEmpty() ? null : line;
    }

    private static String text(CommandRunner runner, String... argv) {
        CommandRunner.Result r = runner.run(List.of(argv), TIMEOUT_NANOS);
        if (!r.found() || r.timedOut() || r.exit() == null || r.exit() != 0 || r.stdout() == null) {
            return null;
        }
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }
}
