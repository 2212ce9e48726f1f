#!/usr/bin/env bash
# A training job through the API against the engine alone on the same workload, in one run: the
# engine's moons workload (bench/EngineBench.java: 200 x 2, tanh 3, softmax, 20000 full-batch
# epochs) in JVMs of its own, and the same network and training POSTed as jobs to the service
# (embedded H2, default history of 1000 points). After WARMUP jobs for the JIT (the engine side warms
# up likewise), three rounds alternate one engine JVM with a third of the RUNS measured jobs, so that
# both sides see the same stretch of a shared machine's load. Prints the median of the engine's three
# figures, the median of the jobs' elapsedSeconds (started to finished), the median queue wait
# (created to started) and the ratio job / engine. The default warm-up is a hundred jobs: the code a
# job runs once (marking it running, loading its dataset, storing its model) stays in the
# interpreter for the first dozens of jobs, and a service that has run a while has compiled it.
# Usage: bench/job.sh [RUNS] [WARMUP]    (defaults 12 and 100; 12 6 shows a freshly started service)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-12}
WARMUP=${2:-100}
PORT=${BENCH_PORT:-18086}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -q -B -ntp -DskipTests package
# the service starts with this admin key; every request below sends it
KEY=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
curl() { command curl -H "Authorization: Bearer $KEY" "$@"; }
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
echo "== $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(grep -o -w -E 'avx2|avx512f|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"

"$JAVA" -Xmx1g --add-modules jdk.incubator.vector -jar target/backprop-service.jar --server.port="$PORT" --backprop.security.bootstrap-key="$KEY" \
  --spring.datasource.url="jdbc:h2:file:$WORK/db" --logging.level.root=WARN ${BENCH_SERVICE_ARGS:-} > "$WORK/service.log" 2>&1 &
for _ in $(seq 1 120); do curl -fs "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.5; done

DATASET=$(curl -fs -XPOST "localhost:$PORT/api/v1/datasets" -H 'Content-Type: application/json' \
  -d '{"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}' \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')
SPEC='{"datasetId": "'$DATASET'", "name": "bench-moons",
  "model": {"hiddenLayers": [3], "activation": "TANH", "standardize": false},
  "training": {"epochs": 20000, "batchSize": 0, "shuffle": false, "reduction": "MEAN", "learningRate": 0.01, "seed": 0}}'

# one job: prints "elapsedSeconds queueWaitSeconds"
job() {
  local id body
  id=$(curl -fs -XPOST "localhost:$PORT/api/v1/training-jobs" -H 'Content-Type: application/json' -d "$SPEC" \
    | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  for _ in $(seq 1 3000); do
    body=$(curl -fs "localhost:$PORT/api/v1/training-jobs/$id")
    case "$body" in *'"status":"SUCCEEDED"'*) break ;; *'"status":"FAILED"'*) echo "job failed: $body" >&2; exit 1 ;; esac
    sleep 0.25
  done
  /usr/bin/python3 -c '
import json, sys
from datetime import datetime
j = json.loads(sys.argv[1])
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
print("%.3f %.3f" % (j["elapsedSeconds"], (t(j["startedAt"]) - t(j["createdAt"])).total_seconds()))' "$body"
}

echo "== jobs through the API ($WARMUP warm-up, then $RUNS measured in three rounds after an engine JVM each): elapsedSeconds queueWaitSeconds"
for _ in $(seq 1 "$WARMUP"); do job > /dev/null; done
# one engine JVM, then a third of the measured jobs, three times: one JVM's engine figure is its JIT's,
# which moves 10-15% from one JVM to the next, and the machine's load moves both sides over minutes
: > "$WORK/engine"
: > "$WORK/jobs"
for round in 1 2 3; do
  "$JAVA" -Xmx1g --add-modules jdk.incubator.vector -cp target/classes bench/EngineBench.java moons \
    | grep -v '^kernel' | sed 's/^/engine alone: /' | tee -a "$WORK/engine"
  for _ in $(seq 1 $(( RUNS * round / 3 - RUNS * (round - 1) / 3 ))); do job; done | tee -a "$WORK/jobs"
done
ENGINE=$(sed -n 's/^engine alone: workload=moons seconds=\([0-9.]*\).*/\1/p' "$WORK/engine" | sort -n | sed -n 2p)
echo "workload=moons seconds=$ENGINE (engine alone, median of three JVMs)"
MEDIAN_JOB=$(sort -n -k1 "$WORK/jobs" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
MEDIAN_WAIT=$(sort -n -k2 "$WORK/jobs" | awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }')
echo "workload=moons-job elapsedSeconds=$MEDIAN_JOB queueWaitSeconds=$MEDIAN_WAIT"
awk -v j="$MEDIAN_JOB" -v e="$ENGINE" 'BEGIN { printf "job / engine ratio=%.3f\n", j / e }'
