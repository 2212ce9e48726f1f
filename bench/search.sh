#!/usr/bin/env bash
# Searches through the API, in one run on one machine:
#  1. overhead: a RANDOM search of TRIALS trials with FOLDS-fold cross-validation on a generated table
#     of 3,000 rows (3-class spirals), one scheduler thread, parallelism 1 - its wall time (created to
#     finished) against the sum of its runs' own times (each training job's start to end, which holds
#     the job's own reading of the dataset and writing of its figures). The difference is what the
#     search adds: queueing each run, the scheduler picking it, settling trials.
#  2. the leaderboard of a GRID search next to scikit-learn's GridSearchCV over the same grid and the
#     very same folds (the engine deals its folds with numpy's RandomState, so the yardstick rebuilds
#     them exactly and hands them over as a PredefinedSplit): MLPClassifier with tanh, Adam, batches of
#     32, the same epochs, no L2 and no early stopping on either side, inputs standardized; mean and
#     standard deviation of the held-out log loss per grid point, and each side's wall time.
#  3. successive halving against plain random search over the same 27 drawn trials (factor 3, rungs of
#     EPOCHS x 3, x 9 and x 27 epochs): each one's wall time, epochs trained in all, best trial and score,
#     and where halving's winner stands on the plain search's leaderboard.
# Needs Debian's python3 with numpy and scikit-learn (apt-get install -y python3-numpy python3-sklearn).
# Usage: bench/search.sh [TRIALS] [FOLDS] [EPOCHS]    (defaults 50 5 30)
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${1:-50}
FOLDS=${2:-5}
EPOCHS=${3:-30}
PORT=${BENCH_PORT:-18087}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

./mvnw -q -B -ntp -DskipTests package
KEY=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
curl() { command curl -H "Authorization: Bearer $KEY" "$@"; }
JAVA=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java
[ -x "$JAVA" ] || JAVA=java
echo "== $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(grep -o -w -E 'avx2|avx512f|fma' /proc/cpuinfo | sort -u | tr '\n' ' ')"

"$JAVA" -Xmx2g --add-modules jdk.incubator.vector -jar target/backprop-service.jar --server.port="$PORT" \
  --backprop.security.bootstrap-key="$KEY" --spring.datasource.url="jdbc:h2:file:$WORK/db" --logging.level.root=WARN \
  --backprop.scheduler.threads=1 --backprop.scheduler.polling-interval=1s ${BENCH_SERVICE_ARGS:-} > "$WORK/service.log" 2>&1 &
for _ in $(seq 1 120); do curl -fs "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 0.5; done

id() { sed -E 's/^\{"id":"([^"]+)".*/\1/'; }
DATASET=$(curl -fs -XPOST "localhost:$PORT/api/v1/datasets" -H 'Content-Type: application/json' \
  -d '{"name": "spirals", "generator": {"type": "spirals", "samples": 3000, "classes": 3, "seed": 1}}' | id)
curl -fs "localhost:$PORT/api/v1/datasets/$DATASET/csv" -o "$WORK/spirals.csv"

# waits for a search to end; prints the search as JSON
await() {
  local body
  for _ in $(seq 1 36000); do
    body=$(curl -fs "localhost:$PORT/api/v1/searches/$1")
    case "$body" in *'"status":"RUNNING"'*) sleep 0.5 ;; *) echo "$body"; return ;; esac
  done
  echo "search $1 did not end" >&2; exit 1
}
BASE='"base": {"model": {"activation": "TANH"}, "training": {"epochs": '$EPOCHS', "batchSize": 32,
  "optimizer": {"type": "ADAM"}, "earlyStopping": {"enabled": false}}}'

echo "== 1. a RANDOM search: $TRIALS trials x $FOLDS folds, $EPOCHS epochs each, one scheduler thread"
SEARCH=$(curl -fs -XPOST "localhost:$PORT/api/v1/searches" -H 'Content-Type: application/json' -d '{
  "datasetId": "'$DATASET'", "name": "bench-random", '"$BASE"',
  "space": {"model.hiddenLayers": {"choice": [[16], [32], [16, 16]]}, "training.learningRate": {"logFloat": [0.001, 0.1]}},
  "evaluation": {"folds": '$FOLDS'}, "budget": {"maxTrials": '$TRIALS', "parallelism": 1}, "seed": 0}' | id)
