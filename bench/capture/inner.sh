#!/usr/bin/env bash
# Runs inside the private pid+ipc namespace (see run.sh). Prints and writes $OUT/results.txt.
set -euo pipefail
export PROCLOAD_STATE=$OUT/load-state PROCLOAD_BUILD=$OUT/load-build
res=$OUT/results.txt
: > "$res"
say() { echo "$*" | tee -a "$res"; }

# one measured run: NAME CMD... ; appends "NAME wall_s rss_kb cpu_s" to $OUT/runs.txt
measure() {
    local name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || true
    read -r wall rss user sys < <(tail -1 "$OUT/time.txt")
    echo "$name $wall $rss $(echo "$user + $sys" | bc -l)" >> "$OUT/runs.txt"
}

paired() {  # A B -> min / median / max over the repeats of wall(A, repeat i) / wall(B, repeat i)
    paste <(awk -v n="$1" '$1 == n {print $2}' "$OUT/runs.txt") <(awk -v n="$2" '$1 == n {print $2}' "$OUT/runs.txt") |
        awk '$2 > 0 {printf "%.4f\n", $1 / $2}' | sort -g |
        awk '{a[NR]=$1} END {printf "%.2fx / %.2fx / %.2fx", a[1], a[int((NR+1)/2)], a[NR]}'
}

median() {  # NAME COLUMN -> median of that column over the runs of NAME
    awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$OUT/runs.txt" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

busy=()
stop_busy() { if [ ${#busy[@]} -gt 0 ]; then kill "${busy[@]}" 2>/dev/null || true; wait "${busy[@]}" 2>/dev/null || true; fi; busy=(); }
cleanup() { stop_busy; "$SHARED/load.sh" stop >/dev/null 2>&1 || true; }
. "$(dirname "$0")/population.sh"
trap cleanup EXIT

say "procsnap capture benchmark  $(date -u +%FT%TZ)  $(nproc) CPUs  kernel $(uname -r)${BUSY:+  saturated: $BUSY busy loops per CPU at normal priority}"
say "bundle: $BUNDLE${BASELINE:+  baseline: $BASELINE}  load: $(cut -d" " -f1-3 /proc/loadavg)"
for size in $SIZES; do
    start_population "$size"
    # BUSY=N: N spinning shells per CPU at normal priority beside the population (a saturated machine)
    for _ in $(seq $(( ${BUSY:-0} * $(nproc) ))); do sh -c 'while :; do :; done' & busy+=($!); done
    : > "$OUT/runs.txt"
    for i in $(seq "$REPEAT"); do
        measure floor-j1 "$OUT/floor" -o "$OUT/floor.raw"
        measure floor-j2 "$OUT/floor" -j 2 -o "$OUT/floor.raw"
        measure floor-sameset-j1 "$OUT/floor-sameset" -o /dev/null
        measure floor-sameset-j2 "$OUT/floor-sameset" -j 2 -o /dev/null
        measure procsnap "$BUNDLE/bin/procsnap" -o "$OUT/full.tar.zst"
        measure procsnap-floorset "$BUNDLE/bin/procsnap" -o "$OUT/floorset.tar.zst" --skip filesystems,commands
        # the reading work alone: without the default re-sample's wait (issue 17: blocked threads read
        # again about a second after their first read), which no floor has
        measure procsnap-noresample "$BUNDLE/bin/procsnap" -o "$OUT/noresample.tar.zst" --skip filesystems,commands --no-resample
        if [ -n "${BASELINE:-}" ]; then
            measure baseline-floorset "$BASELINE/bin/procsnap" -o "$OUT/baseline.tar.zst" --skip filesystems,commands
        fi
    done
    grep '^procsnap:' "$OUT/stderr.txt" > "$OUT/summary-$size.txt" || true
    "$BUNDLE/bin/procsnap" -o "$OUT/full.tar.zst" 2> "$OUT/summary-full-$size.txt" >/dev/null || true
    zstd -q -3 -f "$OUT/floor.raw" -o "$OUT/floor.raw.zst"
    floor_raw=$(stat -c %s "$OUT/floor.raw"); floor_zst=$(stat -c %s "$OUT/floor.raw.zst")
    full=$(stat -c %s "$OUT/full.tar.zst"); floorset=$(stat -c %s "$OUT/floorset.tar.zst")
    stop_busy
    "$SHARED/load.sh" stop >/dev/null
    sleep 1
    f1=$(median floor-j1 2); f2=$(median floor-j2 2)
    say ""
    say "== $procs processes x $threads threads ($n_threads threads in the namespace), median of $REPEAT =="
    printf '%-34s %8s %10s %8s %12s\n' tool "wall s" "peak RSS" "CPU s" "vs floor-j1" | tee -a "$res"
    for name in floor-j1 floor-j2 floor-sameset-j1 floor-sameset-j2 procsnap procsnap-floorset procsnap-noresample ${BASELINE:+baseline-floorset}; do
        w=$(median "$name" 2); r=$(median "$name" 3); c=$(median "$name" 4)
        printf '%-34s %8.3f %7d MB %8.2f %11.2fx\n' "$name" "$w" $((r / 1024)) "$c" "$(echo "$w / $f1" | bc -l)" | tee -a "$res"
    done
    ratio() { printf '%.2f' "$(echo "$(median "$1" 2) / $(median "$2" 2)" | bc -l)"; }
    say "procsnap wall vs floor -j2: $(ratio procsnap floor-j2)x (default), $(ratio procsnap-floorset floor-j2)x (--skip filesystems,commands)"
    say "procsnap --skip filesystems,commands vs floor-sameset: $(ratio procsnap-floorset floor-sameset-j1)x (-j1), $(ratio procsnap-floorset floor-sameset-j2)x (-j2)"
    say "  the same ratio per repeat (each procsnap run over the floor-sameset -j1 run just before it; min / median / max): $(paired procsnap-floorset floor-sameset-j1)"
    say "  with --no-resample (the reads alone): $(ratio procsnap-noresample floor-sameset-j1)x (-j1); per repeat: $(paired procsnap-noresample floor-sameset-j1)"
    if [ -n "${BASELINE:-}" ]; then
        say "baseline ($BASELINE) --skip filesystems,commands vs floor-sameset -j1: $(ratio baseline-floorset floor-sameset-j1)x; per repeat: $(paired baseline-floorset floor-sameset-j1)"
        say "  procsnap over baseline per repeat (wall): $(paired procsnap-floorset baseline-floorset)"
    fi
    say "sizes: floor raw $((floor_raw / 1024)) KiB, zstd -3 of it $((floor_zst / 1024)) KiB; procsnap archive $((full / 1024)) KiB (default), $((floorset / 1024)) KiB (floor set)"
    say "last procsnap summary: $(cat "$OUT/summary-full-$size.txt")"
done

: > "$OUT/runs.txt"
for i in 1 2 3 4 5 6 7 8 9; do measure version "$BUNDLE/bin/procsnap" --version; done
say ""
say "start-up: bin/procsnap --version median $(median version 2) s, peak RSS $(( $(median version 3) / 1024 )) MB"
