#!/usr/bin/env bash
# Runs inside the private pid+ipc namespace (see size.sh). Prints and writes $OUT/size-results.txt.
set -euo pipefail
export PROCLOAD_STATE=$OUT/load-state PROCLOAD_BUILD=$OUT/load-build
res=$OUT/size-results.txt
: > "$res"
say() { echo "$*" | tee -a "$res"; }
kib() { echo $(( ($1 + 512) / 1024 )); }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
cleanup() { "$SHARED/load.sh" stop >/dev/null 2>&1 || true; }
. "$(dirname "$0")/population.sh"
trap cleanup EXIT

# capture NAME BUNDLE: archive $OUT/NAME.tar.zst; appends "NAME cpu_s peak_rss_kb" to $OUT/cpu.txt
capture() {
    /usr/bin/time -f "%U %S %M" -o "$OUT/time.txt" "$2/bin/procsnap" -o "$OUT/$1.tar.zst" >/dev/null 2>"$OUT/$1.stderr" || true
    read -r user sys rss < <(tail -1 "$OUT/time.txt")
    echo "$1 $(echo "$user + $sys" | bc -l) $rss" >> "$OUT/cpu.txt"
}

# sizes NAME: the archive against its re-tarred extract, and what tar said while extracting it
sizes() {
    local a=$OUT/$1.tar.zst x=$OUT/$1.extract
    rm -rf "$x" && mkdir "$x"
    tar --zstd -xf "$a" -C "$x" 2>"$OUT/$1.tar-stderr" || true
    tar -C "$x" -cf - . | zstd -q -3 > "$OUT/$1.retar.zst"
    chmod -R u+rwx "$x" && rm -rf "$x"
    local size retar floor
    size=$(stat -c %s "$a"); retar=$(stat -c %s "$OUT/$1.retar.zst"); floor=$(stat -c %s "$OUT/floor.raw.zst")
    printf '%-16s %10s KiB %10s KiB %6sx %10s KiB %6sx %8s\n' "$1" "$(kib "$size")" "$(kib "$retar")" \
        "$(ratio "$size" "$retar")" "$(kib "$floor")" "$(ratio "$size" "$floor")" \
        "$(wc -l < "$OUT/$1.tar-stderr")" | tee -a "$res"
}

say "procsnap archive size benchmark  $(date -u +%FT%TZ)  $(nproc) CPUs  kernel $(uname -r)"
say "bundle:   $BUNDLE"
[ -n "$BASELINE" ] && say "baseline: $BASELINE"
for size in $SIZES; do
    start_population "$size"
    : > "$OUT/cpu.txt"
    "$OUT/floor" -o "$OUT/floor.raw" >/dev/null 2>&1
    zstd -q -3 -f "$OUT/floor.raw" -o "$OUT/floor.raw.zst"
    for i in $(seq "$REPEAT"); do
        capture "new-$size" "$BUNDLE"
        [ -n "$BASELINE" ] && capture "baseline-$size" "$BASELINE"
    done
    say ""
    say "== $procs processes x $threads threads ($n_threads threads in the namespace) =="
    printf '%-16s %14s %14s %7s %14s %7s %8s\n' archive size re-tar ratio floor ratio "tar err" | tee -a "$res"
    sizes "new-$size"
    [ -n "$BASELINE" ] && sizes "baseline-$size"
    say "where the bytes go (each part compressed alone with zstd -3, KiB):"
    python3 "$HERE/size-breakdown.py" "$OUT/new-$size.tar.zst" | tee -a "$res"
    [ -n "$BASELINE" ] && python3 "$HERE/size-breakdown.py" "$OUT/baseline-$size.tar.zst" | sed 's/^/baseline /' | tee -a "$res"
    median() { awk -v n="$1" -v c="${2:-2}" '$1 == n {print $c}' "$OUT/cpu.txt" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
    if [ -n "$BASELINE" ]; then
        spread=$(paste <(awk -v n="new-$size" '$1 == n {print $2}' "$OUT/cpu.txt") \
                <(awk -v n="baseline-$size" '$1 == n {print $2}' "$OUT/cpu.txt") |
            awk '$2 > 0 {printf "%.4f\n", $1 / $2}' | sort -g | awk '{a[NR]=$1} END {printf "%.2fx / %.2fx / %.2fx", a[1], a[int((NR+1)/2)], a[NR]}')
        say "capture CPU (user+sys, median of $REPEAT): new $(median "new-$size") s, baseline $(median "baseline-$size") s;" \
            "new/baseline per turn (min / median / max): $spread; peak RSS (median) new" \
            "$(( $(median "new-$size" 3) / 1024 )) MB, baseline $(( $(median "baseline-$size" 3) / 1024 )) MB"
    else
        say "capture CPU (user+sys, median of $REPEAT): $(median "new-$size") s, peak RSS $(( $(median "new-$size" 3) / 1024 )) MB"
    fi
    "$SHARED/load.sh" stop >/dev/null
    sleep 1
done
