package io.procsnap.replay.analysis;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One link of the {@link WaitClassifier} chain: recognises one kind of wait from a thread's state,
 * wait channel, kernel stack and system call, or passes.
 */
@FunctionalInterface
public interface WaitDetector {

    /** What is known of a thread for classification; any part may be missing (empty string, empty list, -1). */
    record Evidence(char state, String wchan, List<String> stackFunctions, int syscall, String arch) {
        public Evidence {
            wchan = wchan == null ? "" : wchan;
            stackFunctions = stackFunctions == null ? List.of() : List.copyOf(stackFunctions);
        }
    }

    Optional<WaitClass> detect(Evidence e);

    /**
     * Matches when the wait channel or any kernel stack frame matches {@code functions} (searched, not
     * anchored, so {@code do_msgsnd} and {@code __x64_sys_msgsnd} both match {@code msgsnd}), or, when both
     * are unknown, when the thread is in one of {@code syscalls} (x86_64 numbers).
     */
    static WaitDetector sites(WaitKind kind, String functions, Set<Integer> syscalls) {
        Pattern pattern = Pattern.compile(functions);
        return e -> {
            if (!e.wchan().isEmpty() && pattern.matcher(e.wchan()).find()) {
                return Optional.of(new WaitClass(kind, e.wchan()));
            }
            for (String f : e.stackFunctions()) {
                if (pattern.matcher(f).find()) {
                    return Optional.of(new WaitClass(kind, f));
                }
            }
            boolean x86 = e.arch() == null || e.arch().equals("amd64") || e.arch().equals("x86_64");
            if (x86 && syscalls.contains(e.syscall()) && !stateRunning(e.state())) {
                return Optional.of(new WaitClass(kind, SyscallNames.name(e.syscall(), e.arch())));
            }
            return Optional.empty();
        };
    }

    private static boolean stateRunning(char state) {
        return state == 'R';
    }
}
