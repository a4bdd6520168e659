"""Speed of the optimizers' update: the readable rule of ``optim.py`` against its in-place fast path.

    python benchmarks/optimizers.py            # every optimizer, a tiny and a large parameter vector
    python benchmarks/optimizers.py --rounds 9

For each optimizer of ``lecture_nn.OPTIMIZERS`` and two sizes (the 2-16-16-1 net of the playground, 337
numbers; a 784-256-256-10 net, 269,322 numbers) it times one ``step()`` with the fast path
(``lecture_nn.fast_updates``, the default) and with ``Optimizer.fast = False`` (the readable rule, new
arrays each step), interleaved round by round, and prints medians and their ratio. Then one epoch of
``fit`` on the large net with each, where the step is one part of the work. Compare within one run.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

import lecture_nn as ln

SIZES = {"tiny 2-16-16-1": [2, 16, 16, 1], "large 784-256-256-10": [784, 256, 256, 10]}


def timed(fns: dict, rounds: int) -> dict:
    """Median seconds per call of each function, in alternating rounds of about 50 ms each."""
    counts = {}
    for name, fn in fns.items():
        fn()
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 0.05:
            fn()
            n += 1
        counts[name] = n
    times = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t = time.perf_counter()
            for _ in range(counts[name]):
                fn()
            times[name].append((time.perf_counter() - t) / counts[name])
    return {name: float(np.median(ts)) for name, ts in times.items()}


def with_path(fast: bool, fn):
    def call():
        previous, ln.Optimizer.fast = ln.Optimizer.fast, fast
        try:
            fn()
        finally:
            ln.Optimizer.fast = previous
    return call


def step_of(cls, sizes):
    model = ln.mlp(sizes, rng=0)
    opt = cls(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(0)
    for p in model.parameters():
        p.grad = rng.standard_normal(p.value.shape) * 1e-3
    opt.step()  # the gradients are now views into the flat vector, as after a backward
    return opt.step


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(f"numpy {np.__version__}, load average {os.getloadavg()[0]:.2f}, {args.rounds} rounds, medians\n")
    print(f"{'one step()':<34}{'fast path':>12}{'readable':>12}{'readable/fast':>15}")
    for label, sizes in SIZES.items():
        for name, cls in ln.OPTIMIZERS.items():
            step = step_of(cls, sizes)
            t = timed({"fast": with_path(True, step), "readable": with_path(False, step)}, args.rounds)
            print(f"{name + ', ' + label:<34}{t['fast'] * 1e6:>10.1f}us{t['readable'] * 1e6:>10.1f}us"
                  f"{t['readable'] / t['fast']:>14.2f}x")
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((2048, 784)), rng.integers(0, 10, 2048)
    print(f"\n{'fit, 1 epoch, N 2048, B 128':<34}{'fast path':>12}{'readable':>12}{'readable/fast':>15}")
    for name, cls in ln.OPTIMIZERS.items():
        model = ln.mlp(SIZES["large 784-256-256-10"], rng=0)
        opt = cls(model.parameters(), lr=1e-3)
        epoch = lambda model=model, opt=opt: ln.fit(model, ln.CrossEntropyLoss(), opt, X, y, epochs=1, batch_size=128,
                                                    rng=0)  # noqa: E731
        t = timed({"fast": with_path(True, epoch), "readable": with_path(False, epoch)}, max(3, args.rounds // 2))
        print(f"{name:<34}{t['fast'] * 1e3:>10.1f}ms{t['readable'] * 1e3:>10.1f}ms{t['readable'] / t['fast']:>14.2f}x")


if __name__ == "__main__":
    main()
