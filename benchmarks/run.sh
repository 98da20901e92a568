#!/usr/bin/env bash
# Runs the batch benchmark (see BENCHMARKS.md): builds zeekbeam and this module, then starts the
# driver, which generates the data and runs each contender in a process of its own.
#   benchmarks/run.sh [--sizes=2000000,20000000] [--repeats=3] [--only=zeekbeam-bytes,duckdb,...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
echo "bench: building (mvn -pl benchmarks -am package)..." >&2
mvn -B -q -pl benchmarks -am package -DskipTests
# The launcher makes its start-up archive on its first run after a build (BENCHMARKS.md, "Start-up:
# class-data-sharing archive"); make it now, so that no contender's first run pays for it.
"$here/zeekbeam" run --help >/dev/null
cp="$here/benchmarks/target/classes:$(cat "$here/benchmarks/target/classpath.txt")"
# The generator streams to disk; the driver needs little heap. Contenders get their own JVMs.
exec java -Xmx2g -cp "$cp" io.zeekbeam.benchmarks.Bench --repo="$here" "$@"
