#!/usr/bin/env bash
# The capture bundles side by side on this x86-64 machine, the ARM ones under qemu-user-static: start-up
# (--version), wall time and peak RSS of one capture of a 200-thread population (../shared/bench/load.sh
# -p 4 -t 50) in a private pid+ipc+net namespace, median of REPEAT. Also the start-up of the plain jar on
# this machine's JDK 17 without CDS (-Xshare:off), the same runtime as the bundles' without the launcher.
#   bench/capture/emulated.sh [CAPTURE_TARGET_DIR]        (root; default capture/target)
#   REPEAT=3 PROCS=4 THREADS=50 bench/capture/emulated.sh
# binfmt_misc entries are registered for the run and removed at exit (capture/src/test/emulation/binfmt.sh).
# Results: $OUT/results.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
shared=$(cd "$root/../shared/bench" && pwd -P)
target=$(cd "${1:-$root/capture/target}" && pwd -P)
export OUT=${OUT:-/tmp/procsnap-bench-emulated}
REPEAT=${REPEAT:-3}; PROCS=${PROCS:-4}; THREADS=${THREADS:-50}
[ "$(id -u)" = 0 ] || { echo "run as root (binfmt_misc, pid namespace)" >&2; exit 5; }
rm -rf "$OUT" && mkdir -p "$OUT"
. "$here/lib.sh"
trap qemu_unregister_all EXIT
for arch in x86_64 aarch64 armhf; do
    [ -f "$target/procsnap-bundle-linux-$arch.tar.gz" ] || { echo "no $target/procsnap-bundle-linux-$arch.tar.gz" >&2; exit 5; }
    mkdir -p "$OUT/$arch" && tar -xzf "$target/procsnap-bundle-linux-$arch.tar.gz" -C "$OUT/$arch"
    if [ "$arch" != x86_64 ]; then
        qemu_register "$arch"
        echo "$QEMU_SYSROOT" > "$OUT/$arch/sysroot"
    fi
done
jar=$(ls "$target"/capture-*.jar | grep -v tests | head -1)
cat > "$OUT/inner.sh" <<'INNER'
set -euo pipefail
. "$LIB"
population_start
measure() {  # NAME ENV CMD...
    local name=$1 env=$2; shift 2
    env $env /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || true
    echo "$name $(tail -1 "$OUT/time.txt")" >> "$OUT/runs.txt"
}
threads=$(ls /proc/[0-9]*/task | grep -c '^[0-9]' || true)
echo "population: $threads threads in the namespace" > "$OUT/population.txt"
for i in $(seq "$REPEAT"); do
    measure "x86_64-version" "" "$OUT/x86_64/procsnap/bin/procsnap" --version
    measure "x86_64-jdk17-jar-version-no-cds" "" /usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xshare:off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" --version
    measure "x86_64-capture" "" "$OUT/x86_64/procsnap/bin/procsnap" --skip commands --min-free 0 -o "$OUT/x86_64.tar.zst"
    for arch in aarch64 armhf; do
        measure "$arch-version" "QEMU_LD_PREFIX=$(cat "$OUT/$arch/sysroot")" "$OUT/$arch/procsnap/bin/procsnap" --version
        measure "$arch-capture" "QEMU_LD_PREFIX=$(cat "$OUT/$arch/sysroot")" "$OUT/$arch/procsnap/bin/procsnap" --skip commands --min-free 0 -o "$OUT/$arch.tar.zst"
    done
done
INNER
: > "$OUT/runs.txt"
OUT=$OUT SHARED=$shared LIB=$here/lib.sh PROCS=$PROCS THREADS=$THREADS REPEAT=$REPEAT JAR=$jar \
    unshare --pid --fork --mount-proc --ipc --net bash "$OUT/inner.sh"
{
    echo "procsnap bundles under emulation  $(date -u +%FT%TZ)  $(nproc) CPUs  $(cat "$OUT/population.txt"), median of $REPEAT"
    printf '%-34s %8s %10s\n' run "wall s" "peak RSS"
    for name in $(awk '{print $1}' "$OUT/runs.txt" | awk '!seen[$0]++'); do
        awk -v n="$name" '$1 == n {print $2, $3}' "$OUT/runs.txt" | sort -g | awk -v n="$name" '{w[NR]=$1; r[NR]=$2} END {m=int((NR+1)/2); printf "%-34s %8.2f %7d MB\n", n, w[m], r[m]/1024}'
    done
    for arch in x86_64 aarch64 armhf; do
        printf '%-34s %8s KiB download, %s KiB unpacked\n' "size $arch" "$(( $(stat -c %s "$target/procsnap-bundle-linux-$arch.tar.gz") / 1024 ))" "$(du -sk "$OUT/$arch/procsnap" | cut -f1)"
    done
} | tee "$OUT/results.txt"
