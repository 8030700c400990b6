#!/usr/bin/env bash
# Watch benchmark: what `procsnap watch` costs between captures on an idle machine of about 10,000
# threads (../shared/bench/load.sh without full queues or blocked connects), in a private pid+ipc
# namespace holding only the load population and the tools measured, against two baselines of the same
# run:
#   shell-loop   the same checks as a busybox-style script would make them: cat of the same procfs files
#                every second, stat -f of the same mounts and a probe (sh -c true) every 10 s
#   jvm-floor    the bundle's java with the watcher's flags running a class that only sleeps
# and the watcher: bin/procsnap watch with its defaults (every trigger, --interval 1s, statfs every 10 s)
# plus --probe true. For each: CPU of one core (the process and its children, over DURATION seconds),
# RSS and peak RSS. A capture during the window (say the kernel reports the load's D-state pair as hung)
# is reported and the window taken again inside the cool-down, so the figure is "between captures".
#
#   bench/watch/run.sh [BUNDLE_DIR]        (root; default BUNDLE_DIR capture/target/bundle/procsnap)
#   DURATION=300 SIZE=200x50 bench/watch/run.sh
# Results: $OUT/results.txt (default OUT=/tmp/procsnap-bench-watch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
shared=$(cd "$root/../shared/bench" && pwd -P)
bundle=$(cd "${1:-$root/capture/target/bundle/procsnap}" && pwd -P)
export OUT=${OUT:-/tmp/procsnap-bench-watch}
export DURATION=${DURATION:-120}
export SIZE=${SIZE:-200x50}
[ "$(id -u)" = 0 ] || { echo "run as root (private pid namespace)" >&2; exit 5; }
command -v bc >/dev/null || { echo "bench: bc missing" >&2; exit 5; }
jdk=$(ls -d /usr/lib/jvm/temurin-25-jdk-* 2>/dev/null | head -1)
[ -x "$jdk/bin/javac" ] || { echo "bench: no JDK 25 javac under /usr/lib/jvm" >&2; exit 5; }
rm -rf "$OUT" && mkdir -p "$OUT"
cat > "$OUT/Sleep.java" <<'JAVA'
public class Sleep {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
JAVA
"$jdk/bin/javac" --release 17 -d "$OUT" "$OUT/Sleep.java"   # the bundles run JDK 17
export BUNDLE=$bundle SHARED=$shared
exec unshare --pid --fork --mount-proc --ipc bash "$here/inner.sh"
