#!/usr/bin/env bash
# Replay benchmark (issue 4).
#   1. capture a ~10,000-thread machine: ../shared/bench/load.sh (default 200 x 50) inside a private
#      pid+ipc+net namespace (net: concurrent loads must not clash on abstract unix sockets),
#      captured there by the real capture program
#   2. mount time and memory (RSS, peak RSS) of `procsnap-replay mount` on that capture
#   3. `ps -eLf` and `grep -r` over the mount against the same tools over the output of
#      `procsnap-replay extract` on a regular filesystem, as ratios (median of RUNS runs each)
#
# Usage: bench/replay/run.sh            (ARCHIVE=FILE reuses a capture; RUNS=N; PROCS, THREADS)
# Needs root, FUSE, unshare, gcc. Cleans up every mount, process and file it made.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOAD=${LOAD:-$ROOT/../shared/bench/load.sh}
RUNS=${RUNS:-5}
PROCS=${PROCS:-200}
THREADS=${THREADS:-50}
REPLAY=${REPLAY:-$ROOT/replay/target/bundle/procsnap-replay/bin/procsnap-replay}
CAPTURE=${CAPTURE:-$ROOT/capture/target/bundle/procsnap/bin/procsnap}
[[ -x $REPLAY ]] || { echo "no replay launcher at $REPLAY (mvn -pl replay package)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/procsnap-bench-replay.XXXXXX")
# run a private copy of the bundle: a `mvn package` meanwhile rebuilds target/bundle
BUNDLE_HOME=$(dirname "$(dirname "$(readlink -f "$REPLAY")")")
if [[ -d $BUNDLE_HOME/runtime ]]; then
    cp -a "$BUNDLE_HOME" "$WORK/replay-bundle"
    REPLAY=$WORK/replay-bundle/bin/procsnap-replay
