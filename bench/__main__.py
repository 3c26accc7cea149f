"""`python -m bench [name ...]`: run the named benchmarks (all when none is named)."""

import argparse
import sys

from bench import decide, portal_load, report, seed, simulate

BENCHMARKS = {
    "seed": seed.main,
    # right after the seed: `decide` adds (and removes) AVV cases of its own
    "report": lambda: report.main([]),
    "simulate": lambda: simulate.main([]),
    "decide": lambda: decide.main([]),
    "portal": lambda: portal_load.main([]),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Schadeloket-benchmarks")
    parser.add_argument("names", nargs="*", help=f"welke benchmarks: {', '.join(BENCHMARKS)} (standaard: alle)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"onbekende benchmark: {', '.join(unknown)}. Kies uit: {', '.join(BENCHMARKS)}.")
    status = 0
    for name in args.names or list(BENCHMARKS):
        status = BENCHMARKS[name]() or status
    return status


if __name__ == "__main__":
    sys.exit(main())
