#!/usr/bin/python3
"""Runs the seed articles' numpy networks and prints their published numbers plus the
initial weights each run starts from, as JSON, so the engine can be held to the same math.

The tests read its output, seeds_reference.json beside this file. To make it again, with Debian's
numpy and scikit-learn (apt-get install python3-numpy python3-sklearn):

    /usr/bin/python3 src/test/resources/reference/seeds_reference.py > src/test/resources/reference/seeds_reference.json

The "generator" entry records the numpy, scikit-learn and CPU that made the numbers: Britz's loss
trace from pass 1000 to 4000 is chaotic, so its last digits there depend on the BLAS's rounding."""
import json, sys
import numpy as np

def sig(x): return 1 / (1 + np.exp(-x))

out = {}
# Trask 2-layer (seed 000, part 1): 3->1 sigmoid, no bias, full batch, lr 1, 10000 iterations
X = np.array([[0,0,1],[0,1,1],[1,0,1],[1,1,1]], dtype=float)
y = np.array([[0,0,1,1]]).T.astype(float)
np.random.seed(1)
syn0 = 2*np.random.random((3,1)) - 1
w0 = syn0.copy()
for it in range(10000):
    l1 = sig(X.dot(syn0)); d = (y - l1) * l1 * (1 - l1); syn0 += X.T.dot(d)
out["trask2"] = {"X": X.tolist(), "y": y.tolist(), "w0": w0.tolist(), "output": l1.tolist(), "w_final": syn0.tolist()}

# Trask 3-layer (seed 000, part 2): 3-4-1 sigmoid, no bias, full batch, lr 1, 60000 iterations, XOR
y = np.array([[0],[1],[1],[0]], dtype=float)
np.random.seed(1)
s0 = 2*np.random.random((3,4)) - 1; s1 = 2*np.random.random((4,1)) - 1
a0, a1 = s0.copy(), s1.copy(); errs = []
for j in range(60000):
    l1 = sig(X.dot(s0)); l2 = sig(l1.dot(s1)); e = y - l2
    if j % 10000 == 0: errs.append(float(np.mean(np.abs(e))))
    d2 = e * l2 * (1 - l2); d1 = d2.dot(s1.T) * l1 * (1 - l1)
    s1 += l1.T.dot(d2); s0 += X.T.dot(d1)
out["trask3"] = {"X": X.tolist(), "y": y.tolist(), "w0": [a0.tolist(), a1.tolist()], "mean_abs_error_every_10000": errs, "output": l2.tolist()}

# Harper single neuron (seed 001): 3->1 sigmoid, 10000 iterations, seed 1, predict [1,0,0]
Xh = np.array([[0,0,1],[1,1,1],[1,0,1],[0,1,1]], dtype=float); yh = np.array([[0,1,1,0]]).T.astype(float)
np.random.seed(1); w = 2*np.random.random((3,1)) - 1; wh0 = w.copy()
for it in range(10000):
    o = sig(Xh.dot(w)); w += Xh.T.dot((yh - o) * o * (1 - o))
out["harper"] = {"X": Xh.tolist(), "y": yh.tolist(), "w0": wh0.tolist(), "predict_1_0_0": float(sig(np.array([1,0,0]).dot(w))[0])}

# Britz moons (seed 003): 2-3-2 tanh/softmax, cross-entropy, L2 0.01, lr 0.01, 20000 full-batch passes
import sklearn.datasets
np.random.seed(0)
Xm, ym = sklearn.datasets.make_moons(200, noise=0.20)
def britz(h, passes=20000, eps=0.01, reg=0.01):
    n = len(Xm)
    np.random.seed(0)
    W1 = np.random.randn(2, h) / np.sqrt(2); b1 = np.zeros((1, h))
    W2 = np.random.randn(h, 2) / np.sqrt(h); b2 = np.zeros((1, 2))
    init = [W1.copy().tolist(), b1.copy().tolist(), W2.copy().tolist(), b2.copy().tolist()]
    losses = []
    def loss():
        a1 = np.tanh(Xm.dot(W1) + b1); z = a1.dot(W2) + b2; p = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
        return float((np.sum(-np.log(p[range(n), ym])) + reg/2 * (np.sum(W1**2) + np.sum(W2**2))) / n)
    for i in range(passes):
        a1 = np.tanh(Xm.dot(W1) + b1); z = a1.dot(W2) + b2; p = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
        d3 = p; d3[range(n), ym] -= 1
        dW2 = a1.T.dot(d3); db2 = np.sum(d3, axis=0, keepdims=True)
        d2 = d3.dot(W2.T) * (1 - a1**2); dW1 = Xm.T.dot(d2); db1 = np.sum(d2, axis=0)
        dW2 += reg * W2; dW1 += reg * W1
        W1 -= eps * dW1; b1 -= eps * db1; W2 -= eps * dW2; b2 -= eps * db2
        if i % 1000 == 0: losses.append(loss())
    a1 = np.tanh(Xm.dot(W1) + b1); pred = np.argmax(a1.dot(W2) + b2, axis=1)
    return {"init": init, "loss_every_1000": losses, "final_loss": loss(), "train_accuracy": float(np.mean(pred == ym))}
out["britz"] = {"X": Xm.tolist(), "y": ym.tolist(), "hidden3": britz(3)}
import platform, sklearn
flags = ""
try:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                flags = " ".join(sorted(x for x in line.split(":")[1].split() if x.startswith(("avx", "fma"))))
                break
except OSError:
    pass
out["generator"] = {"numpy": np.__version__, "sklearn": sklearn.__version__, "python": platform.python_version(),
                    "machine": platform.machine(), "cpu_vector_flags": flags}
json.dump(out, sys.stdout)
