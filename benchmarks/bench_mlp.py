"""Speed of lecture_nn's MLP: one forward + backward pass, and training with Adam against others.

    python benchmarks/bench_mlp.py            # everything, float64 and float32
    python benchmarks/bench_mlp.py --quick    # fewer rounds
    python benchmarks/bench_mlp.py --case tiny --case large --dtype float32

Part 1 times ``model.forward(X); model.backward(dY)`` against only the matrix products such
a pass needs (per Dense layer: X @ W.T forward, dZ.T @ X and dZ @ W backward); the ratio is
the price of everything else (bias, activation, checks, Python calls).

Part 2 times ``fit`` for one epoch with Adam against a bare numpy loop doing the same
arithmetic with no checks and no classes (what the library's structure costs), against
scikit-learn's MLPRegressor / MLPClassifier (solver adam, one ``partial_fit`` = one epoch) and
PyTorch CPU (``torch.optim.Adam`` with its defaults) when they are installed (they are not
dependencies: ``pip install -r benchmarks/requirements.txt`` in an environment of its own), on
the same architecture, data, batch size, learning rate and dtype. The large case also times the
matrix products one training step needs, alone, and reports both as GFLOP/s.

Part 3 lists each target of the speed issue with the ratio measured in this run.

OpenBLAS's idle worker threads busy-wait for a while after each matrix product (2^28 cycles by
default), so on two cores the elementwise work that follows (activations, the optimizer's
update, also when split over threads) shares its core with a spinning thread. Started with
``OPENBLAS_THREAD_TIMEOUT=4`` in the environment, the workers sleep at once; the script prints
which setting it ran with.

This machine's speed drifts by up to 2x within minutes, so every table interleaves its
contenders round by round and reports medians; compare numbers within one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from lecture_nn import Adam, CrossEntropyLoss, MSELoss, fit, mlp

PASS_CASES = [  # (sizes, batch size N, target)
    ([784, 256, 256, 10], 128, "ratio <= 1.4"),
    ([2, 16, 16, 1], 32, "pass < 45 us"),
]


def interleaved(fns: dict, rounds: int, per_round=None, settle=0.0) -> dict:
    """Median seconds per call of each function, timed in alternating rounds.

    ``per_round``: calls per round (default: about 50 ms worth, measured once). ``settle``:
    seconds of sleep before each contender's turn, so the worker threads the previous one
    left spinning (OpenBLAS, torch's OpenMP pool) are asleep and do not slow the next one.
    """
    numbers = {}
    for name, fn in fns.items():
        fn()  # warm up caches, BLAS threads, allocators
        if per_round is None:
            n, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < 0.05:
                fn()
                n += 1
            numbers[name] = n
        else:
            numbers[name] = per_round
    times = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            time.sleep(settle)
            t = time.perf_counter()
            for _ in range(numbers[name]):
                fn()
            times[name].append((time.perf_counter() - t) / numbers[name])
    return {name: float(np.median(ts)) for name, ts in times.items()}


# --- part 1: one forward + backward pass ------------------------------------------------------

def pass_case(sizes, N, dtype, rounds):
    rng = np.random.default_rng(0)
    model = mlp(sizes, "relu", rng=rng, dtype=dtype)
    X = rng.standard_normal((N, sizes[0])).astype(dtype)
    dY = rng.standard_normal((N, sizes[-1])).astype(dtype)
    Ws = [rng.standard_normal((o, i)).astype(dtype) for i, o in zip(sizes, sizes[1:])]
    As = [rng.standard_normal((N, i)).astype(dtype) for i in sizes[:-1]]
    dZs = [rng.standard_normal((N, o)).astype(dtype) for o in sizes[1:]]

    def full_pass():
        model.forward(X)
        model.backward(dY)

    def products():
        for A, W in zip(As, Ws):
            A @ W.T
        for A, W, dZ in zip(As, Ws, dZs):
            dZ.T @ A
            dZ @ W

    return interleaved({"pass": full_pass, "matmuls": products}, rounds)


# --- part 2: training epochs --------------------------------------------------------------------

def make_data(sizes, n, dtype, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, sizes[0])).astype(dtype)
    if sizes[-1] == 1:
        y = np.sin(X.sum(axis=1, keepdims=True)).astype(dtype)
    else:
        y = rng.integers(0, sizes[-1], n)
    return X, y


def ours(sizes, X, y, batch_size, dtype):
    model = mlp(sizes, "relu", rng=0, dtype=dtype)
    loss_fn = MSELoss() if sizes[-1] == 1 else CrossEntropyLoss()
    opt = Adam(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(0)
    return lambda: fit(model, loss_fn, opt, X, y, epochs=1, batch_size=batch_size, rng=rng)


def bare_numpy(sizes, X, y, batch_size, dtype):
    """The same epoch written as one function: no classes, no checks, preallocated nothing."""
    rng = np.random.default_rng(0)
    Ws = [(rng.standard_normal((o, i)) * np.sqrt(2 / i)).astype(dtype) for i, o in zip(sizes, sizes[1:])]
    bs = [np.zeros(o, dtype) for o in sizes[1:]]
    params = Ws + bs
    ms = [np.zeros_like(p) for p in params]
    ss = [np.zeros_like(p) for p in params]
    state = {"t": 0}
    classify = sizes[-1] > 1

    def epoch():
        order = rng.permutation(len(X))
        Xs, ys = X[order], y[order]
        for i in range(0, len(X), batch_size):
            A, yb = Xs[i:i + batch_size], ys[i:i + batch_size]
            acts, zs = [A], []
            for k, (W, b) in enumerate(zip(Ws, bs)):
                Z = A @ W.T + b
                zs.append(Z)
                A = np.maximum(Z, 0) if k < len(Ws) - 1 else Z
                acts.append(A)
            n = len(A)
            if classify:
                P = np.exp(A - A.max(axis=1, keepdims=True))
                P /= P.sum(axis=1, keepdims=True)
                P[np.arange(n), yb] -= 1
                dZ = P / n
            else:
                dZ = 2 * (A - yb) / A.size
            grads_W, grads_b = [None] * len(Ws), [None] * len(Ws)
            for k in reversed(range(len(Ws))):
                grads_W[k] = dZ.T @ acts[k]
                grads_b[k] = dZ.sum(axis=0)
                if k:
                    dZ = (dZ @ Ws[k]) * (zs[k - 1] > 0)
            state["t"] += 1
            t = state["t"]
            for p, g, m, s in zip(params, grads_W + grads_b, ms, ss):
                m *= 0.9
                m += 0.1 * g
                s *= 0.999
                s += 0.001 * g * g
                p -= 1e-3 * (m / (1 - 0.9 ** t)) / (np.sqrt(s / (1 - 0.999 ** t)) + 1e-8)

    return epoch


def torch_epoch(sizes, X, y, batch_size, dtype):
    import torch

    torch.manual_seed(0)
    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    layers = []
    for k, (i, o) in enumerate(zip(sizes, sizes[1:])):
        layers.append(torch.nn.Linear(i, o, dtype=tdtype))
        if k < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    loss_fn = torch.nn.MSELoss() if sizes[-1] == 1 else torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    g = torch.Generator().manual_seed(0)

    def epoch():
        order = torch.randperm(len(Xt), generator=g)
        Xs, ys = Xt[order], yt[order]
        for i in range(0, len(Xt), batch_size):
            opt.zero_grad()
            loss = loss_fn(model(Xs[i:i + batch_size]), ys[i:i + batch_size])
            loss.backward()
            opt.step()

    return epoch


def sklearn_epoch(sizes, X, y, batch_size, dtype):
    """One ``partial_fit`` call = one shuffled epoch of mini-batch Adam (no L2 term: alpha = 0)."""
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    classify = sizes[-1] > 1
    cls = MLPClassifier if classify else MLPRegressor
    est = cls(hidden_layer_sizes=tuple(sizes[1:-1]), solver="adam", batch_size=batch_size, alpha=0.0,
              learning_rate_init=1e-3, random_state=0, shuffle=True)
    target = y.ravel()
    extra = {"classes": np.arange(sizes[-1])} if classify else {}

    def epoch():
        est.partial_fit(X, target, **extra)
        extra.clear()  # classes only on the first call

    epoch.dtype = lambda: est.coefs_[0].dtype if hasattr(est, "coefs_") else None
    return epoch


def step_matmuls(sizes, B, dtype):
    """The matrix products of one training step, alone: forward X @ W.T per layer, backward
    dZ.T @ A per layer and dZ @ W for every layer but the first (fit skips dL/dX)."""
    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((o, i)).astype(dtype) for i, o in zip(sizes, sizes[1:])]
    As = [rng.standard_normal((B, i)).astype(dtype) for i in sizes[:-1]]
    dZs = [rng.standard_normal((B, o)).astype(dtype) for o in sizes[1:]]
    outs_f = [np.empty((B, o), dtype) for o in sizes[1:]]
    outs_w = [np.empty_like(W) for W in Ws]
    outs_x = [np.empty((B, i), dtype) for i in sizes[:-1]]

    def products():
        for k, (A, W) in enumerate(zip(As, Ws)):
            np.matmul(A, W.T, out=outs_f[k])
        for k, (A, W, dZ) in enumerate(zip(As, Ws, dZs)):
            np.matmul(dZ.T, A, out=outs_w[k])
            if k:
                np.matmul(dZ, W, out=outs_x[k])

    return products


def step_flops(sizes, B):
    """Floating point operations of those products (2 per multiply-add)."""
    pairs = list(zip(sizes, sizes[1:]))
    return 2 * B * (2 * sum(i * o for i, o in pairs) + sum(i * o for i, o in pairs[1:]))


TRAIN_CASES = {  # name: (sizes, N, batch size, unit)
    "tiny": ([2, 16, 16, 1], 1000, 32, "step"),
    "medium": ([784, 256, 256, 10], 10_000, 128, "epoch"),
    "large": ([1024, 1024, 1024, 10], 8192, 1024, "step"),
}


def available(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def verdict(ok):
    return "met" if ok else "MISSED"


def main():
    parser = argparse.ArgumentParser(description="lecture_nn speed: forward/backward passes and training")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--dtype", choices=["float64", "float32", "both"], default="both")
    parser.add_argument("--case", action="append", choices=list(TRAIN_CASES),
                        help="training workloads to run (default: all); repeat for several")
    args = parser.parse_args()
    dtypes = ["float64", "float32"] if args.dtype == "both" else [args.dtype]
    cases = args.case or list(TRAIN_CASES)
    rounds = 5 if args.quick else 15
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"numpy {np.__version__}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {load:.2f}")
    versions = {m: __import__(m).__version__ for m in ("torch", "sklearn") if available(m)}
    print("contenders installed:", ", ".join(f"{m} {v}" for m, v in versions.items()) or "none")
    timeout = os.environ.get("OPENBLAS_THREAD_TIMEOUT")
    print(f"OPENBLAS_THREAD_TIMEOUT={timeout}" if timeout else
          "OpenBLAS default thread timeout (its idle worker spins ~0.1 s after each product, see the README)")

    print("\n1. one forward + backward pass, median of interleaved rounds")
    print(f"{'network':<17} {'N':>4} {'dtype':<8} {'pass':>10} {'matmuls':>10} {'ratio':>6}  target")
    for sizes, N, target in PASS_CASES:
        for dt in dtypes:
            t = pass_case(sizes, N, np.dtype(dt), rounds)
            name = "-".join(map(str, sizes))
            print(f"{name:<17} {N:>4} {dt:<8} {t['pass'] * 1e6:>8.1f}us {t['matmuls'] * 1e6:>8.1f}us "
                  f"{t['pass'] / t['matmuls']:>6.2f}  {target}")

    contenders = {"lecture_nn": ours, "bare numpy": bare_numpy}
    if available("torch"):
        contenders["torch"] = torch_epoch
    if available("sklearn"):
        contenders["scikit-learn"] = sklearn_epoch
    print(f"\n2. training with Adam (lr 1e-3), one epoch per call, median of interleaved rounds; "
          f"contenders: {', '.join(contenders)}")
    results = {}
    for case in cases:
        sizes, n, B, unit = TRAIN_CASES[case]
        steps = -(-n // B)
        for dt in dtypes:
            X, y = make_data(sizes, n, np.dtype(dt))
            fns = {name: make(sizes, X, y, B, np.dtype(dt)) for name, make in contenders.items()}
            if case == "large":  # its matrix products alone, one step's worth per call
                products = step_matmuls(sizes, B, np.dtype(dt))
                fns["matmuls only"] = lambda products=products, steps=steps: [products() for _ in range(steps)]
            t = interleaved(fns, rounds=max(3, rounds // 3), per_round=1, settle=0.3)
            results[case, dt] = t
            name = "-".join(map(str, sizes))
            print(f"{case}: {name}, N = {n}, batch {B}, {dt}")
            for who, seconds in t.items():
                per = f"{seconds / steps * 1e3:9.3f} ms/step" if unit == "step" else f"{seconds:9.3f} s/epoch"
                line = f"    {who:<13} {per}   {seconds / t['lecture_nn']:5.2f}x lecture_nn's time"
                if case == "large" and who in ("lecture_nn", "matmuls only", "torch", "bare numpy"):
                    line += f"   {step_flops(sizes, B) * steps / seconds / 1e9:6.1f} GFLOP/s"
                if who == "scikit-learn" and getattr(fns[who], "dtype", None):
                    line += f"   (it computed in {fns[who].dtype()})"
                print(line)

    print("\n3. the targets, each a ratio measured in this run")
    for (case, dt), t in results.items():
        ours_t = t["lecture_nn"]
        if "scikit-learn" in t:
            r = t["scikit-learn"] / ours_t
            print(f"    {case:<6} {dt:<8} faster than scikit-learn: {r:5.2f}x  {verdict(r > 1)}")
        if "torch" in t and case == "tiny":
            r = t["torch"] / ours_t
            print(f"    {case:<6} {dt:<8} >= 5x faster than PyTorch: {r:5.2f}x  {verdict(r >= 5)}")
        if "torch" in t and case == "medium":
            r = t["torch"] / ours_t
            print(f"    {case:<6} {dt:<8} faster than PyTorch: {r:5.2f}x  {verdict(r > 1)}")
        if case == "large":
            share = t["matmuls only"] / ours_t
            need = 0.80 if dt == "float64" else 0.88
            print(f"    {case:<6} {dt:<8} step at >= {need:.0%} of its matmuls' speed: {share:5.1%}  "
                  f"{verdict(share >= need)}")


if __name__ == "__main__":
    main()
