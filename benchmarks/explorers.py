"""Latency of every slider explorer: median and worst time from a control change to a new picture.

    python benchmarks/explorers.py                # all topics
    python benchmarks/explorers.py linear_collapse

Each topic module in ``lecture_nn/demos`` lists its explorers in ``EXPLORERS`` (functions that
build one). The script builds each, then moves every control through its extreme values and
back (``Explorer.sweep``), timing each update: compute + redraw + PNG, what a student waits
for after letting go of a slider. Target: median under 0.1 s on this machine.

Wall time is what a student feels; CPU time (all threads of this process) is printed beside it
because it hardly moves when other programs load the machine. The 1-minute load average is
printed first: above ~1.2 on this 2-core machine, trust the CPU columns.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import time

import matplotlib
import numpy as np

matplotlib.use("Agg")

import lecture_nn.demos  # noqa: E402


def topics():
    return [m.name for m in pkgutil.iter_modules(lecture_nn.demos.__path__) if m.name != "base"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", help="demo modules to measure (default: all)")
    args = parser.parse_args()
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    print(f"{'explorer':<40} {'build':>7} {'updates':>7} {'median':>8} {'worst':>8} {'cpu med':>8} {'cpu max':>8}")
    for topic in args.topics or topics():
        module = importlib.import_module(f"lecture_nn.demos.{topic}")
        for make in getattr(module, "EXPLORERS", []):
            start = time.perf_counter()
            explorer = make()
            build = time.perf_counter() - start
            latencies, cpu = [], []
            for _ in explorer.sweep():
                latencies.append(explorer.last_update_seconds)
                cpu.append(explorer.last_update_cpu_seconds)
            name = f"{topic}.{type(explorer).__name__}"
            print(f"{name:<40} {build:6.2f}s {len(latencies):>7} {np.median(latencies):7.3f}s {max(latencies):7.3f}s "
                  f"{np.median(cpu):7.3f}s {max(cpu):7.3f}s")
            if hasattr(explorer, "play"):
                play_frames(topic, make)


#: TensorFlow Playground's circle with a 2-8-8-1 net, the playground the browser test plays
TFP_LINK = ("#activation=tanh&batchSize=10&dataset=circle&learningRate=0.03&networkShape=8,8&seed=0"
            "&percTrainData=50&x=true&y=true&problem=classification")


def play_frames(topic, make, frames=60):
    """Frames of play as the kernel plays them (an event loop runs them, as in a kernel): their
    time, and what each sends to the page (beside the PNG of a paused or stored picture)."""
    import asyncio

    explorer = make.from_url(TFP_LINK) if hasattr(make, "from_url") else make(n=500, layers=2, width1=8,
                                                                                width2=8, steps=10)
    explorer.widget  # noqa: B018 - the widget is built: the frames update what the page shows
    latencies, cpu, sent = [], [], []

    async def play():
        explorer.play.playing = True  # ▶: the kernel plays by itself
        while len(latencies) < frames:
            await asyncio.sleep(0)
            if explorer.kernel_playing and explorer.last_update_seconds not in latencies[-1:]:
                latencies.append(explorer.last_update_seconds)
                cpu.append(explorer.last_update_cpu_seconds)
                sent.append(len(explorer.frame_widget.value))
        explorer.play.playing = False
        await asyncio.sleep(0.2)

    asyncio.run(play())
    assert explorer.last_error is None, explorer.last_error
    name = f"{topic}.{type(explorer).__name__} playing"
    print(f"{name:<40} {'':>7} {len(latencies):>7} {np.median(latencies):7.3f}s {max(latencies):7.3f}s "
          f"{np.median(cpu):7.3f}s {max(cpu):7.3f}s")
    print(f"    a frame sends one JPEG of {np.median(sent) / 1000:.0f} kB (the PNG of the same picture: "
          f"{len(explorer.png()) / 1000:.0f} kB); at most {min(20, 1 / np.median(latencies)):.0f} frames a "
          "second from the kernel alone (20: its cap)")


if __name__ == "__main__":
    main()
