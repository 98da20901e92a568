#!/usr/bin/env bash
# Stops the session cluster started by start-cluster.sh.
state="${STATE:-/tmp/zeekbeam-flink}"
for f in "$state"/*.pid; do
  [ -f "$f" ] || continue
  kill "$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
done
echo "stopped"
