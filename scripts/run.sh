#!/usr/bin/env bash
# The main job on this machine: build, capture this machine with procsnap, diagnose the capture.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
mvn -B -ntp -q package -DskipTests
out=${1:-target/procsnap-$(hostname)-$(date -u +%Y%m%dT%H%M%SZ).tar.zst}
mkdir -p "$(dirname "$out")"
java -jar capture/target/capture-*-SNAPSHOT.jar -o "$out" || [ $? -eq 3 ]
replay_java=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java
"$replay_java" --enable-native-access=ALL-UNNAMED -jar replay/target/replay-*-SNAPSHOT.jar diagnose "$out" || [ $? -eq 1 ]
