#!/usr/bin/env bash
# Longer fuzzing runs than the test suite's (8 + 6 + 6 s): archive reader (format-spec), procfs
# parsers and whole captures through the replay commands.
#   bench/faults/fuzz.sh [SECONDS_EACH] [SEED]        (default 600 s each, seed 20261122)
# Findings land in */target/fuzz-findings/; keep each as a *-fail corpus file with its test.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${1:-600}; seed=${2:-20261122}
mvn -o -B -pl format-spec test -Dtest=FormatFuzzTests -Dfuzz.seconds="$s" -Dfuzz.seed="$seed" -Dsurefire.failIfNoSpecifiedTests=false
mvn -o -B -pl replay test -Dtest='ParserFuzzTests,SnapshotFuzzTests' -Dfuzz.seconds="$s" -Dfuzz.seed="$seed" -Dsurefire.failIfNoSpecifiedTests=false
