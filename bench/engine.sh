#!/usr/bin/env bash
# The engine against its yardstick, in one sitting: compiles the engine, runs bench/EngineBench.java
# on the workloads of ../shared/bench/numpy_twin.py (moons, digits, mnist, gemm), then the numpy twin
# on the same machine, and prints both sides and the ratio engine / twin per workload.
# Usage: bench/engine.sh [moons|digits|mnist|gemm ...]
# Needs Debian's python3 with numpy for the twin (apt-get install -y python3-numpy python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")/.."
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(moons digits mnist gemm)

./mvnw -q -B -ntp compile
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
# the yardstick lives beside the project, not in it; NUMPY_TWIN points elsewhere
TWIN=${NUMPY_TWIN:-../shared/bench/numpy_twin.py}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), vector flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512dq|avx512vl' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "== engine (Java $("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2), -Xmx1g, $(nproc) cores)"
"$JAVA" -Xmx1g --add-modules jdk.incubator.vector -cp target/classes bench/EngineBench.java "${WORKLOADS[@]}" | tee "$OUT/engine"

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import numpy' 2>/dev/null && [ -f "$TWIN" ]; then
  echo "== numpy twin (numpy $(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)'))"
  /usr/bin/python3 "$TWIN" "${WORKLOADS[@]}" | tee "$OUT/twin"
  echo "== engine / twin (below 1 means the engine is faster)"
  for w in "${WORKLOADS[@]}"; do
    e=$(sed -n "s/^workload=$w seconds=\([0-9.]*\).*/\1/p" "$OUT/engine")
    t=$(sed -n "s/^workload=$w seconds=\([0-9.]*\).*/\1/p" "$OUT/twin")
    [ -n "$e" ] && [ -n "$t" ] && awk -v w="$w" -v e="$e" -v t="$t" 'BEGIN { printf "workload=%s ratio=%.3f\n", w, e / t }'
  done
else
  echo "(numpy twin skipped: needs /usr/bin/python3 with numpy and $TWIN)"
fi
