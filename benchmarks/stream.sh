#!/usr/bin/env bash
# Runs the streaming benchmark (see BENCHMARKS.md, "Streaming"): builds zeekbeam and this module,
# then starts the driver, which generates the data and starts the broker (./zeekbeam broker) and
# each streaming job (./zeekbeam run --source=kafka) as processes of their own.
#   benchmarks/stream.sh [--records=2000000] [--partitions=2] [--only=throughput,latency]
#                        [--latencyRate=R] [--warmupSeconds=90] [--latencySeconds=60] [--heapEvery=20] [--jfr]
#                        [--jobOpts='-Xmx2g'] [--jobArgs='--option=value ...'] (added to each job's command line)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# MVN_FLAGS=-o builds offline.
echo "stream-bench: building (mvn -pl benchmarks -am package)..." >&2
mvn -B -q ${MVN_FLAGS:-} -pl benchmarks -am package -DskipTests
# The launcher rebuilds when a source is newer than the jar; the build above just made it.
touch pipelines/target/zeekbeam.jar
# ... and makes its start-up archive on its first run after that: now, not while the broker starts.
./zeekbeam run --help >/dev/null
cp="$here/benchmarks/target/classes:$(cat "$here/benchmarks/target/classpath.txt")"
# The driver keeps each conn record's send time for the latency run; the job and broker get
# their own JVMs.
exec java -Xmx2g -cp "$cp" io.zeekbeam.benchmarks.StreamBench --repo="$here" "$@"
