#!/usr/bin/env bash
# Peak RSS, wall time and children left behind of one capture at ~10,000 threads.
# Runs the load generator (../shared/bench/load.sh, 200 processes x 50 threads) and the capture
# inside a private pid+ipc namespace, so only the load population is read and `load.sh stop`
# ends exactly what it started.
#
#   bench/faults/memory-10k.sh [PROCS THREADS]     (root; default 200 50)
#   JAR=capture/target/capture-*.jar (default) or BIN=capture/target/bundle/procsnap/bin/procsnap
# Prints one line per run: threads, wall s, peak RSS MB, entries, children alive after exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
shared=$(cd "$root/../shared/bench" && pwd -P)
procs=${1:-200}; threads=${2:-50}
[ "$(id -u)" = 0 ] || { echo "run as root (private pid namespace)" >&2; exit 5; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) missing: apt-get install time" >&2; exit 5; }
jar=$(ls "$root"/capture/target/capture-*.jar | grep -v tests | head -1)
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
cmd=${BIN:+$BIN}
cmd=${cmd:-"$java -jar $jar"}
out=${OUT:-/tmp/procsnap-faults-mem}; mkdir -p "$out"
export PROCLOAD_STATE=$out/load-state PROCLOAD_BUILD=$out/load-build
unshare --pid --fork --mount-proc --ipc bash -c "
  set -euo pipefail
  trap '$shared/load.sh stop >/dev/null 2>&1 || true' EXIT
  $shared/load.sh start -p $procs -t $threads -T 600 >/dev/null
  sleep 3
  n=\$(ls /proc/[0-9]*/task | grep -c '^[0-9]' || true)
  /usr/bin/time -f '%e %M' -o $out/time.txt $cmd -o $out/cap.tar.zst --deadline 90s 2>$out/stderr.txt || true
  read -r wall rss < <(tail -1 $out/time.txt)  # GNU time first says \"Command exited with non-zero status 3\"
  # children of the capture left behind: processes whose parent is gone and that run a captured command
  left=\$(ps -eo pid=,ppid=,comm= | awk '\$2 == 1 && (\$3 ~ /^(zpool|zfs|df|dmesg|nice|ionice)\$/)' | wc -l)
  echo \"threads=\$n wall_s=\$wall peak_rss_mb=\$((rss / 1024)) children_left=\$left\"
  tail -1 $out/stderr.txt
"
