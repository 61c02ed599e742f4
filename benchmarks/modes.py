"""ABI mode against API mode: issue 14's "every workload in ABI mode within
1.2x of API mode's cost", from two runs' --json files of one interpreter:

    python -m benchmarks --clock cpu --json api.json
    python -m benchmarks --clock cpu --mode abi --json abi.json
    python -m benchmarks.modes api.json abi.json

Each run measured the stdlib beside sockffi, so the two ratios share a
yardstick: ABI's cost over API's is the ratio of the ratios (inverted for
rates), and load that hit both runs alike cancels out.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Dict, List, Optional, Tuple

from .harness import Result

BOUND = 1.2  # ABI mode's cost at most this many times API mode's


def load(path: str) -> Tuple[str, Dict[str, Result]]:
    with open(path) as f:
        data = json.load(f)
    return data["label"], {r["name"]: Result.from_json(r) for r in data["results"]}


def abi_over_api(api: Result, abi: Result) -> Optional[float]:
    """ABI mode's cost per unit of work over API mode's, or None."""
    a, b = api.ratio(), abi.ratio()
    if api.error or abi.error or not a or not b:
        return None
    return a / b if api.higher_is_better else b / a


def compare(api: Dict[str, Result], abi: Dict[str, Result]) -> List[Tuple[str, float, float, float]]:
    """(workload, API ratio, ABI ratio, ABI cost / API cost) for the
    workloads both runs measured."""
    rows = []
    for name, r_api in api.items():
        r_abi = abi.get(name)
        cost = abi_over_api(r_api, r_abi) if r_abi is not None else None
        if cost is not None:
            rows.append((name, r_api.ratio(), r_abi.ratio(), cost))
    return rows


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.modes",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("api", help="--json file of an API-mode run")
    p.add_argument("abi", help="--json file of an ABI-mode run, same interpreter")
    args = p.parse_args(argv)
    (api_label, api), (abi_label, abi) = load(args.api), load(args.abi)
    if not (api_label.endswith(" api") and abi_label.endswith(" abi")
            and api_label[:-4] == abi_label[:-4]):
        p.error(f"need an API and an ABI run of one interpreter, not "
                f"{api_label!r} and {abi_label!r}")
    print(f"{api_label[:-4]}: ABI mode's cost over API mode's (ratio of the "
          f"sockffi/stdlib ratios; bound {BOUND:g}x)")
    print(f"{'workload':<24} {'API ratio':>9} {'ABI ratio':>9} {'ABI/API':>8}  within")
    rows = compare(api, abi)
    for name, a, b, cost in rows:
        print(f"{name:<24} {a:9.2f} {b:9.2f} {cost:7.2f}x  "
              f"{'yes' if cost <= BOUND else 'NO'}")
    print(f"within {BOUND:g}x: {sum(c <= BOUND for *_, c in rows)} of {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
