#!/bin/sh
# Benchmark of the procsnap archive format (not a test). Usage: bench/format/run.sh [ENTRIES]
# Builds format-spec's test classes (offline), then runs io.procsnap.format.FormatBenchmark on the
# test classpath with JDK 25. Needs tar, zstd and xz on PATH. Prints write throughput, archive size
# against tar|zstd -3 and tar|xz of the same files, and open+read-one-entry time against
# decompressing the whole archive.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mvn -o -q -B -pl format-spec test-compile
mvn -o -q -B -pl format-spec dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/format-spec/target/bench-classpath.txt" >/dev/null
cp="format-spec/target/test-classes:format-spec/target/classes:$(cat format-spec/target/bench-classpath.txt)"
exec "$java" -Xmx2g --enable-native-access=ALL-UNNAMED -cp "$cp" io.procsnap.format.FormatBenchmark "${1:-100000}"
