#!/usr/bin/env bash
# Starts a Flink 1.19 session cluster of separate JVMs from Maven artifacts: one JobManager and
# N TaskManagers (default 2), logs and pids under $STATE (default /tmp/zeekbeam-flink).
# Stop it with stop-cluster.sh. Submit with:
#   ./zeekbeam run --runner=FlinkRunner --flinkMaster=localhost:8081 --filesToStage=<jar> ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="${STATE:-/tmp/zeekbeam-flink}"
tms="${1:-2}"
mkdir -p "$state"
cp="$state/classpath.txt"
if [ ! -s "$cp" ]; then
  (cd "$here" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null)
fi
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.sql/java.sql=ALL-UNNAMED"
nohup java $opens -Xmx768m -cp "$(cat "$cp")" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$here/conf" \
  >"$state/jobmanager.log" 2>&1 &
echo $! >"$state/jobmanager.pid"
for i in $(seq 1 "$tms"); do
  nohup java $opens -Xmx1g -XX:MaxDirectMemorySize=1400m -cp "$(cat "$cp")" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$here/conf" \
    -Dtaskmanager.resource-id="tm-$i" \
    >"$state/taskmanager-$i.log" 2>&1 &
  echo $! >"$state/taskmanager-$i.pid"
done
for _ in $(seq 1 60); do
  if curl -fsS "http://localhost:8081/taskmanagers" 2>/dev/null | grep -o '"id"' | wc -l | grep -qx "$tms"; then
    echo "Flink session cluster up: http://localhost:8081 with $tms TaskManagers (state in $state)"
    exit 0
  fi
  sleep 1
done
echo "the cluster did not come up within 60 s; see $state/*.log" >&2
exit 1
