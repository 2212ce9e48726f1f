#!/usr/bin/env bash
# Datasets at scale: uploads a ROWS x COLS CSV (default 100,000 x 100, about 110 MB incl. target)
# to the service, then reads it back (summary, one page of rows, the whole CSV), on embedded H2 and,
# when one answers on 127.0.0.1:5432, on PostgreSQL. Prints one line per step:
#   db=<h2|postgres> step=<name> seconds=<wall time> [bytes=<size>]
# With KIND=mixed every third column holds text (five levels) and one cell in ten of the others is NA
# or empty: a real table's upload against the all-numeric one.
# Usage: [KIND=numeric|mixed] bench/datasets.sh [ROWS] [COLS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-100000}
COLS=${2:-100}
PORT=${BENCH_PORT:-18080}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -q -B -ntp -DskipTests package
JAR=target/backprop-service.jar
# the service starts with this admin key; every request below sends it
KEY=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
curl() { command curl -H "Authorization: Bearer $KEY" "$@"; }
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java

# A CSV of Gaussian features and a 10-class integer label, fixed seed (KIND=mixed: text and gaps too).
awk -v rows="$ROWS" -v cols="$COLS" -v mixed="$([ "${KIND:-numeric}" = mixed ] && echo 1 || echo 0)" 'BEGIN {
  srand(1); split("Biscoe Dream Torgersen Anvers Gentoo", words, " ");
  h = ""; for (c = 1; c <= cols; c++) h = h "f" c ","; print h "label";
  for (r = 0; r < rows; r++) { line = "";
    for (c = 1; c <= cols; c++) {
      if (mixed && c % 3 == 0) line = line words[int(rand() * 5) + 1] ",";
      else if (mixed && rand() < 0.1) line = line (rand() < 0.5 ? "NA" : "") ",";
      else line = line sprintf("%.17g", (rand() - 0.5) * 8) "," }
    print line int(rand() * 10) } }' > "$WORK/data.csv"
BYTES=$(stat -c %s "$WORK/data.csv")

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

run() {
  local db=$1; shift
  "$JAVA" -Xmx2g --add-modules jdk.incubator.vector -jar "$JAR" --server.port="$PORT" --backprop.security.bootstrap-key="$KEY" "$@" > "$WORK/$db.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -fs "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
    sleep 0.5
  done
  local base="localhost:$PORT/api/v1/datasets" t id
  t=$(now)
  id=$(curl -fs -XPOST "$base/csv?name=bench&target=label" -H 'Content-Type: text/csv' \
        --data-binary @"$WORK/data.csv" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  echo "db=$db step=upload seconds=$(elapsed "$t") bytes=$BYTES rows=$ROWS cols=$COLS kind=${KIND:-numeric}"
  t=$(now); curl -fs "$base/$id" > /dev/null; echo "db=$db step=summary seconds=$(elapsed "$t")"
  t=$(now); curl -fs "$base/$id/rows?page=500&size=100" > /dev/null; echo "db=$db step=rows-page seconds=$(elapsed "$t")"
  t=$(now); curl -fs "$base/$id/csv" -o "$WORK/back.csv"
  echo "db=$db step=download seconds=$(elapsed "$t") bytes=$(stat -c %s "$WORK/back.csv")"
  t=$(now); curl -fs -XDELETE "$base/$id"; echo "db=$db step=delete seconds=$(elapsed "$t")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run h2 --spring.datasource.url="jdbc:h2:file:$WORK/h2/backprop"
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
  psql -q -h 127.0.0.1 -U postgres -d test -c 'DROP SCHEMA IF EXISTS backprop_bench CASCADE' >/dev/null
  run postgres --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=backprop_bench" \
    --spring.datasource.username=postgres --spring.datasource.password= \
    --spring.flyway.schemas=backprop_bench
  psql -q -h 127.0.0.1 -U postgres -d test -c 'DROP SCHEMA IF EXISTS backprop_bench CASCADE' >/dev/null
fi
