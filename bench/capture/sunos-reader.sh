#!/usr/bin/env bash
# What SunOS's disposable reader child costs per process (issue 15): the capture jar with
# --platform sunos over a tree of N copies of the fake zone's ps process (fixtures/sunos-zone/proc/4230:
# owner, psinfo, lpsinfo, lwp listing, lwpsinfo, status, lstatus, usage, lusage, cred, path links,
# lwpstatus), alternately
#   perl        the normal SunOS capture where perl is installed: every per-process read done by one
#               perl reader child (no exec per request)
#   sh          -Dprocsnap.sunos.reader=sh: the /bin/sh reader child (one exec of od or ls per request)
#   in-process  -Dprocsnap.sunos.inProcess=true: the same rows read by the capture's own threads
# in the same run, REPEAT turns each, commands skipped. Reports the median capture time of each, the
# per-process cost (time / N) and the ratios to in-process. Not root-only; no namespace needed
# (the tree is plain files here, so this measures the reading machinery, not SunOS's procfs).
#
#   bench/capture/sunos-reader.sh            N=200 REPEAT=5
#   N=1000 REPEAT=3 bench/capture/sunos-reader.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
N=${N:-200}
REPEAT=${REPEAT:-5}
OUT=${OUT:-/tmp/procsnap-bench-sunos-reader}
jar=$(ls "$root"/capture/target/capture-*.jar | grep -v tests | head -1)
[ -f "$jar" ] || { echo "bench: no capture jar in capture/target (mvn package first)" >&2; exit 5; }
java=${JAVA:-java}
rm -rf "$OUT" && mkdir -p "$OUT/proc"
src="$root/fixtures/sunos-zone/proc/4230"
for i in $(seq 1 "$N"); do cp -a "$src" "$OUT/proc/$((10000 + i))"; done
run() { # $1 label, rest: extra JVM options
  local label=$1; shift
  "$java" "$@" -jar "$jar" --platform sunos --proc-root "$OUT/proc" --skip commands --min-free 0 \
      --deadline 300s -o "$OUT/$label.tar.zst" 2>"$OUT/$label.err" || true
  sed -n 's/.* in \([0-9.]*\) s: .*/\1/p' "$OUT/$label.err"
}
: >"$OUT/perl.times"; : >"$OUT/sh.times"; : >"$OUT/inproc.times"
for t in $(seq 1 "$REPEAT"); do
  run perl -Dprocsnap.sunos.reader=perl >>"$OUT/perl.times"
  run sh -Dprocsnap.sunos.reader=sh >>"$OUT/sh.times"
  run inproc -Dprocsnap.sunos.inProcess=true >>"$OUT/inproc.times"
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
c=$(median "$OUT/perl.times"); s=$(median "$OUT/sh.times"); p=$(median "$OUT/inproc.times")
entries=$(grep -o '[0-9]* ok' "$OUT/perl.err" | head -1)
awk -v n="$N" -v c="$c" -v s="$s" -v p="$p" -v r="$REPEAT" -v e="$entries" -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "sunos reader, %d processes (1 LWP each), median of %d turns, load average %s; %s entries per run\n", n, r, l, e
  printf "  perl child  %6.2f s  %6.2f ms/process  %.1fx in-process\n", c, 1000 * c / n, (p > 0 ? c / p : 0)
  printf "  sh child    %6.2f s  %6.2f ms/process  %.1fx in-process\n", s, 1000 * s / n, (p > 0 ? s / p : 0)
  printf "  in-process  %6.2f s  %6.2f ms/process\n", p, 1000 * p / n
}' | tee "$OUT/results.txt"
