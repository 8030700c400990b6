#!/usr/bin/env bash
# The main job on this machine: build both bundles, capture this machine with procsnap, then
# diagnose the capture with procsnap-replay. Usage: scripts/run.sh [ARCHIVE]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
mvn -B -ntp -q package -DskipTests
out=${1:-target/procsnap-$(cat /proc/sys/kernel/hostname)-$(date -u +%Y%m%dT%H%M%SZ).tar.zst}
mkdir -p "$(dirname "$out")"
rc=0
capture/target/bundle/procsnap/bin/procsnap -o "$out" || rc=$?
# 3 = written but partial (for example not run as root); anything else is a failure
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then exit "$rc"; fi
rc=0
replay/target/bundle/procsnap-replay/bin/procsnap-replay diagnose "$out" || rc=$?
# 1 = a critical finding exists: the diagnosis is the product here, not a failure
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then exit "$rc"; fi
echo "archive: $out"
