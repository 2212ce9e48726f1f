#!/usr/bin/env bash
# Prediction throughput against the framework's floor, in one run: starts the service (embedded H2),
# imports a 64-64-10 model, then load-tests single-row POST /api/v1/models/{id}/predict and, with the
# same wrk settings, GET /actuator/health/liveness on the same running service. Prints both
# throughputs, p50/p99 latency and the ratio predict / liveness.
# Usage: bench/predict.sh [SECONDS] [CONNECTIONS]    (defaults 15 and 32; needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-32}
PORT=${BENCH_PORT:-18085}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

./mvnw -q -B -ntp -DskipTests package
# the service starts with this admin key; every request below sends it
KEY=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
curl() { command curl -H "Authorization: Bearer $KEY" "$@"; }
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
"$JAVA" -Xmx1g --add-modules jdk.incubator.vector -jar target/backprop-service.jar --server.port="$PORT" --backprop.security.bootstrap-key="$KEY" \
  --spring.datasource.url="jdbc:h2:file:$WORK/db" --logging.level.root=WARN ${BENCH_SERVICE_ARGS:-} > "$WORK/service.log" 2>&1 &
for _ in $(seq 1 120); do curl -fs "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.5; done

# A 64-64-10 classifier (tanh, softmax, standardized inputs) with fixed pseudo-random weights.
awk 'BEGIN { srand(7);
  printf "{\"format\":\"backprop-model\",\"version\":1,\"task\":\"CLASSIFICATION\",\"inputs\":64,\"featureNames\":[";
  for (i = 0; i < 64; i++) printf "%s\"p%d\"", (i ? "," : ""), i;
  printf "],\"targetNames\":[\"digit\"],\"labels\":[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"],";
  printf "\"normalization\":{\"mean\":["; for (i = 0; i < 64; i++) printf "%s%.6f", (i ? "," : ""), rand() * 8;
  printf "],\"std\":["; for (i = 0; i < 64; i++) printf "%s%.6f", (i ? "," : ""), 1 + rand() * 4;
  printf "]},\"layers\":[";
  split("64 64,64 10", shapes, ",");
  for (l = 1; l <= 2; l++) { split(shapes[l], s, " "); n = s[1]; m = s[2];
    printf "%s{\"units\":%d,\"activation\":\"%s\",\"bias\":true,\"dropout\":0.0,\"weights\":[", (l > 1 ? "," : ""), m, (l == 1 ? "TANH" : "SOFTMAX");
    for (r = 0; r < n; r++) { printf "%s[", (r ? "," : ""); for (c = 0; c < m; c++) printf "%s%.6f", (c ? "," : ""), (rand() - 0.5) / 4; printf "]" }
    printf "],\"biases\":["; for (c = 0; c < m; c++) printf "%s%.6f", (c ? "," : ""), (rand() - 0.5) / 10; printf "]}" }
  printf "]}" }' > "$WORK/model.json"
ID=$(curl -fs -XPOST "localhost:$PORT/api/v1/models?name=bench-64-64-10" -H 'Content-Type: application/json' \
  --data-binary @"$WORK/model.json" | sed -E 's/^\{"id":"([^"]+)".*/\1/')

ROW=$(awk 'BEGIN { srand(3); printf "["; for (i = 0; i < 64; i++) printf "%s%.4f", (i ? "," : ""), rand() * 16; printf "]" }')
cat > "$WORK/predict.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.body = '{"inputs": [$ROW]}'
LUA
curl -fs -XPOST "localhost:$PORT/api/v1/models/$ID/predict" -H 'Content-Type: application/json' \
  -d "{\"inputs\": [$ROW]}" > "$WORK/check.json"
grep -q '"label"' "$WORK/check.json" || { echo "predict did not answer a label: $(cat "$WORK/check.json")" >&2; exit 1; }

measure() { # label, wrk arguments...
  local label=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" > "$WORK/$label.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/$label.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$WORK/$label.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$WORK/$label.txt")
  errors=$(awk '/Non-2xx/ { print $NF }' "$WORK/$label.txt")
  echo "endpoint=$label requests_per_second=$rps p50=$p50 p99=$p99 non_2xx=${errors:-0}"
  echo "$rps" > "$WORK/$label.rps"
}
PREDICT=(-s "$WORK/predict.lua" "http://localhost:$PORT/api/v1/models/$ID/predict")
LIVENESS=("http://localhost:$PORT/actuator/health/liveness")
echo "== $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, model 64-64-10, one row per request"
# warm both paths first (JIT, pools, the model cache), then alternate so drift hits both sides alike
wrk -t2 -c"$CONNECTIONS" -d10s "${PREDICT[@]}" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d10s "${LIVENESS[@]}" > /dev/null
for round in 1 2; do
  measure "predict-$round" "${PREDICT[@]}"
  measure "liveness-$round" "${LIVENESS[@]}"
  awk -v p="$(cat "$WORK/predict-$round.rps")" -v l="$(cat "$WORK/liveness-$round.rps")" \
    -v r="$round" 'BEGIN { printf "round=%d ratio predict/liveness=%.3f\n", r, p / l }'
done
