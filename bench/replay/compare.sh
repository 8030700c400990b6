#!/usr/bin/env bash
# Before/after in one run (issue 16): two replay bundles on the same archive, the runs interleaved
# (baseline, before, after, baseline, before, after, ...) so that the drift of a noisy machine falls
# on both alike, then run.sh's mount part for each bundle.
#
#   bench/replay/compare.sh BEFORE_BUNDLE_DIR [AFTER_BUNDLE_DIR]
#   ARCHIVE=FILE (required: a capture, e.g. one kept by run.sh's SAVE_ARCHIVE)  RUNS=N (5)  MOUNT=0 skips the mount part,
#   COMMANDS=0 the commands
#
# Prints per command (info, diagnose, threads, ps -L, ipc, report): median wall, CPU and peak RSS of each
# bundle, each as a ratio to the median of `zstd -dc ARCHIVE | tar -t > /dev/null` measured in the
# same loop, and after/before. Then the mounts, interleaved too (one mount per run): ready (process
# start to mount served), the server's CPU by then, RSS after mount, the first ps -eLf, a warm ps -eLf
# and a first grep -r over it, RSS and peak RSS (VmHWM) after them; then run.sh's mount part for each bundle
# (the ratios to the extracted tree).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: ARCHIVE=FILE $0 BEFORE_BUNDLE_DIR [AFTER_BUNDLE_DIR]" >&2; exit 2; }
[[ -n ${ARCHIVE:-} && -r $ARCHIVE ]] || { echo "compare: set ARCHIVE to a readable capture" >&2; exit 2; }
BEFORE=$(cd "$1" && pwd)
AFTER=$(cd "${2:-$ROOT/replay/target/bundle/procsnap-replay}" && pwd)
RUNS=${RUNS:-5}
for b in "$BEFORE" "$AFTER"; do
    [[ -x $b/bin/procsnap-replay ]] || { echo "compare: no bin/procsnap-replay in $b" >&2; exit 2; }
