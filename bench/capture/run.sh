#!/usr/bin/env bash
# Capture benchmark: bin/procsnap against the C floor reader (../shared/bench/floor.c) on the same
# machine, in the same run, inside a private pid+ipc+net namespace (net: the load names its abstract unix
# socket after its parent's pid, which collides with another run's) holding only the load population
# (../shared/bench/load.sh) and the tools measured.
#
#   bench/capture/run.sh [BUNDLE_DIR]      (root; default BUNDLE_DIR capture/target/bundle/procsnap)
#   REPEAT=3 SIZES="200x50 20x50" bench/capture/run.sh
#   BASELINE=/other/bundle SIZES=200x50 bench/capture/run.sh   (also measures that bundle's --skip
#                                              filesystems,commands in the same loop, right after this one's)
#   BUSY=4 SIZES=200x50 bench/capture/run.sh   (a saturated machine: 4 busy loops per CPU at normal
#                                              priority beside the population, for every tool measured)
#
# Per population size: wall time, peak RSS, CPU seconds of
#   floor -j1, floor -j2            (read everything into memory, write one raw stream)
#   floor-sameset -j1, -j2          (the floor patched to read procsnap's per-process file set:
#                                    + limits, cgroup, statm, oom_score, thread sched and schedstat,
#                                    lstat of every process and thread directory, exe/cwd/root and
#                                    ns/* readlinks; floor-sameset.patch)
#   procsnap                        (default capture: + statfs of every mount, zpool/zfs/dmesg/df)
#   procsnap --skip filesystems,commands   (closest to the floor's file set)
#   the same with --no-resample     (the reads alone, without the default re-sample's wait of about a
#                                    second for the threads that look blocked; no floor waits)
# the median of REPEAT runs, and archive size against `zstd -3` of the floor's raw stream; for the
# headline ratio (procsnap --skip filesystems,commands over floor-sameset -j1) also its spread over
# the repeats (this 2-vCPU machine drifts: medians of the same build moved by 25% within an hour).
# Plus the start-up time of `bin/procsnap --version`. Results: $OUT/results.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
shared=$(cd "$root/../shared/bench" && pwd -P)
bundle=$(cd "${1:-$root/capture/target/bundle/procsnap}" && pwd -P)
export OUT=${OUT:-/tmp/procsnap-bench}
export REPEAT=${REPEAT:-3}
export SIZES=${SIZES:-200x50 20x50}
export BUSY=${BUSY:-}
[ -z "${BASELINE:-}" ] || export BASELINE=$(cd "$BASELINE" && pwd -P)
[ "$(id -u)" = 0 ] || { echo "run as root (private pid namespace)" >&2; exit 5; }
[ -x /usr/bin/time ] || { echo "bench: installing GNU time" >&2; apt-get install -y -qq time >&2; }
command -v zstd >/dev/null || { echo "bench: zstd missing" >&2; exit 5; }
command -v patch >/dev/null || { echo "bench: installing patch" >&2; apt-get install -y -qq patch >&2; }
# the floor writes its stream to /dev/null: a regular file there (a build as root once replaced the
# device node) would make it pay for writing 40 MB and flatter every ratio
[ -c /dev/null ] || { echo "bench: /dev/null is not a character device; restore it: rm /dev/null && mknod -m 666 /dev/null c 1 3" >&2; exit 5; }
mkdir -p "$OUT"
gcc -O2 -o "$OUT/floor" "$shared/floor.c" -lpthread
cp "$shared/floor.c" "$OUT/floor-sameset.c"
patch -s "$OUT/floor-sameset.c" "$here/floor-sameset.patch" || { echo "bench: floor-sameset.patch no longer applies to $shared/floor.c" >&2; exit 5; }
gcc -O2 -o "$OUT/floor-sameset" "$OUT/floor-sameset.c" -lpthread
export BUNDLE=$bundle SHARED=$shared
exec unshare --pid --fork --mount-proc --ipc --net bash "$here/inner.sh"
