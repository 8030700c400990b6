#!/usr/bin/env bash
# Fleet benchmark (issues 7 and 16): archives per second and peak memory of `procsnap-replay fleet`
# at 20 and at 1,000 archives, in one run.
#   1. DISTINCT (20) real captures of small hosts by the real capture program, each in its own
#      pid+ipc+net+uts namespace with its own hostname (fleet-host-001 ...) and a small sick load
#      (../shared/bench/load.sh -p 10 -t 4: about 50 threads, full SysV queues, blocked connects),
#      `--skip=commands`; kept in FLEET_DIR and reused by the next run (delete it to capture afresh)
#   2. for each size in SIZES ("20 1000"): a directory of that many hard links to those captures
#      (archive i is capture i mod DISTINCT), then `procsnap-replay fleet --workers W` over it under
#      /usr/bin/time -v with the launcher's JVM options (serial GC, no heap cap; JAVA_OPTS to change),
#      RUNS times; prints the median archives/s, peak RSS and the largest heap left after a GC (what
#      stays live: flat memory means this does not grow with the archive count), and the
#      same for `fleet --jsonl` at the largest size (the DuckDB path). JSONL=FILE keeps that output.
#   3. bench/fleet/duckdb.sh over that --jsonl output (DUCKDB=0 skips it): the questions of a support
#      organisation in DuckDB, over JSONL, Parquet and a table, at 1,000 and (copied) 100,000 archives.
#
# Usage: bench/fleet/run.sh      (SIZES="20 1000", DISTINCT=20, WORKERS=2, RUNS=5 (RUNS_LARGE=3 from 100 on),
#                                 FLEET_DIR=/var/tmp/procsnap-fleet-bench, JAVA_OPTS, DUCKDB=1)
# Needs root (unshare), gcc, the capture bundle (mvn -pl capture package) and replay compiled
# (mvn -pl replay package). Removes its private copy of replay and the links; the captures stay.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOAD=${LOAD:-$ROOT/../shared/bench/load.sh}
SIZES=${SIZES:-20 1000}
DISTINCT=${DISTINCT:-20}
WORKERS=${WORKERS:-2}
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-3}
FLEET_DIR=${FLEET_DIR:-/var/tmp/procsnap-fleet-bench}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xshare:auto}   # as the bundle's launcher runs fleet
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
mkdir -p "$FLEET_DIR/small" "$FLEET_DIR/bundle"
tar xzf "$BUNDLE" -C "$FLEET_DIR/bundle"
PROCSNAP=$FLEET_DIR/bundle/procsnap/bin/procsnap

# 1. the distinct small-host captures
have=$(find "$FLEET_DIR/small" -name '*.tar.zst' | wc -l)
if (( have < DISTINCT )); then
    echo "capturing $((DISTINCT - have)) small hosts into $FLEET_DIR/small" >&2
    for i in $(seq 1 "$DISTINCT"); do
        host=$(printf 'fleet-host-%03d' "$i")
        out=$FLEET_DIR/small/procsnap-$host.tar.zst
        [[ -s $out ]] && continue
        # exit 3 = written but partial (denied/vanished entries): a normal capture
        unshare --pid --fork --mount-proc --ipc --net --uts bash -c "
            set -e
            hostname $host
            export PROCLOAD_STATE=$WORK/state-$i PROCLOAD_BUILD=$FLEET_DIR/build
            trap 'bash $LOAD stop >/dev/null 2>&1 || true' EXIT
            bash $LOAD start -p 10 -t 4 -q 1 -c 1 -z 1 -T 120 >/dev/null
            sleep 1
            $PROCSNAP -o $out.part --skip=commands --deadline=30s 2>/dev/null || [[ \$? == 3 ]]"
        mv "$out.part" "$out"
    done
fi
mapfile -t SMALL < <(find "$FLEET_DIR/small" -name '*.tar.zst' | sort | head -n "$DISTINCT")
echo "fleet benchmark: ${#SMALL[@]} distinct small-host captures ($(du -ch "${SMALL[@]}" | tail -1 | cut -f1)), workers $WORKERS, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

CP="$WORK/classes:$(ls "$WORK"/lib/*.jar | tr '\n' ':')"
median() { sort -n | sed -n "$((($1 + 1) / 2))p"; }
# RUNS runs of fleet over DIR with extra options; prints "rows archives/s peak-MiB" (medians)
fleet_runs() {
    local dir=$1 run wall secs rss rows rates=() peaks=() lives=() runs=$RUNS; shift
    (( $(find "$dir" -name '*.tar.zst' | wc -l) < 100 )) || runs=$RUNS_LARGE
    for run in $(seq 1 "$runs"); do
        # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
        /usr/bin/time -v "$JAVA" $JAVA_OPTS -Xlog:gc:file="$WORK/gc.log" --enable-native-access=ALL-UNNAMED \
            -cp "$CP" io.procsnap.replay.Main \
            fleet --workers "$WORKERS" --progress never "$@" "$dir" > "$WORK/fleet.out" 2> "$WORK/time.txt" \
            || { rc=$?; [[ $rc == 4 ]] || { cat "$WORK/time.txt" >&2; exit "$rc"; }; }
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
        secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
        rows=$(find "$dir" -name '*.tar.zst' | wc -l)
        rates+=("$(awk -v n="$rows" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')")
        peaks+=("$((rss / 1024))")
        # "Pause Young (Allocation Failure) 70M->9M(247M)": the largest after-GC size of the run
        lives+=("$( (grep -oE '[0-9]+M->[0-9]+M' "$WORK/gc.log" || echo 0M-\>0M) | sed 's/.*->//; s/M//' | sort -n | tail -1)")
    done
    echo "$rows $(printf '%s\n' "${rates[@]}" | median "$runs") $(printf '%s\n' "${peaks[@]}" | median "$runs")" \
        "$(printf '%s\n' "${lives[@]}" | median "$runs")"
}

# 2. fleet over 20 and 1,000 archives
largest=
for n in $SIZES; do
    dir=$WORK/fleet-$n
    mkdir -p "$dir"
    for ((i = 0; i < n; i++)); do
        ln "${SMALL[i % ${#SMALL[@]}]}" "$dir/$(printf 'procsnap-%05d.tar.zst' "$i")"
    done
    read -r rows rate peak live <<<"$(fleet_runs "$dir")"
    printf 'fleet %5d archives:          %6.1f archives/s, peak RSS %4d MiB, live heap %3d MiB\n' "$rows" "$rate" \
        "$peak" "$live"
    largest=$dir
done
read -r rows rate peak live <<<"$(RUNS_LARGE=1 fleet_runs "$largest" --jsonl)"
printf 'fleet --jsonl %5d archives:  %6.1f archives/s, peak RSS %4d MiB, live heap %3d MiB\n' "$rows" "$rate" \
    "$peak" "$live"
[[ -z ${JSONL:-} ]] || cp "$WORK/fleet.out" "$JSONL"
echo "(median of $RUNS runs, $RUNS_LARGE from 100 archives on, one of --jsonl; JVM options $JAVA_OPTS; live heap ="
echo " the largest heap after a GC; archives are hard links to the distinct captures)"
[[ ${DUCKDB:-1} == 0 ]] || "$HERE/duckdb.sh" "$WORK/fleet.out"
