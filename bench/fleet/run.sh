#!/usr/bin/env bash
# Fleet benchmark (issue 7): archives per second and peak memory of `procsnap-replay fleet`.
#   1. N real captures of this machine by the real capture program, each in its own UTS namespace with
#      its own hostname (fleet-host-001 ...), `--skip=commands` so no zpool/dmesg run 200 times; kept
#      in FLEET_DIR and reused by the next run (delete the directory to capture afresh)
#   2. `procsnap-replay fleet --workers W` over that directory under /usr/bin/time -v (-Xmx256m: the
#      heap stays bounded whatever N), RUNS times; prints archives/s and peak RSS per run
#
# Usage: bench/fleet/run.sh      (N=200 archives, WORKERS=2, RUNS=3, FLEET_DIR=/var/tmp/procsnap-fleet-bench)
# Needs root (unshare --uts), the capture bundle (mvn -pl capture package) and replay compiled
# (mvn -pl replay package). Removes only its private copy of replay; the archives stay for reuse.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N=${N:-200}
WORKERS=${WORKERS:-2}
RUNS=${RUNS:-3}
FLEET_DIR=${FLEET_DIR:-/var/tmp/procsnap-fleet-bench}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
BUNDLE=$ROOT/capture/target/procsnap-bundle-linux-x86_64.tar.gz
[[ -f $BUNDLE ]] || { echo "no capture bundle at $BUNDLE (mvn -pl capture package)" >&2; exit 2; }
[[ -d $ROOT/replay/target/classes && -d $ROOT/replay/target/lib ]] \
    || { echo "replay not built (mvn -pl replay package)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/procsnap-bench-fleet.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# a private copy: a concurrent `mvn` rebuilds target/ meanwhile
cp -a "$ROOT/replay/target/classes" "$WORK/classes"
cp -a "$ROOT/replay/target/lib" "$WORK/lib"
mkdir -p "$FLEET_DIR/archives" "$FLEET_DIR/bundle"
tar xzf "$BUNDLE" -C "$FLEET_DIR/bundle"
PROCSNAP=$FLEET_DIR/bundle/procsnap/bin/procsnap

have=$(find "$FLEET_DIR/archives" -name '*.tar.zst' | wc -l)
if (( have < N )); then
    echo "capturing $((N - have)) more archives of this machine into $FLEET_DIR/archives" >&2
    start=$(date +%s.%N)
    for i in $(seq 1 "$N"); do
        host=$(printf 'fleet-host-%03d' "$i")
        out=$FLEET_DIR/archives/procsnap-$host.tar.zst
        [[ -s $out ]] && continue
        # exit 3 = written but partial (denied/vanished entries): a normal capture
        unshare --uts sh -c "hostname $host && exec $PROCSNAP -o $out.part --skip=commands --deadline=30s" \
            2>/dev/null || [[ $? == 3 ]]
        mv "$out.part" "$out"
    done
    echo "captured in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
fi
count=$(find "$FLEET_DIR/archives" -name '*.tar.zst' | wc -l)
size=$(du -sh "$FLEET_DIR/archives" | cut -f1)
echo "fleet of $count archives ($size), workers $WORKERS, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

CP="$WORK/classes:$(ls "$WORK"/lib/*.jar | tr '\n' ':')"
for run in $(seq 1 "$RUNS"); do
    /usr/bin/time -v "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$CP" io.procsnap.replay.Main \
        fleet --workers "$WORKERS" --progress never "$FLEET_DIR/archives" > "$WORK/fleet.txt" 2> "$WORK/time.txt" \
        || { rc=$?; [[ $rc == 4 ]] || { cat "$WORK/time.txt" >&2; exit "$rc"; }; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
    secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    rows=$(grep -c '^fleet-host-' "$WORK/fleet.txt" || true)
    printf 'run %d: %d rows in %.2f s = %.1f archives/s, peak RSS %d MiB\n' "$run" "$rows" "$secs" \
        "$(echo "$rows / $secs" | bc -l)" "$((rss / 1024))"
done
echo "--- summary part of the last run:"
sed -n '/archives from/,$p' "$WORK/fleet.txt" | head -20
