#!/usr/bin/env bash
# What a long-lived `zeekbeam serve` keeps from run to run (BENCHMARKS.md, "What a long-lived
# service keeps"): starts a service of this checkout, makes WARM runs of every analytic over the
# bundled samples, reads the old generation and the metaspace in use after two full collections
# (jcmd), makes RUNS more runs, reads them again, and prints the growth per run.
#   benchmarks/service-memory.sh [WARM=5] [RUNS=20]
# Needs jcmd (the JDK's) on the PATH; the launcher builds zeekbeam first if needed. The service
# must use the parallel collector (the launcher's default for serve): the old generation is read
# from its heap summary.
set -euo pipefail
warm="${1:-5}"
runs="${2:-20}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out="$(mktemp -d)"
trap 'rm -rf "$out"; [ -n "${pid:-}" ] && kill -TERM "$pid" 2>/dev/null || true' EXIT
# Build (and make the start-up archive) before the service starts.
ZEEKBEAM_SERVICE=off ./zeekbeam run --input=samples/logs --output="$out/first" \
  --watchlist=samples/watchlist.csv --quiet >/dev/null 2>&1
# The launcher execs the JVM, so the background job's pid is the service's.
./zeekbeam serve >"$out/serve.log" 2>&1 &
pid=$!
for _ in $(seq 120); do grep -q 'ready at' "$out/serve.log" && break; sleep 0.5; done
grep -q 'ready at' "$out/serve.log" || { cat "$out/serve.log" >&2; exit 1; }

some_runs() {
  for _ in $(seq "$1"); do
    ./zeekbeam run --input=samples/logs --output="$out/run" --watchlist=samples/watchlist.csv \
      --quiet >"$out/run.log" 2>&1 || { cat "$out/run.log" >&2; exit 1; }
  done
}
# Old generation (KB) and metaspace in use (MB) after two full collections.
measure() {
  sleep 3
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.run >/dev/null
  old="$(jcmd "$pid" GC.heap_info | awk '/ParOldGen/ {sub(/K$/, "", $5); print $5}')"
  meta="$(jcmd "$pid" VM.metaspace | sed -n 's/^ *Both:.* \([0-9.]*\) MB ( *[0-9]*%) used.*/\1/p' | head -1)"
  graphs="$(jcmd "$pid" GC.class_histogram | awk '$4 == "org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph" {print $2}')"
  echo "$old ${meta:-?} ${graphs:-0}"
}

some_runs "$warm"
read -r old1 meta1 graphs1 <<<"$(measure)"
some_runs "$runs"
read -r old2 meta2 graphs2 <<<"$(measure)"
echo "after $warm runs: old generation ${old1} KB, metaspace ${meta1} MB, archived job graphs ${graphs1}"
echo "after $((warm + runs)) runs: old generation ${old2} KB, metaspace ${meta2} MB, archived job graphs ${graphs2}"
awk -v o1="$old1" -v o2="$old2" -v m1="$meta1" -v m2="$meta2" -v n="$runs" \
  'BEGIN { printf "a run: %.0f KB of old generation, %.0f KB of metaspace\n", (o2 - o1) / n, (m2 - m1) * 1024 / n }'
