#!/usr/bin/env bash
# Peak memory of a capture of a 200-thread machine, bundles side by side in the same run: the population
# (../shared/bench/load.sh -p 4 -t 50) and the captures run in a private pid+ipc+net namespace (the net one
# because the load names its abstract unix socket after its parent pid, which collides with another run's), so the
# capture reads only the population. Per bundle, the median of REPEAT runs of
#   - peak RSS as the kernel counts it (/usr/bin/time: ru_maxrss), wall and CPU seconds (user+sys);
#   - what the peak is made of: /proc/PID/smaps sampled every ~20 ms while the capture runs, the sample
#     with the largest Rss split into libjvm.so, the class archive (CDS .jsa or AOT .aot), lib/modules,
#     other files, and anonymous memory (Java heap, metaspace, code cache, thread stacks, malloc);
#   - start-up: CPU and wall of `bin/procsnap --version`, against the bundle's own `java -version`
#     with the same options (the JVM's floor; -Xshare:auto picks up nothing else).
#
#   bench/capture/rss.sh [NAME=]BUNDLE_DIR...     (root; default capture/target/bundle/procsnap)
#   REPEAT=5 PROCS=4 THREADS=50 bench/capture/rss.sh cur=/tmp/old/procsnap new=capture/target/bundle/procsnap
#   ENV_<NAME>='MALLOC_ARENA_MAX=1 JAVA_TOOL_OPTIONS=-Xss256k' ...   extra environment for one bundle
#   LOADAVG=host ...  the captures see the host's /proc/loadavg (by default its thread count is the population's)
#   QEMU=aarch64 bench/capture/rss.sh capture/target/bundle-aarch64/procsnap   (under qemu-user-static:
#                 binfmt_misc entry registered for the run; RSS is then qemu's, guest and translator)
# Results: $OUT/results.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
shared=$(cd "$root/../shared/bench" && pwd -P)
export OUT=${OUT:-/tmp/procsnap-bench-rss}
export REPEAT=${REPEAT:-5} PROCS=${PROCS:-4} THREADS=${THREADS:-50} QEMU=${QEMU:-}
[ "$(id -u)" = 0 ] || { echo "run as root (private pid namespace)" >&2; exit 5; }
[ -x /usr/bin/time ] || { echo "bench: installing GNU time" >&2; apt-get install -y -qq time >&2; }
rm -rf "$OUT" && mkdir -p "$OUT"
[ $# -gt 0 ] || set -- "$root/capture/target/bundle/procsnap"
. "$here/lib.sh"
bundles_file "$OUT/bundles" "$@"
trap qemu_unregister_all EXIT
export QEMU_LD_PREFIX=""
if [ -n "$QEMU" ]; then
    qemu_register "$QEMU"
    QEMU_LD_PREFIX=$QEMU_SYSROOT
fi

cat > "$OUT/inner.sh" <<'INNER'
set -euo pipefail
. "$LIB"
population_start
echo "$(ls /proc/[0-9]*/task | grep -c '^[0-9]' || true)" > "$OUT/population"
# /proc/loadavg is not namespaced: its thread count (4th field, which the launcher sizes the heap by) is the
# host's, thousands when another benchmark runs beside this one. The captures see the population's count
# instead (load averages and runnable count stay the host's), through a file bound over it in this private
# mount namespace; LOADAVG=host keeps the host's.
if [ "${LOADAVG:-population}" != host ]; then
    read -r l1 l5 l15 sched last < /proc/loadavg
    echo "$l1 $l5 $l15 ${sched%/*}/$(cat "$OUT/population") $last" > "$OUT/loadavg"
    mount --bind "$OUT/loadavg" /proc/loadavg
fi
# smaps of PID every ~20 ms until it ends; the largest sample's Rss split by mapping, in KiB
sample() {
    local pid=$1 best=0 rss
    while [ -d "/proc/$pid" ]; do
        if cat "/proc/$pid/smaps" > "$OUT/smaps.now" 2>/dev/null; then
            rss=$(awk '$1 == "Rss:" {s += $2} END {print s + 0}' "$OUT/smaps.now")
            if [ "$rss" -gt "$best" ]; then best=$rss; cp "$OUT/smaps.now" "$OUT/smaps.peak"; fi
        fi
        sleep 0.02
    done
    awk '/^[0-9a-f]+-[0-9a-f]+ / {f = NF >= 6 ? $6 : ""
            k = f ~ /libjvm\.so$/ ? "libjvm" : f ~ /\.(jsa|aot)$/ ? "archive" : f ~ /\/lib\/modules$/ ? "modules" \
                : f ~ /^\// ? "files" : "anon"}
         $1 == "Rss:" {s[k] += $2; t += $2}
         END {printf "%d %d %d %d %d %d\n", t, s["libjvm"], s["archive"], s["modules"], s["files"], s["anon"]}' "$OUT/smaps.peak"
}
while IFS=$'\t' read -r name dir extra; do
    for i in $(seq "$REPEAT"); do
        rm -f "$OUT/smaps.peak"; : > "$OUT/smaps.peak"
        env $extra /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$dir/bin/procsnap" --skip commands --min-free 0 \
            -o "$OUT/$name.tar.zst" >/dev/null 2>"$OUT/stderr.txt" &
        tpid=$!
        # the launcher (child of time) execs nice and then java: the same pid throughout
        cpid=""; for _ in $(seq 200); do cpid=$(pgrep -P "$tpid" | head -1 || true); [ -n "$cpid" ] && break; sleep 0.005; done
        parts=$(sample "$cpid")
        wait "$tpid" || true
        read -r wall rss user sys < <(tail -1 "$OUT/time.txt")
        echo "$name capture $wall $rss $(echo "$user + $sys" | bc -l) $parts" >> "$OUT/runs.txt"
    done
    for i in $(seq "$REPEAT"); do
        env $extra /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$dir/bin/procsnap" --version >/dev/null 2>&1 || true
        read -r wall rss user sys < <(tail -1 "$OUT/time.txt")
        echo "$name version $wall $rss $(echo "$user + $sys" | bc -l)" >> "$OUT/runs.txt"
        env $extra /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$dir/runtime/bin/java" -Xmx40m -XX:+UseSerialGC \
            -XX:TieredStopAtLevel=1 -XX:-UsePerfData -version >/dev/null 2>&1 || true
        read -r wall rss user sys < <(tail -1 "$OUT/time.txt")
        echo "$name java-version $wall $rss $(echo "$user + $sys" | bc -l)" >> "$OUT/runs.txt"
    done
done < "$OUT/bundles"
INNER
: > "$OUT/runs.txt"
SHARED=$shared LIB=$here/lib.sh unshare --pid --fork --mount-proc --ipc --net bash "$OUT/inner.sh"

med() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v n="$1" -v k="$2" -v c="$3" '$1 == n && $2 == k {print $c}' "$OUT/runs.txt" | med; }
{
    echo "procsnap peak memory  $(date -u +%FT%TZ)  $(nproc) CPUs  load $(cut -d' ' -f1-3 /proc/loadavg)  population: $(cat "$OUT/population") threads${QEMU:+  under qemu ($QEMU)}  median of $REPEAT"
    printf '%-14s %7s %7s | %6s %6s %7s %7s %6s %6s | %7s %7s | %7s %7s\n' bundle "wall s" "CPU s" "RSS MB" libjvm archive modules files anon \
        "ver s" "ver CPU" "java -v" "CPU"
    while IFS=$'\t' read -r name _ _; do
        kb() { printf '%.1f' "$(echo "$(col "$name" capture "$1") / 1024" | bc -l)"; }
        printf '%-14s %7.2f %7.2f | %6.1f %6s %7s %7s %6s %6s | %7.3f %7.3f | %7.3f %7.3f\n' "$name" \
            "$(col "$name" capture 3)" "$(col "$name" capture 5)" "$(echo "$(col "$name" capture 4) / 1024" | bc -l)" \
            "$(kb 7)" "$(kb 8)" "$(kb 9)" "$(kb 10)" "$(kb 11)" \
            "$(col "$name" version 3)" "$(col "$name" version 5)" "$(col "$name" java-version 3)" "$(col "$name" java-version 5)"
    done < "$OUT/bundles"
    echo "(RSS MB: peak ru_maxrss; libjvm .. anon: MB of the largest smaps sample, taken every ~20 ms, so a little below the peak)"
} | tee "$OUT/results.txt"
