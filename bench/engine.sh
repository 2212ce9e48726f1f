#!/usr/bin/env bash
# The engine against its yardsticks, in one sitting: compiles the engine, runs bench/EngineBench.java
# on the workloads of ../shared/bench/numpy_twin.py (moons, digits, mnist, gemm), then the numpy twin
# and the PyTorch twin (../shared/bench/djl_twin.sh, float32, no gemm) on the same machine, and
# prints every side and the ratios engine / twin per workload.
# Usage: bench/engine.sh [moons|digits|mnist|gemm ...]     (NO_DJL=1 skips the PyTorch twin)
# AVX2=1 on an AVX-512 machine restricts every side to AVX2 - the JVM (-XX:UseAVX=2: 256-bit vectors,
# 16 registers), OpenBLAS (OPENBLAS_CORETYPE=Haswell), numpy's own loops (NPY_DISABLE_CPU_FEATURES)
# and libtorch (ATEN_CPU_CAPABILITY, MKL and oneDNN limits) - to exercise the AVX2 code paths; the
# cores' timings stay those of the machine, so it stands in for an AVX2 server, it is not one.
# Needs Debian's python3 with numpy for the numpy twin (apt-get install -y python3-numpy python3-sklearn);
# the PyTorch twin fetches DJL and libtorch from Maven Central once (about 120 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(moons digits mnist gemm)

./mvnw -q -B -ntp compile
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
# the yardstick lives beside the project, not in it; NUMPY_TWIN points elsewhere
TWIN=${NUMPY_TWIN:-../shared/bench/numpy_twin.py}
DJL_TWIN=${DJL_TWIN:-../shared/bench/djl_twin.sh}
JAVA_OPTS=()
if [ -n "${AVX2:-}" ]; then
  JAVA_OPTS=(-XX:UseAVX=2)
  export OPENBLAS_CORETYPE=Haswell NPY_DISABLE_CPU_FEATURES="AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
  export ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), vector flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512dq|avx512vl' /proc/cpuinfo | sort -u | tr '\n' ' ')${AVX2:+, every side restricted to AVX2 (AVX2=1)}"
echo "== engine (Java $("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2), -Xmx1g, $(nproc) cores)"
"$JAVA" "${JAVA_OPTS[@]}" -Xmx1g --add-modules jdk.incubator.vector -cp target/classes bench/EngineBench.java "${WORKLOADS[@]}" \
  | tee "$OUT/engine"

if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import numpy' 2>/dev/null && [ -f "$TWIN" ]; then
  echo "== numpy twin (numpy $(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)'), float64)"
  /usr/bin/python3 "$TWIN" "${WORKLOADS[@]}" | tee "$OUT/twin"
else
  echo "(numpy twin skipped: needs /usr/bin/python3 with numpy and $TWIN)"
fi
TORCH_WORKLOADS=()
for w in "${WORKLOADS[@]}"; do [ "$w" = gemm ] || TORCH_WORKLOADS+=("$w"); done
if [ -z "${NO_DJL:-}" ] && [ -x "$DJL_TWIN" ] && [ ${#TORCH_WORKLOADS[@]} -gt 0 ]; then
  echo "== PyTorch twin (PyTorch 2.7 through DJL, float32)"
  "$DJL_TWIN" "${TORCH_WORKLOADS[@]}" | tee "$OUT/torch"
else
  echo "(PyTorch twin skipped)"
fi

echo "== engine / twin (below 1 means the engine is faster)"
seconds() { if [ -f "$2" ]; then sed -n "s/^workload=$1 .*seconds=\([0-9.]*\).*/\1/p" "$2" | head -1; fi; }
for w in "${WORKLOADS[@]}"; do
  e=$(seconds "$w" "$OUT/engine")
  t=$(seconds "$w" "$OUT/twin")
  p=$(seconds "$w" "$OUT/torch")
  line="workload=$w"
  [ -n "$e" ] && [ -n "$t" ] && line="$line numpy=$(awk -v e="$e" -v t="$t" 'BEGIN { printf "%.3f", e / t }')"
  [ -n "$e" ] && [ -n "$p" ] && line="$line pytorch=$(awk -v e="$e" -v p="$p" 'BEGIN { printf "%.3f", e / p }')"
  echo "$line"
done
