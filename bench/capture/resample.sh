#!/usr/bin/env bash
# Cost of the default re-sample (issue 17 point 5): the capture with it (the default: the threads that
# look blocked are sampled once more, --interval after the fast pass) against the same capture with
# --no-resample, in turns, in the same run, inside a private pid+ipc namespace holding only the load
# population (../shared/bench/load.sh) and the capture.
#
#   bench/capture/resample.sh                    (root; the capture's classes: mvn -pl capture -am test-compile)
#   REPEAT=5 SIZES="20x50 200x50" bench/capture/resample.sh
#
# Per size: CPU seconds (user + sys) and wall time of both, the median of REPEAT turns and the paired
# ratios (min / median / max of with/without per turn); how many threads were re-sampled; archive
# sizes. Both skip filesystems and commands (what they add does not depend on the re-sample). The wall
# time of the default includes the wait until one interval (--interval 1s) after the first sample of the
# last thread that looked blocked, unless the later passes took longer (the re-sample runs beside them).
# Results: $OUT/resample.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
shared=$(cd "$root/../shared/bench" && pwd -P)
export OUT=${OUT:-/tmp/procsnap-bench-resample}
export REPEAT=${REPEAT:-5}
export SIZES=${SIZES:-20x50 200x50}
export JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
export CP="$root/capture/target/classes:$root/format-spec/target/classes:$root/capture/target/lib/*"
[ "$(id -u)" = 0 ] || { echo "run as root (private pid namespace)" >&2; exit 5; }
[ -x /usr/bin/time ] || { echo "bench: GNU time missing (apt-get install time)" >&2; exit 5; }
mkdir -p "$OUT"
export SHARED=$shared
exec unshare --pid --fork --mount-proc --ipc bash -c '
set -euo pipefail
export PROCLOAD_STATE=$OUT/load-state PROCLOAD_BUILD=$OUT/load-build
res=$OUT/resample.txt
: > "$res"
say() { echo "$*" | tee -a "$res"; }
cleanup() { "$SHARED/load.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
measure() {  # NAME ARGS... -> "NAME wall cpu" in runs.txt
    local name=$1; shift
    PROCSNAP_TIMING=1 /usr/bin/time -f "%e %U %S" -o "$OUT/time.txt" "$JAVA" -XX:TieredStopAtLevel=1 -cp "$CP" \
        io.procsnap.capture.Main "$@" >/dev/null 2>"$OUT/stderr-$name.txt" || true
    read -r wall user sys < <(tail -1 "$OUT/time.txt")
    echo "$name $wall $(echo "$user + $sys" | bc -l)" >> "$OUT/runs.txt"
}
median() { awk -v n="$1" -v c="$2" "\$1 == n {print \$c}" "$OUT/runs.txt" | sort -g | awk "{a[NR]=\$1} END {print a[int((NR+1)/2)]}"; }
paired() {  # A B COLUMN -> min / median / max over the turns of value(A, turn i) / value(B, turn i)
    awk -v a="$1" -v b="$2" -v c="$3" "\$1 == a {x[++na] = \$c} \$1 == b {y[++nb] = \$c}
        END {for (i = 1; i <= na && i <= nb; i++) if (y[i] > 0) print x[i] / y[i]}" "$OUT/runs.txt" | sort -g |
        awk "{r[NR] = \$1} END {printf \"%.2fx / %.2fx / %.2fx\", r[1], r[int((NR + 1) / 2)], r[NR]}"
}
say "procsnap default re-sample cost  $(date -u +%FT%TZ)  $(nproc) CPUs  kernel $(uname -r)"
for size in $SIZES; do
    procs=${size%x*}; threads=${size#*x}
    "$SHARED/load.sh" start -p "$procs" -t "$threads" -T 900 >/dev/null
    sleep 3
    n=$(ls /proc/[0-9]*/task | grep -c "^[0-9]" || true)
    : > "$OUT/runs.txt"
    for i in $(seq "$REPEAT"); do
        measure resample -o "$OUT/with.tar.zst" --skip filesystems,commands
        measure plain -o "$OUT/without.tar.zst" --skip filesystems,commands --no-resample
    done
    resampled=$(sed -n "s/.*re-sample of \([0-9]*\) threads.*/\1/p" "$OUT/stderr-resample.txt" | tail -1)
    "$SHARED/load.sh" stop >/dev/null
    sleep 1
    say ""
    say "== $procs processes x $threads threads ($n threads in the namespace), $REPEAT turns =="
    say "re-sampled: ${resampled:-0} threads (of $n)"
    say "cpu  s (median): with $(median resample 3), without $(median plain 3); with/without per turn min/median/max: $(paired resample plain 3)"
    say "wall s (median): with $(median resample 2), without $(median plain 2); with/without per turn min/median/max: $(paired resample plain 2)"
    say "archive: with $(stat -c %s "$OUT/with.tar.zst") bytes, without $(stat -c %s "$OUT/without.tar.zst") bytes"
done
'
