#!/usr/bin/env bash
# The engine at two commits, in one sitting: builds the given commit in a scratch worktree and the
# work tree as it is, then runs bench/EngineBench.java in alternating JVMs of the two (so that both
# see the same stretch of the machine's load) and prints each workload's median per side and the
# ratio new / old. Both sides run the work tree's bench/EngineBench.java (it calls only MatrixOps).
# Usage: bench/compare.sh COMMIT [RUNS] [moons|digits|mnist|gemm ...]   (RUNS: JVMs per side, default 5)
# AVX2=1 holds both sides to AVX2 (-XX:UseAVX=2), as bench/engine.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: bench/compare.sh COMMIT [RUNS] [WORKLOADS...]}
RUNS=${2:-5}
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a number of JVMs, not '$RUNS'" >&2; exit 2; }
shift $(( $# >= 2 ? 2 : 1 ))
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=(moons digits mnist gemm)
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
JAVA_OPTS=()
[ -z "${AVX2:-}" ] || JAVA_OPTS=(-XX:UseAVX=2)
SCRATCH=$(mktemp -d)
trap 'git worktree remove --force "$SCRATCH/old" >/dev/null 2>&1 || true; rm -rf "$SCRATCH"' EXIT

git worktree add -q --detach "$SCRATCH/old" "$OLD"
(cd "$SCRATCH/old" && ./mvnw -q -B -ntp compile)
./mvnw -q -B -ntp compile
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores${AVX2:+, AVX2 held}; old $(git rev-parse --short "$OLD"), new $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain -- src)" ] || echo ' + changes')"
for ((i = 1; i <= RUNS; i++)); do
  for side in old new; do
    classes=target/classes
    [ "$side" = new ] || classes=$SCRATCH/old/target/classes
    "$JAVA" "${JAVA_OPTS[@]}" -Xmx1g --add-modules jdk.incubator.vector -cp "$classes" bench/EngineBench.java \
      "${WORKLOADS[@]}" 2>>"$SCRATCH/errors" | sed -n "s/^workload=\([a-z]*\) seconds=\([0-9.]*\).*/$side \1 \2/p" >> "$SCRATCH/times"
  done
done
for side in old new; do
  for w in "${WORKLOADS[@]}"; do
    got=$(awk -v s="$side" -v w="$w" '$1 == s && $2 == w' "$SCRATCH/times" | wc -l)
    [ "$got" -eq "$RUNS" ] || { echo "the $side side gave $got of $RUNS times for $w:" >&2; grep -v WARNING "$SCRATCH/errors" | tail -20 >&2; exit 1; }
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for w in "${WORKLOADS[@]}"; do
  o=$(awk -v w="$w" '$1 == "old" && $2 == w { print $3 }' "$SCRATCH/times" | median)
  n=$(awk -v w="$w" '$1 == "new" && $2 == w { print $3 }' "$SCRATCH/times" | median)
  awk -v w="$w" -v o="$o" -v n="$n" -v r="$RUNS" 'BEGIN { printf "workload=%s old=%.4f new=%.4f new/old=%.3f (medians of %d JVMs each)\n", w, o, n, n / o, r }'
done