done
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/procsnap-bench-compare.XXXXXX")
MNT=$WORK/mnt
MOUNT_PID=
cleanup() {
    if [[ -n $MOUNT_PID ]] && kill -0 "$MOUNT_PID" 2>/dev/null; then kill -TERM "$MOUNT_PID" || true; sleep 1; fi
    if grep -q " $MNT " /proc/self/mountinfo; then fusermount3 -u "$MNT" 2>/dev/null || umount -l "$MNT" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
# private copies: a `mvn package` meanwhile would rebuild target/bundle under the runs
cp -a "$BEFORE" "$WORK/before"; cp -a "$AFTER" "$WORK/after"
cp "$ARCHIVE" "$WORK/capture.tar.zst"
A=$WORK/capture.tar.zst

# one run of "$@": "wall_ms rss_kib cpu_ms"
one() {
    /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
    tail -1 "$WORK/time.txt" | awk '{ printf "%d %d %d\n", $1 * 1000, $2, ($3 + $4) * 1000 }'
}
median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
untar_list() { zstd -dc "$1" | tar --warning=no-unknown-keyword -t > /dev/null; }

printf 'procsnap-replay before/after (%s CPUs, kernel %s, %s, load %s)\narchive: %s (%s KiB)\nbefore: %s\nafter:  %s\n' \
    "$(nproc)" "$(uname -r)" "$(date -u +%FT%TZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$ARCHIVE" \
    "$(($(stat -c %s "$A") / 1024))" "$BEFORE" "$AFTER"
[[ ${COMMANDS:-1} == 1 ]] && printf '%-9s | %-30s | %-30s | %s\n' command "before: wall (ratio) CPU RSS" "after: wall (ratio) CPU RSS" "after/before wall, RSS"
for c in info diagnose threads "ps -L" ipc report; do
    [[ ${COMMANDS:-1} == 1 ]] || break
    extra=(); [[ $c == report ]] && extra=(-o "$WORK/report.html")
    : > "$WORK/base"; : > "$WORK/b"; : > "$WORK/a"
    for ((i = 0; i < RUNS; i++)); do
        one bash -c "$(declare -f untar_list); untar_list $A" >> "$WORK/base"
        one "$WORK/before/bin/procsnap-replay" $c "$A" "${extra[@]}" >> "$WORK/b"
        one "$WORK/after/bin/procsnap-replay" $c "$A" "${extra[@]}" >> "$WORK/a"
    done
    base=$(cut -d' ' -f1 "$WORK/base" | median)
    bw=$(cut -d' ' -f1 "$WORK/b" | median); bk=$(cut -d' ' -f2 "$WORK/b" | median); bc=$(cut -d' ' -f3 "$WORK/b" | median)
    aw=$(cut -d' ' -f1 "$WORK/a" | median); ak=$(cut -d' ' -f2 "$WORK/a" | median); ac=$(cut -d' ' -f3 "$WORK/a" | median)
    printf '%-9s | %5d ms (%5sx) %5d ms %4d MiB | %5d ms (%5sx) %5d ms %4d MiB | %sx, %sx   (tar -t %d ms)\n' "$c" \
        "$bw" "$(ratio "$bw" "$base")" "$bc" "$((bk / 1024))" "$aw" "$(ratio "$aw" "$base")" "$ac" "$((ak / 1024))" \
        "$(ratio "$aw" "$bw")" "$(ratio "$ak" "$bk")" "$base"
done
[[ ${COMMANDS:-1} == 0 ]] || echo "(median of $RUNS interleaved runs; ratio = command / zstd -dc | tar -t of the same loop)"
now_ms() { date +%s%3N; }
# one mount of the capture by launcher $1, then the tools over it: "ready_ms cpu_ms rss_mib first_ps_ms
# ps_ms grep_ms rss_after_mib peak_mib"
mount_run() {
    local t0 ready java cpu rss first ps grep
    mkdir -p "$MNT"
    t0=$(now_ms)
    "$1" mount "$A" "$MNT" >"$WORK/mount.log" 2>&1 &
    MOUNT_PID=$!
    until grep -q " $MNT " /proc/self/mountinfo; do
        kill -0 "$MOUNT_PID" 2>/dev/null || { cat "$WORK/mount.log" >&2; exit 1; }
        sleep 0.01
    done
    ready=$(($(now_ms) - t0))
    java=$(pgrep -P "$MOUNT_PID" java || echo "$MOUNT_PID")
    [[ -r /proc/$java/status ]] || java=$MOUNT_PID
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$java/stat")
    rss=$(awk '$1 == "VmRSS:" { print int($2 / 1024) }' "/proc/$java/status")
    over_mount() { unshare --mount --propagation private sh -c 'mount --bind "$1" /proc && shift && exec "$@"' sh "$MNT" "$@"; }
    t0=$(now_ms); over_mount ps -eLf >/dev/null; first=$(($(now_ms) - t0))
    t0=$(now_ms); over_mount ps -eLf >/dev/null; ps=$(($(now_ms) - t0))
    t0=$(now_ms); grep -r -s -c --exclude-dir=.procsnap futex_do_wait "$MNT" >/dev/null || true; grep=$(($(now_ms) - t0))
    echo "$ready $cpu $rss $first $ps $grep" \
        "$(awk '$1 == "VmRSS:" || $1 == "VmHWM:" { printf "%d ", $2 / 1024 }' "/proc/$java/status")"
    kill -TERM "$MOUNT_PID"; wait "$MOUNT_PID" 2>/dev/null || true; MOUNT_PID=
    if grep -q " $MNT " /proc/self/mountinfo; then fusermount3 -u "$MNT" 2>/dev/null || umount -l "$MNT"; fi
}
if [[ ${MOUNT:-1} == 1 ]]; then
    : > "$WORK/m-before"; : > "$WORK/m-after"
    for ((i = 0; i < RUNS; i++)); do
        for side in before after; do mount_run "$WORK/$side/bin/procsnap-replay" >> "$WORK/m-$side"; done
    done
    printf '%-6s |' mount; printf ' %9s' ready CPU RSS "first ps" "warm ps" "1st grep" "RSS after" peak; echo
    for side in before after; do
        printf '%-6s |' "$side"
        for col in 1 2 3 4 5 6 7 8; do
            unit=ms; [[ $col == 3 || $col -ge 7 ]] && unit=MiB
            printf ' %5d %-3s' "$(cut -d' ' -f$col "$WORK/m-$side" | median)" "$unit"
        done
        echo
    done
    echo "(median of $RUNS interleaved mounts, load $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
    for side in before after; do
        echo "== mount, $side =="
        ARCHIVE=$A COMMANDS=0 RUNS=$RUNS REPLAY=$WORK/$side/bin/procsnap-replay bash "$HERE/run.sh" | sed -n '/^mount time/,$p'
    done
fi