await "$SEARCH" > "$WORK/random.json"
for page in $(seq 0 $(( (TRIALS * FOLDS + 199) / 200 ))); do
  curl -fs "localhost:$PORT/api/v1/training-jobs?size=200&page=$page"; echo
done > "$WORK/jobs.jsonl"
/usr/bin/python3 - "$WORK/random.json" "$WORK/jobs.jsonl" "$SEARCH" <<'PY'
import json, sys
from datetime import datetime
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
search = json.load(open(sys.argv[1]))
runs = [j for line in open(sys.argv[2]) if line.strip() for j in json.loads(line)["content"]
        if j.get("trial", {}).get("searchId") == sys.argv[3]]
wall = (t(search["finishedAt"]) - t(search["createdAt"])).total_seconds()
own = sum(j["elapsedSeconds"] for j in runs)
print("status=%s runs=%d wallSeconds=%.2f sumOfRunsSeconds=%.2f overhead=%.1f%% (wall / sum of runs - 1)"
      % (search["status"], len(runs), wall, own, 100 * (wall / own - 1)))
# where the gaps go: from a run's end to the next run's queueing (the coordinator), and to its start (the scheduler)
runs.sort(key=lambda j: t(j["createdAt"]))
median = lambda xs: sorted(xs)[len(xs) // 2]
queued = [(t(b["createdAt"]) - t(a["finishedAt"])).total_seconds() * 1000 for a, b in zip(runs, runs[1:])]
picked = [(t(j["startedAt"]) - t(j["createdAt"])).total_seconds() * 1000 for j in runs[1:]]
print("median run %.1f ms; median gap: end to next queued %.1f ms, queued to started %.1f ms"
      % (median([j["elapsedSeconds"] * 1000 for j in runs]), median(queued), median(picked)))
PY

echo "== 2. a GRID search next to scikit-learn's GridSearchCV: the same 3 x 3 grid, the same $FOLDS folds, $EPOCHS epochs"
SEARCH=$(curl -fs -XPOST "localhost:$PORT/api/v1/searches" -H 'Content-Type: application/json' -d '{
  "datasetId": "'$DATASET'", "name": "bench-grid", '"$BASE"', "strategy": {"type": "GRID"},
  "space": {"model.hiddenLayers": {"choice": [[16], [32], [16, 16]]}, "training.learningRate": {"choice": [0.003, 0.01, 0.03]}},
  "evaluation": {"folds": '$FOLDS'}, "seed": 7}' | id)
await "$SEARCH" > "$WORK/grid.json"
curl -fs "localhost:$PORT/api/v1/searches/$SEARCH/trials" > "$WORK/grid-trials.json"
# the twin's command only: OpenBLAS at the machine's own kernels (a grid of small products; it barely uses BLAS)
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 - "$WORK/spirals.csv" "$WORK/grid.json" "$WORK/grid-trials.json" \
    "$FOLDS" "$EPOCHS" <<'PY'
import csv, json, sys, time, warnings
from datetime import datetime
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, PredefinedSplit
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
warnings.simplefilter("ignore", ConvergenceWarning)
path, search_path, trials_path, k, epochs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
rows = list(csv.reader(open(path)))
header, body = rows[0], rows[1:]
x = np.array([[float(v) for v in r[:-1]] for r in body])
y = np.array([int(r[-1]) for r in body])
search = json.load(open(search_path))
# the engine's Folds: each class's rows (in order) permuted by one RandomState, dealt round the folds
rs = np.random.RandomState(search["seed"])
fold = np.full(len(y), -1)
nxt = 0
for c in range(y.max() + 1):
    members = np.flatnonzero(y == c)
    for i in rs.permutation(len(members)):
        fold[members[i]] = nxt
        nxt = (nxt + 1) % k
grid = {"mlpclassifier__hidden_layer_sizes": [(16,), (32,), (16, 16)],
        "mlpclassifier__learning_rate_init": [0.003, 0.01, 0.03]}
model = make_pipeline(StandardScaler(), MLPClassifier(activation="tanh", solver="adam", batch_size=32, alpha=0.0,
                                                      max_iter=epochs, n_iter_no_change=epochs + 1, tol=0.0,
                                                      random_state=0))
started = time.perf_counter()
cv = GridSearchCV(model, grid, cv=PredefinedSplit(fold), scoring="neg_log_loss", n_jobs=1).fit(x, y)
sk_seconds = time.perf_counter() - started
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
ours = {(tuple(tr["parameters"]["model.hiddenLayers"]), tr["parameters"]["training.learningRate"]): tr
        for tr in json.load(open(trials_path))["trials"]}
print("%-10s %-6s | %-24s | %-24s" % ("layers", "rate", "backprop log loss (sd)", "scikit-learn log loss (sd)"))
order = sorted(range(len(cv.cv_results_["params"])), key=lambda i: -cv.cv_results_["mean_test_score"][i])
for i in order:
    p = cv.cv_results_["params"][i]
    key = (p["mlpclassifier__hidden_layer_sizes"], p["mlpclassifier__learning_rate_init"])
    tr = ours[key]
    print("%-10s %-6s | %.4f (%.4f) rank %d     | %.4f (%.4f) rank %d"
          % (list(key[0]), key[1], tr["score"], tr["scoreStd"], sorted(ours.values(), key=lambda r: r["score"]).index(tr) + 1,
             -cv.cv_results_["mean_test_score"][i], cv.cv_results_["std_test_score"][i], cv.cv_results_["rank_test_score"][i]))
wall = (t(search["finishedAt"]) - t(search["createdAt"])).total_seconds()
print("wall seconds: backprop %.2f (one scheduler thread, through the API), scikit-learn %.2f (n_jobs=1)" % (wall, sk_seconds))
PY

echo "== 3. successive halving against plain RANDOM search: the same 27 trials x $FOLDS folds, up to $((EPOCHS * 27)) epochs"
for strategy in '{"type": "RANDOM"}' '{"type": "RANDOM", "halving": {"minEpochs": '$((EPOCHS * 3))', "factor": 3}}'; do
  SEARCH=$(curl -fs -XPOST "localhost:$PORT/api/v1/searches" -H 'Content-Type: application/json' -d '{
    "datasetId": "'$DATASET'", "name": "bench-halving", "base": {"model": {"activation": "TANH"}, "training": {
    "epochs": '$((EPOCHS * 27))', "batchSize": 32, "optimizer": {"type": "ADAM"}, "earlyStopping": {"enabled": false}}},
    "space": {"model.hiddenLayers": {"choice": [[16], [32], [16, 16]]}, "training.learningRate": {"logFloat": [0.001, 0.1]}},
    "strategy": '"$strategy"', "evaluation": {"folds": '$FOLDS'}, "budget": {"maxTrials": 27, "parallelism": 1}, "seed": 3}' | id)
  await "$SEARCH" > "$WORK/halving-$SEARCH.json"
  curl -fs "localhost:$PORT/api/v1/searches/$SEARCH/trials" > "$WORK/halving-$SEARCH-trials.json"
  echo "$SEARCH" >> "$WORK/halving"
done
for page in $(seq 0 $(( (TRIALS * FOLDS + 300 * FOLDS) / 200 + 1 ))); do
  curl -fs "localhost:$PORT/api/v1/training-jobs?size=200&page=$page"; echo
done > "$WORK/jobs.jsonl"
/usr/bin/python3 - "$WORK" $(cat "$WORK/halving") <<'PY'
import json, sys
from datetime import datetime
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
work, plain, halving = sys.argv[1], sys.argv[2], sys.argv[3]
jobs = [j for line in open(work + "/jobs.jsonl") if line.strip() for j in json.loads(line)["content"] if "trial" in j]
boards = {}
for name, sid in (("plain", plain), ("halving", halving)):
    s = json.load(open("%s/halving-%s.json" % (work, sid)))
    board = json.load(open("%s/halving-%s-trials.json" % (work, sid)))["trials"]
    boards[name] = board
    epochs = sum(j["epoch"] for j in jobs if j["trial"]["searchId"] == sid)
    wall = (t(s["finishedAt"]) - t(s["createdAt"])).total_seconds()
    print("%-8s wallSeconds=%.1f epochsTrained=%d best: trial %d %s score %.4f" % (name, wall, epochs,
          s["best"]["trial"], json.dumps(s["best"]["parameters"], sort_keys=True), s["best"]["score"]))
winner = boards["halving"][0]["number"]
rank = [tr["number"] for tr in boards["plain"]].index(winner) + 1
print("halving's winner (trial %d) ranks %d of %d on the plain search's leaderboard" % (winner, rank, len(boards["plain"])))
PY
