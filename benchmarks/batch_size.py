"""Seconds per epoch of mini-batch SGD for several batch sizes B: why practice uses mini-batches.

    python benchmarks/batch_size.py

Notebook 06's network (mlp([2, 32, 32, 1]), ReLU) on its 300 spiral points. Every batch size does
the same multiply-adds per epoch (each sample once forward, once backward); what differs is the
number of steps, ceil(N / B), each of which pays the fixed cost of its Python and numpy calls.
Each B is timed over interleaved rounds (the fastest epoch of each), so the ratios to B = 1 hold
even while the machine's speed drifts.
"""

from __future__ import annotations

import math
import time

import lecture_nn as ln
from lecture_nn.demos import optimizers as demo

BATCH_SIZES = (1, 4, 16, 32, 128, 300)
ROUNDS = 5


def epoch_seconds(X, y, batch_size: int) -> float:
    model = ln.mlp([2, 32, 32, 1], activation="relu", rng=0)
    start = time.perf_counter()
    ln.fit(model, ln.BCEWithLogitsLoss(), ln.SGD(model.parameters(), lr=0.1), X, y, epochs=1,
           batch_size=batch_size, rng=0)
    return time.perf_counter() - start


def main():
    X, y = demo.spiral_data()
    best = {B: math.inf for B in BATCH_SIZES}
    for _ in range(ROUNDS):
        for B in BATCH_SIZES:
            best[B] = min(best[B], epoch_seconds(X, y, B))
    print(f"N = {len(X)}, mlp([2, 32, 32, 1]), fastest of {ROUNDS} epochs each")
    print("    B  steps  ms/epoch  ms/step  epoch time / B = 1's")
    for B in BATCH_SIZES:
        steps = math.ceil(len(X) / B)
        print(f"{B:5d} {steps:6d} {1e3 * best[B]:9.2f} {1e3 * best[B] / steps:8.3f} {best[B] / best[1]:10.3f}")


if __name__ == "__main__":
    main()
