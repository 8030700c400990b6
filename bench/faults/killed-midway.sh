#!/usr/bin/env bash
# SIGKILL a real capture at N points of its timeline (default 200; the test suite does 50) and check
# that every file left is salvageable. Figures: target/faults-killed-midway.txt.
#   bench/faults/killed-midway.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -B -pl capture package -DskipTests
mvn -o -B -pl capture failsafe:integration-test failsafe:verify -Dit.test=KilledMidwayIT -Dfaults.kills="${1:-200}"
cat capture/target/faults-killed-midway.txt | head -1
