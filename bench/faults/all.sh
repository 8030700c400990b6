#!/usr/bin/env bash
# Every fault campaign of RELIABILITY.md with the real kernel (root, /dev/fuse), then the figures.
#   bench/faults/all.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -B -pl capture package -DskipTests
mvn -o -B -pl capture test -Dtest='HungReadsTests,RedactorTests' -Dsurefire.failIfNoSpecifiedTests=false
mvn -o -B -pl capture failsafe:integration-test failsafe:verify \
    -Dit.test='KilledMidwayIT,OutputFaultsIT,ChurnIT,HidepidIT,StoppedFuseIT,DiskFullIT,NonRootJdk17IT'
mvn -o -B -pl format-spec test -Dtest=FormatFuzzTests -Dsurefire.failIfNoSpecifiedTests=false
mvn -o -B -pl replay test -Dtest='ParserFuzzTests,SnapshotFuzzTests,DamagedArchiveCommandsTests,HostileExtractTests' \
    -Dsurefire.failIfNoSpecifiedTests=false
mvn -o -B -pl replay test-compile failsafe:integration-test failsafe:verify -Dit.test=HostileMountIT
cat capture/target/faults-*.txt
