package io.procsnap.capture.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A disposable reader process: {@code perl} where installed ({@link #PERL}), else {@code /bin/sh} running a
 * loop ({@link #SCRIPT}) that takes one request per line on its
 * stdin ({@code R path}: the file's bytes as {@code od -An -v -tx1} hex; {@code S path}: {@code ls -ldn};
 * {@code D path}: {@code ls -1a}; {@code L path}: {@code ls -ln}, every link with its target) and answers on
 * its stdout, each answer closed by a line of a random marker and the exit status. Used for SunOS's
 * per-process reads: a read there can wait for the target's {@code p_lock}/{@code P_PR_LOCK} in a
 * {@code cv_wait} no signal interrupts, and a capture thread stuck like that could keep the JVM from
 * exiting. The child can stay stuck instead: the capture waits for an answer only until the item's
 * timeout, then sends SIGKILL and never waits for it again (a fresh child serves the next request).
 *
 * <p>Only what the SunOS base system has (perl, or {@code sh}, {@code od}, {@code ls}), so nothing is
 * shipped per ISA; the shell costs one exec per request inside the child, perl none
 * (bench/capture/sunos-reader.sh).
 * The child's PATH is the system's ({@code /usr/xpg4/bin:/usr/bin:/bin}) and its locale C, so stubs on
 * the capture's PATH do not replace its tools and their messages are the C locale's.
 */
final class ReaderChild {
    /**
     * The loop; $1 is the marker. Each tool runs in the background and the shell waits for it, so that
     * SIGTERM (taken while the shell waits) kills the tool with SIGKILL before the shell exits: a tool stuck
     * in the kernel is not left behind where the kernel lets it go. Each tool's stderr goes with its answer
     * (the error text names the errno).
     */
    static final String SCRIPT = "M=\"$1\"; T=\n"
            + "trap 'if [ -n \"$T\" ]; then kill -9 \"$T\" 2>/dev/null; fi; exit 143' TERM\n"
            + "while IFS= read -r line; do\n"
            + "  op=${line%% *}; p=${line#* }\n"
            + "  case \"$op\" in\n"
            + "    R) od -An -v -tx1 \"$p\" 2>&1 & ;;\n"
            + "    S) ls -ldn \"$p\" 2>&1 & ;;\n"
            + "    D) ls -1a \"$p\" 2>&1 & ;;\n"
            + "    L) ls -ln \"$p\" 2>&1 & ;;\n"
            + "    *) echo \"unknown request $op\"; false & ;;\n"
            + "  esac\n"
            + "  T=$!; wait \"$T\"; s=$?; T=\n"
            + "  echo \"$M $s\"\n"
            + "done\n";
    /**
     * The same requests and answers in one perl process (no exec per request): where perl is installed
     * (illumos and Solaris ship it in their usual installs). Files are read with sysread; S prints
     * {@code MODE 1 UID GID} as the first columns of {@code ls -ldn}; L prints {@code ls -ln}'s columns for
     * each link. Errors are {@code perl: PATH: strerror}, as the tools print them.
     */
    static final String PERL = "$|=1; my $M=shift;\n"
            + "sub ms { my $m=shift; my $t=(($m&0170000)==0040000)?'d':(($m&0170000)==0120000)?'l':(($m&0170000)==0010000)?'p':'-';"
            + " my $r=''; for my $i (0..8) { $r.=($m&(0400>>$i))?substr('rwxrwxrwx',$i,1):'-'; } return $t.$r; }\n"
            + "while (defined(my $l=<STDIN>)) { chomp $l; my ($op,$p)=split(/ /,$l,2); my $s=0;\n"
            + " if ($op eq 'R') { if (open(my $f,'<',$p)) { binmode $f; my $d=''; my $n;"
            + " while (($n=sysread($f,my $b,65536))) { $d.=$b; } if (!defined $n) { print \"perl: $p: $!\\n\"; $s=1; }"
            + " elsif (length $d) { my $h=unpack('H*',$d); $h=~s/(..)/ $1/g; print \"$h\\n\"; } close $f; }"
            + " else { print \"perl: $p: $!\\n\"; $s=1; } }\n"
            + " elsif ($op eq 'S') { my @t=lstat($p); if (@t) { print ms($t[2]),\" 1 $t[4] $t[5] 0 - - - $p\\n\"; }"
            + " else { print \"perl: $p: $!\\n\"; $s=1; } }\n"
            + " elsif ($op eq 'D') { if (opendir(my $d,$p)) { print \"$_\\n\" for readdir $d; closedir $d; }"
            + " else { print \"perl: $p: $!\\n\"; $s=1; } }\n"
            + " elsif ($op eq 'L') { if (opendir(my $d,$p)) { for my $e (sort readdir $d) { my $t=readlink(\"$p/$e\");"
            + " print \"l 1 0 0 0 - - - $e -> $t\\n\" if defined $t; } closedir $d; }"
            + " else { print \"perl: $p: $!\\n\"; $s=1; } }\n"
            + " else { print \"unknown request $op\\n\"; $s=1; }\n"
            + " print \"$M $s\\n\"; }\n";
    private static final String SHELL = "/bin/sh";
    private static final String[] PERL_PATHS = {"/usr/bin/perl", "/usr/perl5/bin/perl", "/opt/local/bin/perl"};
    /** {@code -Dprocsnap.sunos.reader=sh} or {@code perl}: which child to use (default: perl when installed). */
    static final String READER = "procsnap.sunos.reader";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One answer: the output lines and the tool's exit status. */
    record Answer(List<String> lines, int exit) {
        boolean ok() {
            return exit == 0;
        }

        /** The output as one text, for an error message. */
        String text() {
            return String.join("\n", lines);
        }
    }

    private static final Answer EOF = new Answer(List.of("reader child ended"), -1);

    private final Process process;
    private final OutputStream requests;
    private final LinkedBlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final String marker;
    private final String program;

    private ReaderChild(Process process, String marker, String program) {
        this.process = process;
        this.program = program;
        this.requests = process.getOutputStream();
        this.marker = marker;
        Thread drain = new Thread(this::drain, "procsnap-reader-child-" + process.pid());
        drain.setDaemon(true);
        drain.start();
    }

    /** The perl to use, or null for the shell: {@link #READER}, else the first perl installed. */
    static String perl() {
        String asked = System.getProperty(READER, "");
        if (asked.equals("sh")) {
            return null;
        }
        for (String p : PERL_PATHS) {
            if (new java.io.File(p).canExecute()) {
                return p;
            }
        }
        return null;
    }

    /** Starts a child: perl where installed, else the shell; throws when it cannot start. */
    static ReaderChild start() throws IOException {
        String marker = "@procsnap-" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
        String perl = perl();
        ProcessBuilder pb = perl != null ? new ProcessBuilder(perl, "-e", PERL, marker)
                : new ProcessBuilder(SHELL, "-c", SCRIPT, "procsnap-reader", marker);
        Map<String, String> env = pb.environment();
        env.put("PATH", "/usr/xpg4/bin:/usr/bin:/bin");
        env.put("LC_ALL", "C");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return new ReaderChild(pb.start(), marker, perl != null ? "perl" : "sh");
    }

    /** The program it runs: {@code perl} or {@code sh}. */
    String program() {
        return program;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Sends a request and waits for its answer until {@code timeoutNanos}; null when none came by then (the
     * caller then {@link #kill()}s this child). An answer with exit -1 when the child died.
     */
    Answer ask(char op, String path, long timeoutNanos) throws IOException, InterruptedException {
        if (path.indexOf('\n') >= 0) {
            throw new IOException("path with a newline: " + path.replace("\n", "\\n"));
        }
        requests.write((op + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
        requests.flush();
        return answers.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * How long a child has between SIGTERM and SIGKILL. The shell must run its trap (SIGKILL its tool, then
     * exit) in that time: SIGKILL to the shell first would leave the tool where the kernel holds it, an
     * orphan blocked for good. On a machine at load 17 a shell missed 100 ms. So the shell gets up to 1 s,
     * and the wait ends as soon as it has exited: it never sleeps in the kernel, so on a healthy machine
     * that is at once. perl has no tool to end: SIGTERM ends it unless the kernel holds it, so 100 ms.
     */
    private long graceMillis() {
        return program.equals("sh") ? 1_000 : 100;
    }

    /**
     * SIGTERM (the shell then SIGKILLs its running tool and exits), at most {@link #graceMillis()} for
     * that, then SIGKILL; never waits longer (the tool may be stuck in the kernel for good, the shell never is).
     */
    void kill() {
        process.destroy();
        try {
            process.waitFor(graceMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    /**
     * {@link #kill()} for many at once: SIGTERM to each, then up to the longest grace until all have
     * exited, then SIGKILL to each.
     */
    static void killAll(List<ReaderChild> children) {
        if (children.isEmpty()) {
            return;
        }
        long grace = 0;
        for (ReaderChild c : children) {
            c.process.destroy();
            grace = Math.max(grace, c.graceMillis());
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(grace);
        try {
            for (ReaderChild c : children) {
                long left = until - System.nanoTime();
                if (left > 0) {
                    c.process.waitFor(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ReaderChild c : children) {
            c.process.destroyForcibly();
        }
    }

    /** Ends an idle child: its stdin closes and its loop ends. */
    void close() {
        try {
            requests.close();
        } catch (IOException e) {
            kill();
        }
    }

    private void drain() {
        List<String> lines = new ArrayList<>();
        String prefix = marker + " ";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    int exit;
                    try {
                        exit = Integer.parseInt(line.substring(prefix.length()).trim());
                    } catch (NumberFormatException e) {
                        exit = -1;
                    }
                    answers.add(new Answer(List.copyOf(lines), exit));
                    lines.clear();
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the child is gone or killed: whoever waits gets EOF
        }
        answers.add(EOF);
    }
}
