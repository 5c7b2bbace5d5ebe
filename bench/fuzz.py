"""Fuzz the link decoder and the page's query-parameter entry.

Run: .venv/bin/python -m bench.fuzz [--count 100000] [--seed 1]

Two entry points, two contracts:

* ``assessment.link.decode(model, text)`` returns a :class:`DecodedLink` or raises
  :class:`LinkError` (the typed error). Any other exception is a crash.
* ``ui.routes.route(model, params)`` (what the page runs on ``st.query_params``) never raises.

Inputs, in equal shares: random bytes (decoded to text several ways), mutated valid links,
random parameter dictionaries (codec, ``step``, ``view`` and compare-link keys), 100 kB
strings, and names drawn from every Unicode general category (with a correct checksum, so
they reach the name checks instead of stopping at the check code). Valid links must also
round-trip: ``decode(encode(data)).data == data``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import Any

from assessment.loader import load_model
from tests.support.fuzz import Fuzzer, Report


def inputs_summary(report: Report) -> dict[str, Any]:
    return {
        "inputs": report.inputs,
        "decode calls": report.decode_calls,
        "route calls": report.route_calls,
        "decoded": report.decoded_ok,
        "typed LinkError": report.typed_errors,
        "round-trips checked": report.roundtrips,
        "crashes": report.crashes,
        "unicode categories": len(report.categories),
        "seconds": round(report.seconds, 1),
    }


def run(count: int, seed: int = 1, log: Callable[[str], None] = print) -> Report:
    model = load_model()
    report = Fuzzer(model, seed).run(count)
    log(f"fuzz: {inputs_summary(report)}")
    for example in report.examples:
        log("  crash: " + example)
    return report


def main(argv: Iterator[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(list(argv) if argv is not None else None)
    report = run(args.count, args.seed)
    sys.exit(1 if report.crashes else 0)


if __name__ == "__main__":
    main()
