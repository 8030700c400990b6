#!/usr/bin/env bash
# Archive size benchmark: how big a capture is against two baselines, measured in the same run,
# inside a private pid+ipc namespace holding only the load population (../shared/bench/load.sh) and
# the tools measured (as run.sh does).
#
#   bench/capture/size.sh [BUNDLE_DIR [BASELINE_BUNDLE_DIR]]   (root; default capture/target/bundle/procsnap)
#   REPEAT=5 SIZES="2x50 200x50" bench/capture/size.sh capture/target/bundle/procsnap /tmp/old-bundle/procsnap
#
# Per population size (PROCSxTHREADS; default 2x50 = 100 threads and 200x50 = 10,000 threads) and per
# bundle given: the archive of a default `procsnap` capture, and
#   re-tar:  the archive extracted by GNU tar, that tree re-tarred by GNU tar and compressed with
#            `zstd -3` (the same files and metadata in the plainest tar.zst; whatever the format adds
#            is the difference)
#   floor:   `zstd -3` of the raw stream of the C floor reader (../shared/bench/floor.c), which reads
#            a similar file set with no metadata at all
# plus what `tar --zstd -xf` printed on stderr (lines), and where the archive's bytes go
# (size-breakdown.py: pax headers, ustar headers, content, index, each compressed alone with zstd -3).
# With a baseline bundle, both capture REPEAT times in turns and the CPU seconds (user + sys) of
# each are compared: the median of the per-turn ratios (new over baseline) and their min/max.
# Results: $OUT/size-results.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
shared=$(cd "$root/../shared/bench" && pwd -P)
bundle=$(cd "${1:-$root/capture/target/bundle/procsnap}" && pwd -P)
baseline=${2:+$(cd "$2" && pwd -P)}
export OUT=${OUT:-/tmp/procsnap-size-bench}
export REPEAT=${REPEAT:-5}
export SIZES=${SIZES:-2x50 200x50}
[ "$(id -u)" = 0 ] || { echo "run as root (private pid namespace)" >&2; exit 5; }
for tool in zstd tar python3 gcc bc; do
    command -v "$tool" >/dev/null || { echo "bench: $tool missing (scripts/setup.sh installs it)" >&2; exit 5; }
done
[ -x /usr/bin/time ] || { echo "bench: installing GNU time" >&2; apt-get install -y -qq time >&2; }
mkdir -p "$OUT"
gcc -O2 -o "$OUT/floor" "$shared/floor.c" -lpthread
export BUNDLE=$bundle BASELINE=$baseline SHARED=$shared HERE=$here
exec unshare --pid --fork --mount-proc --ipc bash "$here/size-inner.sh"
