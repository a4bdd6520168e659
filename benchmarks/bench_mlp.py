"""Speed of one forward + backward pass of lecture_nn MLPs, against the bare matrix products.

    python benchmarks/bench_mlp.py

For each case it times ``model.forward(X); model.backward(dY)`` and, in the same run, only the
matrix products such a pass needs (per Dense layer: X @ W.T forward, dZ.T @ X and dZ @ W
backward), and prints the time per pass and their ratio. Everything else in the pass
(bias, activation, masks, checks, Python calls) is the overhead the ratio shows.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from lecture_nn import mlp

CASES = [  # (sizes, batch size N, target)
    ([784, 256, 256, 10], 128, "ratio <= 1.4"),
    ([2, 16, 16, 1], 32, "pass < 45 us"),
]


def per_call(*fns, round_time=0.05, repeats=15):
    """Median seconds per call of each function, timed in alternating rounds.

    Alternating (a, b, a, b, ...) exposes both to the same machine load, so their ratio is
    steadier than two separate timings on a busy machine.
    """
    numbers = []
    for fn in fns:
        fn()  # warm up caches and BLAS threads
        number, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < round_time:
            fn()
            number += 1
        numbers.append(number)
    rounds = [[] for _ in fns]
    for _ in range(repeats):
        for fn, number, times in zip(fns, numbers, rounds):
            t = time.perf_counter()
            for _ in range(number):
                fn()
            times.append((time.perf_counter() - t) / number)
    return [(float(np.median(times)), float(np.min(times))) for times in rounds]


def bench_case(sizes, N, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    model = mlp(sizes, "relu", rng=rng, dtype=dtype)
    X = rng.standard_normal((N, sizes[0])).astype(dtype)
    dY = rng.standard_normal((N, sizes[-1])).astype(dtype)

    def full_pass():
        model.forward(X)
        model.backward(dY)

    # the bare products, on arrays of the same shapes
    Ws = [rng.standard_normal((o, i)).astype(dtype) for i, o in zip(sizes, sizes[1:])]
    As = [rng.standard_normal((N, i)).astype(dtype) for i in sizes[:-1]]
    dZs = [rng.standard_normal((N, o)).astype(dtype) for o in sizes[1:]]

    def products():
        for A, W in zip(As, Ws):
            A @ W.T
        for A, W, dZ in zip(As, Ws, dZs):
            dZ.T @ A
            dZ @ W

    t_pass, t_mm = per_call(full_pass, products)
    flops = sum(3 * 2 * N * i * o for i, o in zip(sizes, sizes[1:]))
    return t_pass, t_mm, flops


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dtype", choices=["float64", "float32", "both"], default="both")
    args = parser.parse_args()
    dtypes = ["float64", "float32"] if args.dtype == "both" else [args.dtype]
    print(f"numpy {np.__version__}, Python {platform.python_version()}, {platform.machine()}")
    print("times per forward+backward pass: median (best) of 15 rounds, pass and bare matmuls alternating")
    print(f"{'network':<17} {'N':>4} {'dtype':<8} {'pass [us]':>17} {'matmuls [us]':>17} {'ratio':>6} "
          f"{'GFLOP/s':>8}  target")
    for sizes, N, target in CASES:
        for dt in dtypes:
            (t_pass, best_pass), (t_mm, best_mm), flops = bench_case(sizes, N, np.dtype(dt))
            name = "-".join(map(str, sizes))
            print(f"{name:<17} {N:>4} {dt:<8} {t_pass * 1e6:>9.1f} ({best_pass * 1e6:>5.1f}) "
                  f"{t_mm * 1e6:>9.1f} ({best_mm * 1e6:>5.1f}) {t_pass / t_mm:>6.2f} "
                  f"{flops / t_pass / 1e9:>8.2f}  {target}")


if __name__ == "__main__":
    main()
