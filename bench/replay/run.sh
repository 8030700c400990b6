#!/usr/bin/env bash
# Replay benchmark (issues 4 and 16): every figure as a ratio against a baseline of the same run.
#   1. capture a ~10,000-thread machine: ../shared/bench/load.sh (default 200 x 50) inside a private
#      pid+ipc+net namespace (net: concurrent loads must not clash on abstract unix sockets),
#      captured there by the real capture program with --samples SAMPLES (default 2)
#   2. the analysis commands (info, diagnose, threads, ps -L, ipc, report): wall time and peak RSS,
#      against `zstd -dc ARCHIVE | tar -t > /dev/null` on the same archive
#   3. mount time and memory (RSS, peak RSS) of `procsnap-replay mount` on that capture
#   4. `ps -eLf` and `grep -r` over the mount against the same tools over the output of
#      `procsnap-replay extract` on a regular filesystem, as ratios (median of RUNS runs each); the
#      mount's first `ps -eLf` is timed separately (cold: nothing cached by the kernel or the server)
#   5. the kernel's FUSE requests for one warm `ps -eLf` and one `grep -r`, and for a first `ps -eLf`
#      over a second, fresh mount (FUSE_COUNT=1, needs strace: the server's /dev/fuse reads are counted
#      while the tool runs; strace slows the server, so these runs are not timed)
#
# Usage: bench/replay/run.sh     (ARCHIVE=FILE reuses a capture, SAVE_ARCHIVE=FILE keeps it; RUNS=N (5); PROCS, THREADS, SAMPLES;
#                                 COMMANDS=0 skips step 2, MOUNT=0 steps 3-5)
# Needs root, FUSE, unshare, gcc, /usr/bin/time. Cleans up every mount, process and file it made.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOAD=${LOAD:-$ROOT/../shared/bench/load.sh}
RUNS=${RUNS:-5}
PROCS=${PROCS:-200}
THREADS=${THREADS:-50}
SAMPLES=${SAMPLES:-2}
COMMANDS=${COMMANDS:-1}
MOUNT=${MOUNT:-1}
FUSE_COUNT=${FUSE_COUNT:-1}
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
MNT2=$WORK/mnt-first
EXTRACTED=$WORK/extracted
MOUNT_PID=
MOUNT2_PID=
cleanup() {
    local pid m
    for pid in "$MOUNT_PID" "$MOUNT2_PID"; do
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" || true; sleep 1; fi
    done
    for m in "$MNT" "$MNT2"; do
        if grep -q " $m " /proc/self/mountinfo; then fusermount3 -u "$m" 2>/dev/null || umount -l "$m" || true; fi
    done
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
        $CAPTURE --samples $SAMPLES -o $WORK/capture.tar.zst >$WORK/capture.log 2>&1 || test -s $WORK/capture.tar.zst"
fi
ARCHIVE_SIZE=$(stat -c %s "$WORK/capture.tar.zst")
[[ -z ${SAVE_ARCHIVE:-} ]] || cp "$WORK/capture.tar.zst" "$SAVE_ARCHIVE"

ARCHIVE_ENTRIES=$(zstd -dc "$WORK/capture.tar.zst" | tar -t 2>/dev/null | wc -l)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# median wall ms, median peak RSS (KiB) and median CPU ms (user + system) of RUNS runs of "$@"
median_ms_rss() {
    local i ms=() kb=() cpu=() secs rss user sys
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
        read -r secs rss user sys < <(tail -1 "$WORK/time.txt")  # after "Command exited with non-zero status N"
        ms+=($(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')); kb+=("$rss")
        cpu+=($(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }'))
    done
    local mid=$(((RUNS + 1) / 2))
    echo "$(printf '%s\n' "${ms[@]}" | sort -n | sed -n "${mid}p") $(printf '%s\n' "${kb[@]}" | sort -n | sed -n "${mid}p")" \
        "$(printf '%s\n' "${cpu[@]}" | sort -n | sed -n "${mid}p")"
}
# the baseline: decompress and list; tar is told not to warn about the PROCSNAP.* pax keywords of a
# format 1.0 capture (writing ~2.5 million warning lines to /dev/null makes it 4-5x slower: a baseline
# too easy to beat); format 1.1 archives make tar print nothing, the option then changes nothing
untar_list() { zstd -dc "$WORK/capture.tar.zst" | tar --warning=no-unknown-keyword -t > /dev/null; }

# 2. the analysis commands against decompressing and listing the archive
COMMAND_ROWS=
if [[ $COMMANDS == 1 ]]; then
    read -r BASE_MS _ BASE_CPU <<<"$(median_ms_rss bash -c "$(declare -f untar_list); WORK=$WORK untar_list")"
    for c in info diagnose threads "ps -L" ipc report; do
        extra=(); [[ $c == report ]] && extra=(-o "$WORK/report.html")
        read -r ms kb cpu <<<"$(median_ms_rss "$REPLAY" $c "$WORK/capture.tar.zst" "${extra[@]}")"
        COMMAND_ROWS+=$(printf '%-9s %6d ms  ratio %5s   CPU %6d ms  ratio %5s   peak RSS %4d MiB' "$c" "$ms" \
            "$(ratio "$ms" "$BASE_MS")" "$cpu" "$(ratio "$cpu" "$BASE_CPU")" "$((kb / 1024))")$'\n'
    done
fi
[[ $MOUNT == 1 ]] || {
    printf 'procsnap-replay benchmark (%s CPUs, kernel %s, %s)\narchive: %s entries, %s KiB\n' "$(nproc)" \
        "$(uname -r)" "$(date -u +%FT%TZ)" "$ARCHIVE_ENTRIES" "$((ARCHIVE_SIZE / 1024))"
    printf 'zstd -dc | tar -t: %s ms, CPU %s ms (baseline)\n%s(median of %s runs)\n' "$BASE_MS" "$BASE_CPU" "$COMMAND_ROWS" "$RUNS"
    exit 0
}

# 3. mount time and memory
# mounts the capture at DIR in the background, its pid in the variable named PIDVAR (for cleanup), and
# returns once the kernel lists the mount: mount_capture DIR LOG PIDVAR
mount_capture() {
    "$REPLAY" mount "$WORK/capture.tar.zst" "$1" >"$2" 2>&1 &
    printf -v "$3" %s "$!"
    until grep -q " $1 " /proc/self/mountinfo; do
        kill -0 "${!3}" 2>/dev/null || { cat "$2" >&2; exit 1; }
        sleep 0.01
    done
}
mkdir -p "$MNT"
t0=$(now_ms)
mount_capture "$MNT" "$WORK/mount.log" MOUNT_PID
MOUNT_MS=$(($(now_ms) - t0))
JAVA_PID=$(pgrep -P "$MOUNT_PID" java || echo "$MOUNT_PID")
[[ -r /proc/$JAVA_PID/status ]] || JAVA_PID=$MOUNT_PID
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
RSS_MOUNTED=$(rss_kb "$JAVA_PID" VmRSS)

# 4. the same tools over the mount and over extract's output; the mount's first ps -eLf comes first,
# before anything has walked the tree
PS_MOUNT_COLD=$( { t0=$(now_ms); over_proc "$MNT" ps -eLf >/dev/null; echo $(($(now_ms) - t0)); } )
THREADS_SEEN=$( (ls -d "$MNT"/[0-9]*/task/[0-9]* 2>/dev/null || true) | wc -l)
FILES=$( (find "$MNT" -path "$MNT/.procsnap" -prune -o -type f -print 2>/dev/null || true) | wc -l)
t0=$(now_ms); "$REPLAY" extract --no-same-owner "$WORK/capture.tar.zst" "$EXTRACTED" >"$WORK/extract.log"; EXTRACT_MS=$(($(now_ms) - t0))
# ps also reads /proc/self/stat and checks /proc/self/task; in the extracted tree proc/self is the
# capturing program's own directory (mountinfo ...), so give it those two as well
mkdir -p "$EXTRACTED/proc/self/task"; cp /proc/self/stat "$EXTRACTED/proc/self/stat"

PS_EXTRACT_COLD=$( { t0=$(now_ms); over_extract "$EXTRACTED/proc" ps -eLf >/dev/null; echo $(($(now_ms) - t0)); } )
PS_MOUNT=$(median_ms over_proc "$MNT" ps -eLf)
PS_EXTRACT=$(median_ms over_extract "$EXTRACTED/proc" ps -eLf)
GREP_MOUNT=$(median_ms grep -r -s -c --exclude-dir=.procsnap futex_do_wait "$MNT")
GREP_EXTRACT=$(median_ms grep -r -s -c futex_do_wait "$EXTRACTED/proc")
ROWS_MOUNT=$( (over_proc "$MNT" ps -eLf || true) | wc -l)
ROWS_EXTRACT=$( (over_extract "$EXTRACTED/proc" ps -eLf || true) | wc -l)
RSS_AFTER=$(rss_kb "$JAVA_PID" VmRSS)
RSS_PEAK=$(rss_kb "$JAVA_PID" VmHWM)

# 5. FUSE requests the kernel sent for one warm run of each tool: the server's reads of /dev/fuse,
# by opcode (struct fuse_in_header: u32 len, u32 opcode), counted with strace attached to the server
# (SERVER_PID: the server to count, the first mount's unless set)
fuse_requests() {
    local fds server=${SERVER_PID:-$JAVA_PID}
    fds=$(for f in /proc/"$server"/fd/*; do [[ $(readlink "$f") == /dev/fuse ]] && echo "${f##*/}"; done | paste -sd,)
    strace -f -qq -p "$server" -e trace=read -e read=none -xx -s 8 -o "$WORK/strace.txt" &
    local st=$!
    sleep 1
    "$@" >/dev/null 2>&1 || true
    sleep 0.3; kill -INT "$st"; wait "$st" 2>/dev/null || true
    perl -ne 'BEGIN { %name = (1, "LOOKUP", 2, "FORGET", 3, "GETATTR", 5, "READLINK", 14, "OPEN", 15, "READ",
                18, "RELEASE", 22, "GETXATTR", 23, "LISTXATTR", 25, "FLUSH", 27, "OPENDIR", 28, "READDIR",
                29, "RELEASEDIR", 42, "BATCH_FORGET", 44, "READDIRPLUS"); %fd = map { $_ => 1 } split /,/, shift }
        # with -f a read that blocks shows as "PID read(FD, <unfinished ...>", then "PID <... read resumed>DATA"
        $pending{$1} = $2, next if /^(\d+)\s+read\((\d+),\s*<unfinished/;
        my ($f, $data) = /^(\d+)\s+<\.\.\. read resumed>\s*"((?:\\x[0-9a-f]{2}){8})/ ? ($pending{$1}, $2)
            : /read\((\d+), "((?:\\x[0-9a-f]{2}){8})/ ? ($1, $2) : ();
        next unless defined $data && $fd{$f};
        my @b = map { hex } ($data =~ /\\x([0-9a-f]{2})/g); my $op = $b[4] | $b[5] << 8 | $b[6] << 16 | $b[7] << 24;
        $n{$name{$op} // "op$op"}++; $total++;
        END { print $total + 0, ":", (map { " $_ $n{$_}" } sort { $n{$b} <=> $n{$a} } keys %n), "\n" }' "$fds" "$WORK/strace.txt"
}
FUSE_PS= FUSE_GREP= FUSE_FIRST=
if [[ $FUSE_COUNT == 1 ]] && command -v strace >/dev/null; then
    FUSE_PS=$(fuse_requests over_proc "$MNT" ps -eLf)
    FUSE_GREP=$(fuse_requests grep -r -s -c --exclude-dir=.procsnap futex_do_wait "$MNT")
    # a first ps -eLf needs a mount nothing has touched: a second one, counted, then unmounted
    mkdir -p "$MNT2"
    mount_capture "$MNT2" "$WORK/mount2.log" MOUNT2_PID
    JAVA2_PID=$(pgrep -P "$MOUNT2_PID" java || echo "$MOUNT2_PID")
    FUSE_FIRST=$(SERVER_PID=$JAVA2_PID fuse_requests over_proc "$MNT2" ps -eLf)
    kill -TERM "$MOUNT2_PID"; wait "$MOUNT2_PID" 2>/dev/null || true
fi

cat <<REPORT
procsnap-replay benchmark ($(nproc) CPUs, kernel $(uname -r), $(date -u +%FT%TZ))
capture:            $THREADS_SEEN threads, $FILES files, archive $ARCHIVE_ENTRIES entries, $((ARCHIVE_SIZE / 1024)) KiB
${COMMAND_ROWS:+zstd -dc | tar -t:  $BASE_MS ms, CPU $BASE_CPU ms (baseline of the commands below)
$COMMAND_ROWS}mount time:         $MOUNT_MS ms (process start to mount served)
mount memory:       RSS $((RSS_MOUNTED / 1024)) MiB after mount, $((RSS_AFTER / 1024)) MiB after the tools, peak $((RSS_PEAK / 1024)) MiB
extract time:       $EXTRACT_MS ms
ps -eLf ($ROWS_MOUNT / $ROWS_EXTRACT rows):  mount $PS_MOUNT ms, extract $PS_EXTRACT ms, ratio $(ratio "$PS_MOUNT" "$PS_EXTRACT")
ps -eLf first run:  mount $PS_MOUNT_COLD ms, extract $PS_EXTRACT_COLD ms, ratio $(ratio "$PS_MOUNT_COLD" "$PS_EXTRACT_COLD")
grep -r:            mount $GREP_MOUNT ms, extract $GREP_EXTRACT ms, ratio $(ratio "$GREP_MOUNT" "$GREP_EXTRACT")
${FUSE_PS:+FUSE requests, warm ps -eLf: $FUSE_PS
FUSE requests, warm grep -r:  $FUSE_GREP
}${FUSE_FIRST:+FUSE requests, first ps -eLf (a second mount): $FUSE_FIRST
}(median of $RUNS runs; ratio = command / baseline, mount / extract on $(df --output=fstype "$WORK" | tail -1))
REPORT
