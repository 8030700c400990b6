#!/usr/bin/env bash
# The DuckDB path of issue 16: a support organisation's questions over `fleet --jsonl` (archives per
# host, by worst severity and state, hosts per rule, hosts with a full queue), asked of the JSON Lines file
# through fleet/fleet.sql's typed macro (the README's way), through read_json_auto, of a Parquet file
# DuckDB writes from it, and of a DuckDB table; median of RUNS, all sources in one run (DuckDbBench.java).
# SCALES are copies of the 1,000-archive output (100 copies stand for 100,000 archives).
#
# Usage: bench/fleet/duckdb.sh FLEET.jsonl   (SCALES="1 100", RUNS=5, DUCKDB_VERSION=2.0.0.1)
# bench/fleet/run.sh runs it over its own --jsonl output. DuckDB is not a project dependency: its JDBC jar
# (with the engine inside) comes from Maven Central through `mvn dependency:get` into
# ${XDG_CACHE_HOME:-~/.cache}/procsnap-bench. The Parquet and copied JSONL files go to a temporary
# directory that is removed at the end.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JSONL=${1:?usage: bench/fleet/duckdb.sh FLEET.jsonl}
SCALES=${SCALES:-1 100}
RUNS=${RUNS:-5}
DUCKDB_VERSION=${DUCKDB_VERSION:-2.0.0.1}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/procsnap-bench
JAR=$CACHE/duckdb_jdbc-$DUCKDB_VERSION.jar
if [[ ! -s $JAR ]]; then
    mvn -B -ntp -q dependency:get -Dartifact="org.duckdb:duckdb_jdbc:$DUCKDB_VERSION" -Dtransitive=false >&2
    mkdir -p "$CACHE"
    cp "$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$DUCKDB_VERSION/duckdb_jdbc-$DUCKDB_VERSION.jar" "$JAR"
fi
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/procsnap-bench-duckdb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "DuckDB $DUCKDB_VERSION (JDBC) over fleet --jsonl ($JSONL): $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" "$HERE/DuckDbBench.java" "$JSONL" "$ROOT/fleet/fleet.sql" \
    "$WORK" "$SCALES" "$RUNS"
echo "(median of $RUNS, the sources taking turns; JSONL = procsnap_fleet('FILE') of fleet/fleet.sql, auto ="
echo " read_json_auto('FILE'), Parquet = read_parquet of DuckDB's COPY TO, table = CREATE TABLE AS; copies of the"
echo " fleet repeat its rows, which makes their Parquet files smaller than a real fleet's)"
