"""Counts of the fuzzer's calls per area: correct result / our clear error / anything else.

    python tools/fuzz_report.py            # every case, with the bad calls listed
    python tools/fuzz_report.py --legacy   # for a lecture_nn without its own error class: counts a
                                           # ValueError/TypeError raised by lecture_nn's code as ours
"""

import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))

from fuzz import all_cases, run_case, summary  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--legacy", action="store_true")
    parser.add_argument("--quiet", action="store_true", help="counts only")
    parser.add_argument("areas", nargs="*", help="only these areas (default: all)")
    args = parser.parse_args()
    total = {"ok": 0, "clear": 0, "bad": 0}
    start = time.perf_counter()
    for area, cases in all_cases(skip_broken=args.legacy).items():
        if args.areas and area not in args.areas:
            continue
        counts = {"ok": 0, "clear": 0, "bad": 0}
        for case in cases:
            outcomes = run_case(case, legacy=args.legacy)
            for kind, n in summary(outcomes).items():
                counts[kind] += n
            if not args.quiet:
                for o in outcomes:
                    if o.kind == "bad":
                        print(f"  bad  {o.case} {o.changed}: {o.detail}")
        print(f"{area:24s} calls {sum(counts.values()):5d}   ok {counts['ok']:5d}   "
              f"our clear error {counts['clear']:5d}   anything else {counts['bad']:5d}")
        for kind in total:
            total[kind] += counts[kind]
    print(f"{'all':24s} calls {sum(total.values()):5d}   ok {total['ok']:5d}   "
          f"our clear error {total['clear']:5d}   anything else {total['bad']:5d}"
          f"   ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
