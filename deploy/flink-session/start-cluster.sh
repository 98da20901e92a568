#!/usr/bin/env bash
# Starts a Flink 1.19 session cluster of separate JVMs from Maven artifacts: one JobManager and
# N TaskManagers (default 2), logs and pids under $STATE (default /tmp/zeekbeam-flink). The REST
# port (web UI, job submission) is $FLINK_REST_PORT (default 8081), the JobManager's RPC port
# $FLINK_RPC_PORT (default 6123): set them to run beside another cluster on the same machine.
# Stop it with stop-cluster.sh (same $STATE). Submit with:
#   ./zeekbeam run --runner=FlinkRunner --flinkMaster=localhost:8081 --filesToStage=<jar> ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="${STATE:-/tmp/zeekbeam-flink}"
tms="${1:-2}"
rest_port="${FLINK_REST_PORT:-8081}"
rpc_port="${FLINK_RPC_PORT:-6123}"
ports="-Drest.port=$rest_port -Djobmanager.rpc.port=$rpc_port"
mkdir -p "$state"
cp="$state/classpath.txt"
if [ ! -s "$cp" ]; then
  (cd "$here" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null)
fi
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.sql/java.sql=ALL-UNNAMED"
nohup java $opens -Xmx768m -cp "$(cat "$cp")" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$here/conf" \
  $ports >"$state/jobmanager.log" 2>&1 &
echo $! >"$state/jobmanager.pid"
for i in $(seq 1 "$tms"); do
  nohup java $opens -Xmx1g -XX:MaxDirectMemorySize=1400m -cp "$(cat "$cp")" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$here/conf" \
    -Dtaskmanager.resource-id="tm-$i" $ports \
    >"$state/taskmanager-$i.log" 2>&1 &
  echo $! >"$state/taskmanager-$i.pid"
done
for _ in $(seq 1 60); do
  if curl -fsS "http://localhost:$rest_port/taskmanagers" 2>/dev/null | grep -o '"id"' | wc -l | grep -qx "$tms"; then
    echo "Flink session cluster up: http://localhost:$rest_port with $tms TaskManagers (state in $state)"
    exit 0
  fi
  sleep 1
done
echo "the cluster did not come up within 60 s; see $state/*.log" >&2
exit 1
