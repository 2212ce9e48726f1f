#!/usr/bin/env bash
# A search on one instance against the same search on two instances sharing one PostgreSQL, each
# instance with one scheduler thread, in one run: a RANDOM search of TRIALS trials x FOLDS folds with
# parallelism 2 on 3,000 generated rows (3-class spirals). Prints each side's wall time (the search's
# created to finished) and the speed-up: two instances of one thread each can use two cores where one
# instance uses one.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust authentication, database test); each side
# gets a schema of its own, dropped first.
# Usage: [POLL=1s] bench/search-cluster.sh [TRIALS] [FOLDS] [EPOCHS]    (defaults 20 5 100; POLL: the scheduler's
# polling interval on every instance)
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${1:-20}
FOLDS=${2:-5}
EPOCHS=${3:-100}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -q -B -ntp -DskipTests package
KEY=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
echo "== $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(grep -o -w -E 'avx2|avx512f|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"

# starts an instance on schema $1 at port $2
instance() {
  "$JAVA" -Xmx1g --add-modules jdk.incubator.vector -jar target/backprop-service.jar --server.port="$2" \
    --backprop.security.bootstrap-key="$KEY" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$1" \
    --spring.datasource.username=postgres --logging.level.root=WARN --backprop.scheduler.threads=1 \
    --backprop.scheduler.polling-interval="${POLL:-1s}" --backprop.scheduler.name="$1-$2" > "$WORK/$1-$2.log" 2>&1 &
  for _ in $(seq 1 120); do command curl -fs "localhost:$2/actuator/health/readiness" >/dev/null 2>&1 && return; sleep 0.5; done
  cat "$WORK/$1-$2.log"; echo "the instance on port $2 did not start" >&2; exit 1
}

# runs the search through port $1; prints "STATUS wallSeconds"
search() {
  local port=$1 dataset search body
  dataset=$(curl -fs -H "Authorization: Bearer $KEY" -XPOST "localhost:$port/api/v1/datasets" -H 'Content-Type: application/json' \
    -d '{"name": "spirals", "generator": {"type": "spirals", "samples": 3000, "classes": 3, "seed": 1}}' \
    | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  search=$(curl -fs -H "Authorization: Bearer $KEY" -XPOST "localhost:$port/api/v1/searches" -H 'Content-Type: application/json' -d '{
    "datasetId": "'$dataset'", "base": {"model": {"activation": "TANH"}, "training": {"epochs": '$EPOCHS',
    "batchSize": 32, "optimizer": {"type": "ADAM"}, "earlyStopping": {"enabled": false}}},
    "space": {"model.hiddenLayers": {"choice": [[16], [32], [16, 16]]}, "training.learningRate": {"logFloat": [0.001, 0.1]}},
    "evaluation": {"folds": '$FOLDS'}, "budget": {"maxTrials": '$TRIALS', "parallelism": 2}, "seed": 0}' \
    | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  for _ in $(seq 1 36000); do
    body=$(curl -fs -H "Authorization: Bearer $KEY" "localhost:$port/api/v1/searches/$search")
    case "$body" in *'"status":"RUNNING"'*) sleep 0.5 ;; *) break ;; esac
  done
  /usr/bin/python3 -c '
import json, sys
from datetime import datetime
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
s = json.loads(sys.argv[1])
print("%s %.2f" % (s["status"], (t(s["finishedAt"]) - t(s["createdAt"])).total_seconds()))' "$body"
}

for schema in bench_search_one bench_search_two; do
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
done

instance bench_search_one 18088
echo "== one instance, one scheduler thread: $TRIALS trials x $FOLDS folds, $EPOCHS epochs, parallelism 2"
ONE=$(search 18088)
echo "$ONE"
kill %1; wait %1 2>/dev/null || true

instance bench_search_two 18089
instance bench_search_two 18090
echo "== two instances on one PostgreSQL, one scheduler thread each: the same search"
TWO=$(search 18089)
echo "$TWO"
awk -v one="${ONE#* }" -v two="${TWO#* }" 'BEGIN { printf "speed-up of two instances: %.2fx\n", one / two }'
