#!/usr/bin/python3
"""scikit-learn baseline for the public tables beside this file (PublicTablesTests holds the service to it).
Run with Debian's interpreter:  /usr/bin/python3 baseline.py
(Debian bookworm: pandas 1.5.3, scikit-learn 1.2.1, numpy 1.24.2)
"""
import os
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(v, "1")          # keep CPU use modest
import math, sys, warnings
import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)
HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = [("penguins", "species"), ("titanic", "survived"), ("survey", "Sex"), ("iris", "Species")]
SEEDS = range(10)

# Caution: pandas >= 2.0 adds "None" to the default NA strings; survey.csv's Exer column has a
# real level "None" (24 rows). With pandas 1.5.3 (Debian bookworm) it is read as text, as intended.
if int(pd.__version__.split(".")[0]) >= 2:
    print("WARNING: pandas >= 2 reads the string 'None' as NA (affects survey.Exer)", file=sys.stderr)


def load(name, target):
    tr = pd.read_csv(os.path.join(HERE, f"{name}-train.csv"))
    te = pd.read_csv(os.path.join(HERE, f"{name}-test.csv"))
    dropped = (int(tr[target].isna().sum()), int(te[target].isna().sum()))
    tr = tr[tr[target].notna()].reset_index(drop=True)
    te = te[te[target].notna()].reset_index(drop=True)
    return tr, te, dropped


def run(name, target, early_stopping):
    tr, te, dropped = load(name, target)
    full = pd.concat([tr, te], ignore_index=True)
    feats = [c for c in tr.columns if c != target]
    # identifier = every value distinct (in train, and across train+test)
    ids = [c for c in feats if tr[c].nunique(dropna=False) == len(tr) and full[c].nunique(dropna=False) == len(full)]
    feats = [c for c in feats if c not in ids]
    num = [c for c in feats if is_numeric_dtype(tr[c])]
    cat = [c for c in feats if c not in num]
    pre = ColumnTransformer([
        ("num", Pipeline([("imp", SimpleImputer(strategy="mean")), ("sc", StandardScaler())]), num),
        ("cat", Pipeline([("imp", SimpleImputer(strategy="constant", fill_value="__missing__")),
                          ("oh", OneHotEncoder(handle_unknown="ignore"))]), cat),
    ])
    accs = []
    for s in SEEDS:
        pipe = Pipeline([("pre", pre), ("mlp", MLPClassifier(
            hidden_layer_sizes=(32,), solver="adam", learning_rate_init=0.001, max_iter=200,
            early_stopping=early_stopping, validation_fraction=0.2, random_state=s))])
        pipe.fit(tr[feats], tr[target])
        accs.append(float((pipe.predict(te[feats]) == te[target]).mean()))
    accs = np.array(accs)
    p, n = accs.mean(), len(te)
    se = math.sqrt(p * (1 - p) / n)
    maj = te[target].value_counts(normalize=True).max()
    return dict(name=name, target=target, n_train=len(tr), n_test=n, mean=p, min=accs.min(), max=accs.max(),
                se=se, majority=maj, num=num, cat=cat, ids=ids, dropped=dropped, accs=accs,
                na_cols=[c for c in full.columns if full[c].isna().any()])


def main():
    for early in (True, False):
        print(f"== MLPClassifier early_stopping={early}")
        report([run(n, t, early) for n, t in TABLES])


def report(res):
    for r in res:
        print(f"[{r['name']}] target={r['target']}  numeric={r['num']}  categorical={r['cat']}")
        print(f"    identifier columns excluded: {r['ids'] or 'none'}; rows dropped for NA target (train,test): {r['dropped']}")
        print(f"    columns with NA (after dropping NA-target rows): {r['na_cols'] or 'none'}")
        print(f"    per-seed acc: {' '.join(f'{a:.4f}' for a in r['accs'])}")
    print()
    print(f"{'table':10s} {'target':9s} {'n_train':>7s} {'n_test':>6s} {'mean':>7s} {'min':>7s} {'max':>7s} {'SE':>7s} {'majority':>8s}")
    for r in res:
        print(f"{r['name']:10s} {r['target']:9s} {r['n_train']:7d} {r['n_test']:6d} {r['mean']:7.4f} "
              f"{r['min']:7.4f} {r['max']:7.4f} {r['se']:7.4f} {r['majority']:8.4f}")


if __name__ == "__main__":
    main()
