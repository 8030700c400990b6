#!/usr/bin/env bash
# A first `ps -eLf` over a fresh mount, started WAIT seconds after the mount serves, for one or more
# replay bundles (each VARIANT a bundle dir, optionally followed by mount options after a colon, e.g.
# "/b/new:--no-prime"), the variants alternating in every round so a noisy machine's drift falls on all
# alike (issue 16: the first run <= 3x the extracted tree's; the priming walk's effect shows only when
# the first ps comes some seconds after mounting, which run.sh's at-once first run does not show).
#
#   ARCHIVE=FILE [WAITS="0 3 10"] [ROUNDS=3] bench/replay/first-ps.sh VARIANT...
#
# Prints one line per variant and wait: the times of every round (ms) and their median. Needs root
# (unshare, mount --bind over /proc in a private namespace) and fuse3; each mount is unmounted after its run.
set -euo pipefail
[[ $# -ge 1 && -n ${ARCHIVE:-} && -r ${ARCHIVE:-} ]] || { echo "usage: ARCHIVE=FILE $0 BUNDLE[:MOUNT-OPTIONS]..." >&2; exit 2; }
WAITS=${WAITS:-0 3 10}
ROUNDS=${ROUNDS:-3}
now_ms() { date +%s%3N; }
over_proc() { local dir=$1; shift; unshare --mount --propagation private sh -c 'mount --bind "$1" /proc && shift && exec "$@"' sh "$dir" "$@"; }
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/procsnap-bench-first.XXXXXX")
MNT=$WORK/mnt
PID=
cleanup() {
    [[ -z $PID ]] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
    grep -q " $MNT " /proc/self/mountinfo && fusermount3 -u "$MNT" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$MNT"
declare -A times
for wait in $WAITS; do
    for ((round = 1; round <= ROUNDS; round++)); do
        for v in "$@"; do
            bundle=${v%%:*}; opts=; [[ $v == *:* ]] && opts=${v#*:}
            # shellcheck disable=SC2086 # the options are words
            "$bundle/bin/procsnap-replay" mount $opts "$ARCHIVE" "$MNT" >/dev/null 2>&1 &
            PID=$!
            until grep -q " $MNT " /proc/self/mountinfo; do
                kill -0 "$PID" 2>/dev/null || { echo "first-ps: the mount of $v ended before serving" >&2; exit 5; }
                sleep 0.01
            done
            sleep "$wait"
            t0=$(now_ms); over_proc "$MNT" ps -eLf >/dev/null; t1=$(now_ms)
            times["$wait $v"]+=" $((t1 - t0))"
            kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
            grep -q " $MNT " /proc/self/mountinfo && fusermount3 -u "$MNT"
        done
    done
done
echo "first ps -eLf over a fresh mount ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $ROUNDS rounds, ms)"
for wait in $WAITS; do
    for v in "$@"; do
        t=${times["$wait $v"]}
        median=$(tr ' ' '\n' <<<"$t" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
        echo "started ${wait} s after serving, $v:$t  (median $median)"
    done
done