fi
MNT=$WORK/mnt
EXTRACTED=$WORK/extracted
MOUNT_PID=
cleanup() {
    if [[ -n $MOUNT_PID ]] && kill -0 "$MOUNT_PID" 2>/dev/null; then kill -TERM "$MOUNT_PID" || true; sleep 1; fi
    if grep -q " $MNT " /proc/self/mountinfo; then fusermount3 -u "$MNT" 2>/dev/null || umount -l "$MNT" || true; fi
    PROCLOAD_STATE=$WORK/state bash "$LOAD" stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
# median wall time in ms of RUNS runs of "$@"
median_ms() {
    local i t0 t1 times=()
    for ((i = 0; i < RUNS; i++)); do
        t0=$(now_ms); "$@" >/dev/null 2>&1 || true; t1=$(now_ms)
        times+=($((t1 - t0)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}
# runs a command with the extracted proc/ bind-mounted over /proc; procps looks itself up at
# /proc/<its own pid> (libproc2 procps_pids_get), which a plain directory cannot synthesize, so the
# wrapper shell, whose pid the command inherits through exec, plants its own stat/status/task first
over_extract() {
    local dir=$1 rc=0; shift
    unshare --mount --propagation private sh -c 'd=$1; shift; echo $$ >> "$d/../planted"
        mkdir -p "$d/$$/task"; cp /proc/$$/stat /proc/$$/status "$d/$$/"
        mount --bind "$d" /proc && exec "$@"' sh "$dir" "$@" || rc=$?
    while read -r p; do rm -rf "${dir:?}/$p"; done < "$dir/../planted"; : > "$dir/../planted"
    return $rc
}
# runs a command with DIR bind-mounted over /proc in a private mount namespace
over_proc() {
    local dir=$1; shift
    unshare --mount --propagation private sh -c 'mount --bind "$1" /proc && shift && exec "$@"' sh "$dir" "$@"
}

# 1. the capture
if [[ -n ${ARCHIVE:-} ]]; then
    cp "$ARCHIVE" "$WORK/capture.tar.zst"
else
    [[ -x $CAPTURE ]] || { echo "no capture launcher at $CAPTURE (mvn -pl capture package)" >&2; exit 2; }
    unshare --pid --fork --mount-proc --ipc --net bash -c "
        set -e
        export PROCLOAD_STATE=$WORK/state PROCLOAD_BUILD=$WORK/build
        trap 'bash $LOAD stop >/dev/null 2>&1 || true' EXIT
        bash $LOAD start -p $PROCS -t $THREADS -T 600 >/dev/null
        sleep 3
        $CAPTURE -o $WORK/capture.tar.zst >$WORK/capture.log 2>&1 || test -s $WORK/capture.tar.zst"
fi
ARCHIVE_SIZE=$(stat -c %s "$WORK/capture.tar.zst")

# 2. mount time and memory
mkdir -p "$MNT"
t0=$(now_ms)
"$REPLAY" mount "$WORK/capture.tar.zst" "$MNT" >"$WORK/mount.log" 2>&1 &
MOUNT_PID=$!
until grep -q " $MNT " /proc/self/mountinfo; do
    kill -0 "$MOUNT_PID" 2>/dev/null || { cat "$WORK/mount.log" >&2; exit 1; }
    sleep 0.01
done
MOUNT_MS=$(($(now_ms) - t0))
JAVA_PID=$(pgrep -P "$MOUNT_PID" java || echo "$MOUNT_PID")
[[ -r /proc/$JAVA_PID/status ]] || JAVA_PID=$MOUNT_PID
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
RSS_MOUNTED=$(rss_kb "$JAVA_PID" VmRSS)
THREADS_SEEN=$( (ls -d "$MNT"/[0-9]*/task/[0-9]* 2>/dev/null || true) | wc -l)
FILES=$( (find "$MNT" -path "$MNT/.procsnap" -prune -o -type f -print 2>/dev/null || true) | wc -l)

# 3. the same tools over the mount and over extract's output
t0=$(now_ms); "$REPLAY" extract --no-same-owner "$WORK/capture.tar.zst" "$EXTRACTED" >"$WORK/extract.log"; EXTRACT_MS=$(($(now_ms) - t0))
# ps also reads /proc/self/stat and checks /proc/self/task; in the extracted tree proc/self is the
# capturing program's own directory (mountinfo ...), so give it those two as well
mkdir -p "$EXTRACTED/proc/self/task"; cp /proc/self/stat "$EXTRACTED/proc/self/stat"

PS_MOUNT_COLD=$( { t0=$(now_ms); over_proc "$MNT" ps -eLf >/dev/null; echo $(($(now_ms) - t0)); } )
PS_MOUNT=$(median_ms over_proc "$MNT" ps -eLf)
PS_EXTRACT=$(median_ms over_extract "$EXTRACTED/proc" ps -eLf)
GREP_MOUNT=$(median_ms grep -r -s -c --exclude-dir=.procsnap futex_do_wait "$MNT")
GREP_EXTRACT=$(median_ms grep -r -s -c futex_do_wait "$EXTRACTED/proc")
ROWS_MOUNT=$( (over_proc "$MNT" ps -eLf || true) | wc -l)
ROWS_EXTRACT=$( (over_extract "$EXTRACTED/proc" ps -eLf || true) | wc -l)
RSS_AFTER=$(rss_kb "$JAVA_PID" VmRSS)
RSS_PEAK=$(rss_kb "$JAVA_PID" VmHWM)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
cat <<REPORT
procsnap-replay benchmark ($(nproc) CPUs, kernel $(uname -r), $(date -u +%FT%TZ))
capture:            $THREADS_SEEN threads, $FILES files, archive $((ARCHIVE_SIZE / 1024)) KiB
mount time:         $MOUNT_MS ms (process start to mount served)
mount memory:       RSS $((RSS_MOUNTED / 1024)) MiB after mount, $((RSS_AFTER / 1024)) MiB after the tools, peak $((RSS_PEAK / 1024)) MiB
extract time:       $EXTRACT_MS ms
ps -eLf ($ROWS_MOUNT / $ROWS_EXTRACT rows):  mount $PS_MOUNT ms (first run $PS_MOUNT_COLD ms), extract $PS_EXTRACT ms, ratio $(ratio "$PS_MOUNT" "$PS_EXTRACT")
grep -r:            mount $GREP_MOUNT ms, extract $GREP_EXTRACT ms, ratio $(ratio "$GREP_MOUNT" "$GREP_EXTRACT")
(median of $RUNS runs; ratio = mount / extract on $(df --output=fstype "$WORK" | tail -1))
REPORT
