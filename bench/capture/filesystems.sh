#!/usr/bin/env bash
# The filesystems phase (statfs of every mount) of bundles side by side, idle and on a saturated machine:
# PROCSNAP_TIMING=1 makes the capture print each phase's time; the capture runs in a private
# pid+ipc+net namespace (few processes to read before that phase; the mounts are the machine's, plus the
# namespace's /proc), with BUSY spinning shells per CPU at normal priority beside it for the saturated case.
# Median of REPEAT per bundle and load, the bundles alternating run by run.
#
#   bench/capture/filesystems.sh [NAME=]BUNDLE_DIR...    (root)
#   REPEAT=5 BUSY="0 4" bench/capture/filesystems.sh old=/tmp/old/procsnap new=capture/target/bundle/procsnap
# Results: $OUT/results.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
export OUT=${OUT:-/tmp/procsnap-bench-filesystems}
export REPEAT=${REPEAT:-5} BUSY=${BUSY:-0 4}
[ "$(id -u)" = 0 ] || { echo "run as root (private pid namespace)" >&2; exit 5; }
rm -rf "$OUT" && mkdir -p "$OUT"
[ $# -gt 0 ] || set -- "$root/capture/target/bundle/procsnap"
. "$here/lib.sh"
bundles_file "$OUT/bundles" "$@"
cat > "$OUT/inner.sh" <<'INNER'
set -euo pipefail
busy=()
stop_busy() { if [ ${#busy[@]} -gt 0 ]; then kill "${busy[@]}" 2>/dev/null || true; wait "${busy[@]}" 2>/dev/null || true; fi; busy=(); }
trap stop_busy EXIT
mounts=$(wc -l < /proc/self/mountinfo)
echo "$mounts" > "$OUT/mounts"
for b in $BUSY; do
    for _ in $(seq $(( b * $(nproc) ))); do sh -c 'while :; do :; done' & busy+=($!); done
    for i in $(seq "$REPEAT"); do
        while IFS=$'\t' read -r name dir _; do
            PROCSNAP_TIMING=1 "$dir/bin/procsnap" --skip commands --min-free 0 -o "$OUT/x.tar.zst" >/dev/null 2>"$OUT/err.txt" || true
            ms=$(sed -n 's/^procsnap: phase filesystems \([0-9]*\) ms.*/\1/p' "$OUT/err.txt")
            echo "$name $b ${ms:-NA}" >> "$OUT/runs.txt"
        done < "$OUT/bundles"
    done
    stop_busy
done
INNER
: > "$OUT/runs.txt"
unshare --pid --fork --mount-proc --ipc --net bash "$OUT/inner.sh"
{
    echo "procsnap filesystems phase  $(date -u +%FT%TZ)  $(nproc) CPUs  $(cat "$OUT/mounts") mounts  median of $REPEAT (min..max), ms"
    while read -r name _; do
        line=$(printf '%-12s' "$name")
        for b in $BUSY; do
            line="$line  $(awk -v n="$name" -v b="$b" '$1 == n && $2 == b && $3 != "NA" {print $3}' "$OUT/runs.txt" | sort -g \
                | awk -v b="$b" '{a[NR]=$1} END {printf "busy %s/CPU: %6d (%d..%d)", b, a[int((NR+1)/2)], a[1], a[NR]}')"
        done
        echo "$line"
    done < "$OUT/bundles"
} | tee "$OUT/results.txt"
