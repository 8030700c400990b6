#!/usr/bin/env bash
# Before/after in one run (issue 16): two replay bundles on the same archive, the runs interleaved
# (baseline, before, after, baseline, before, after, ...) so that the drift of a noisy machine falls
# on both alike, then run.sh's mount part for each bundle.
#
#   bench/replay/compare.sh BEFORE_BUNDLE_DIR [AFTER_BUNDLE_DIR]
#   ARCHIVE=FILE (required: a capture, e.g. one kept by run.sh's SAVE_ARCHIVE)  RUNS=N (5)  MOUNT=0 skips the mount part
#
# Prints per command (info, diagnose, threads, ps -L, ipc, report): median wall, CPU and peak RSS of each
# bundle, each as a ratio to the median of `zstd -dc ARCHIVE | tar -t > /dev/null` measured in the
# same loop, and after/before.
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
trap 'rm -rf "$WORK"' EXIT
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
printf '%-9s | %-30s | %-30s | %s\n' command "before: wall (ratio) CPU RSS" "after: wall (ratio) CPU RSS" "after/before wall, RSS"
for c in info diagnose threads "ps -L" ipc report; do
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
echo "(median of $RUNS interleaved runs; ratio = command / zstd -dc | tar -t of the same loop)"
if [[ ${MOUNT:-1} == 1 ]]; then
    for side in before after; do
        echo "== mount, $side =="
        ARCHIVE=$A COMMANDS=0 RUNS=$RUNS REPLAY=$WORK/$side/bin/procsnap-replay bash "$HERE/run.sh" | sed -n '/^mount time/,$p'
    done
fi
