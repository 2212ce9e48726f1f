#!/usr/bin/env bash
# Rows as callers have them against positional rows, in one run: starts the service (embedded H2),
# imports a model of raw columns (8 numbers, two categories of 3 and 5 levels; 32 tanh units, 3
# classes), then load-tests POST /api/v1/models/{id}/predict with the same ROWS rows (default 1000)
# sent as positional arrays and as objects by column name, in alternating rounds. Prints both
# throughputs, p50/p99 latency and the ratio of their times (named / positional).
# Usage: bench/predict-rows.sh [SECONDS] [CONNECTIONS] [ROWS]   (defaults 15, 4, 1000; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-4}
ROWS=${3:-1000}
PORT=${BENCH_PORT:-18086}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

./mvnw -q -B -ntp -DskipTests package
KEY=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
curl() { command curl -H "Authorization: Bearer $KEY" "$@"; }
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
"$JAVA" -Xmx1g --add-modules jdk.incubator.vector -jar target/backprop-service.jar --server.port="$PORT" \
  --backprop.security.bootstrap-key="$KEY" --spring.datasource.url="jdbc:h2:file:$WORK/db" --logging.level.root=WARN \
  > "$WORK/service.log" 2>&1 &
for _ in $(seq 1 120); do curl -fs "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.5; done

# The model document (version 2): columns n1..n8 (numbers, filled, standardized), colour (3 levels),
# size (5 levels and an input for gaps): 8 + 3 + 6 = 17 inputs.
awk 'BEGIN { srand(7);
  printf "{\"format\":\"backprop-model\",\"version\":2,\"task\":\"CLASSIFICATION\",\"inputs\":17,\"featureNames\":[";
  for (i = 1; i <= 8; i++) printf "\"n%d\",", i;
  printf "\"colour\",\"size\"],\"targetNames\":[\"class\"],\"labels\":[\"a\",\"b\",\"c\"],\"normalization\":null,";
  printf "\"standardized\":true,\"columns\":[";
  for (i = 1; i <= 8; i++) printf "{\"name\":\"n%d\",\"kind\":\"NUMBER\",\"fill\":%.4f,\"mean\":%.4f,\"std\":%.4f},", i, 5, 5, 2;
  printf "{\"name\":\"colour\",\"kind\":\"CATEGORY\",\"levels\":[\"red\",\"green\",\"blue\"]},";
  printf "{\"name\":\"size\",\"kind\":\"CATEGORY\",\"levels\":[\"XS\",\"S\",\"M\",\"L\",\"XL\"],\"missingInput\":true}],";
  printf "\"layers\":[";
  split("17 32,32 3", shapes, ",");
  for (l = 1; l <= 2; l++) { split(shapes[l], s, " "); n = s[1]; m = s[2];
    printf "%s{\"units\":%d,\"activation\":\"%s\",\"bias\":true,\"weights\":[", (l > 1 ? "," : ""), m, (l == 1 ? "TANH" : "SOFTMAX");
    for (r = 0; r < n; r++) { printf "%s[", (r ? "," : ""); for (c = 0; c < m; c++) printf "%s%.6f", (c ? "," : ""), (rand() - 0.5) / 2; printf "]" }
    printf "],\"biases\":["; for (c = 0; c < m; c++) printf "%s%.6f", (c ? "," : ""), (rand() - 0.5) / 10; printf "]}" }
  printf "]}" }' > "$WORK/model.json"
ID=$(curl -fs -XPOST "localhost:$PORT/api/v1/models?name=bench-rows" -H 'Content-Type: application/json' \
  --data-binary @"$WORK/model.json" | sed -E 's/^\{"id":"([^"]+)".*/\1/')

# The same rows both ways: numbers with a gap now and then, a colour, a size (sometimes missing).
awk -v rows="$ROWS" -v out="$WORK" 'BEGIN { srand(3); split("red green blue", colours, " "); split("XS S M L XL", sizes, " ");
  p = "{\"inputs\":["; n = "{\"instances\":[";
  for (r = 0; r < rows; r++) {
    p = p (r ? "," : "") "["; n = n (r ? "," : "") "{";
    for (i = 1; i <= 8; i++) { v = (rand() < 0.05) ? "null" : sprintf("%.3f", rand() * 10);
      p = p v ","; n = n "\"n" i "\":" v "," }
    c = "\"" colours[int(rand() * 3) + 1] "\""; s = (rand() < 0.1) ? "null" : "\"" sizes[int(rand() * 5) + 1] "\"";
    p = p c "," s "]"; n = n "\"colour\":" c ",\"size\":" s "}" }
  print p "]}" > (out "/positional.json"); print n "]}" > (out "/named.json") }'
for form in positional named; do
  curl -fs -XPOST "localhost:$PORT/api/v1/models/$ID/predict" -H 'Content-Type: application/json' \
    --data-binary @"$WORK/$form.json" -o "$WORK/$form.out" || { echo "$form rows were refused" >&2; exit 1; }
  cat > "$WORK/$form.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
local f = io.open("$WORK/$form.json", "r"); wrk.body = f:read("*a"); f:close()
LUA
done
cmp -s "$WORK/positional.out" "$WORK/named.out" || { echo "the two forms answered differently" >&2; exit 1; }

measure() { # form
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/$1.lua" \
    "http://localhost:$PORT/api/v1/models/$ID/predict" > "$WORK/$1.txt"
  awk -v form="$1" '/^Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } /Non-2xx/ { bad = $NF }
    END { printf "form=%s rows=%s requests_per_second=%s p50=%s p99=%s non_2xx=%s\n", form, '"$ROWS"', rps, p50, p99, bad + 0 }' \
    "$WORK/$1.txt"
  awk '/^Requests\/sec/ { print $2 }' "$WORK/$1.txt" > "$WORK/$1.rps"
}
echo "== $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s, $ROWS rows per request, model of 10 raw columns"
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/positional.lua" "http://localhost:$PORT/api/v1/models/$ID/predict" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/named.lua" "http://localhost:$PORT/api/v1/models/$ID/predict" > /dev/null
for round in $(seq 1 "${ROUNDS:-3}"); do
  measure positional
  measure named
  awk -v p="$(cat "$WORK/positional.rps")" -v n="$(cat "$WORK/named.rps")" -v r="$round" \
    'BEGIN { printf "round=%d time named/positional=%.3f\n", r, p / n }'
done
