package io.procsnap.capture;

import io.procsnap.format.ExitCode;

import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * Entry point of {@code procsnap}. No picocli type in its signatures: the launcher reflects over Main's
 * public methods, which would load picocli's 72 KB CommandLine class (and open its jar) even for {@code --version}; the
 * command line is made by {@link CommandLines}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code;
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0]))) {
            // the lines picocli prints, without building the command line: its model (options, help text,
            // built-in converters) was half the CPU of this start-up (capture/README, The bundle: start-up)
            for (String line : VersionText.lines()) {
                System.out.println(line);
            }
            code = ExitCode.OK;
        } else {
            code = run(args, new java.io.FileOutputStream(java.io.FileDescriptor.out),
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        }
        // Reader threads abandoned in the kernel are daemons; exit now, never wait for them.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** Runs the command; {@code archiveOut} receives {@code -o -}, {@code out}/{@code err} the text. */
    public static int run(String[] args, OutputStream archiveOut, PrintWriter out, PrintWriter err) {
        return CommandLines.run(args, archiveOut, out, err);
    }
}
