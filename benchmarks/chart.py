"""The ratios as a horizontal bar chart (PNG), one bar per run and workload.

Every bar reads "how many times better sockffi does than the stdlib":
sockffi/stdlib for rates, stdlib/sockffi for costs and memory.  The axis is
logarithmic around 1x; a black tick on a bar marks its target.

    python -m benchmarks.chart OUT.png RUN.json [RUN.json ...]
"""

from __future__ import annotations

import json
import math
import sys
from typing import List, Optional, Sequence, Tuple

from .harness import Result
from .png import Canvas
from .targets import entry_for

PALETTE = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
           (148, 103, 189), (140, 86, 75)]
SKIP = {"import_time"}  # an absolute target in ms: in the table, not here


def advantage(result: Result) -> Optional[float]:
    ratio = result.ratio()
    if result.error or not ratio:
        return None
    return ratio if result.higher_is_better else 1.0 / ratio


def target_advantage(name: str, label: str) -> Optional[float]:
    """The target as an advantage, for the interpreter named in label."""
    entry = entry_for(name)
    if entry is None or entry[0] == "max_value" or not label.endswith("api"):
        return None
    bound = entry[2] if label.startswith("PyPy") else entry[1]
    return bound if entry[0] == "min_ratio" else 1.0 / bound


def draw_chart(series: Sequence[Tuple[str, List[Result]]], path: str) -> None:
    names: List[str] = []
    for _, results in series:
        for r in results:
            if r.name not in names and r.name not in SKIP:
                names.append(r.name)
    values = {(label, r.name): advantage(r) for label, results in series for r in results}
    shown = [v for v in values.values() if v]
    lo = 2.0 ** math.floor(math.log2(min(shown + [0.5])))
    hi = 2.0 ** math.ceil(math.log2(max(shown + [2.0])))

    scale = 2
    bar_h, gap = 14, 12
    left = Canvas.text_width("x" * max(len(n) for n in names), scale) + 30
    plot_w = 640
    top = 70
    row_h = len(series) * (bar_h + 2) + gap
    legend_h = 30 * len(series) + 20
    width = left + plot_w + 120
    height = top + row_h * len(names) + 40 + legend_h
    c = Canvas(width, height)

    def x_of(v: float) -> int:
        return left + int((math.log2(v) - math.log2(lo)) / (math.log2(hi) - math.log2(lo)) * plot_w)

    c.text(20, 16, "sockffi vs stdlib socket: x times better (higher = sockffi ahead)", scale=scale)
    c.text(20, 40, "log scale; tick = target; rates sockffi/stdlib, costs stdlib/sockffi",
           (90, 90, 90), scale=1)
    bottom = top + row_h * len(names)
    # Grid lines at each power of two, labelled under the plot.
    k = lo
    while k <= hi * 1.0001:
        x = x_of(k)
        c.rect(x, top - 6, x + (2 if k == 1 else 1), bottom, (0, 0, 0) if k == 1 else (210, 210, 210))
        label = f"{k:g}x"
        c.text(x - Canvas.text_width(label, 1) // 2, bottom + 6, label, scale=1)
        k *= 2
    for i, name in enumerate(names):
        y = top + i * row_h
        c.text(10, y + (row_h - gap) // 2 - 7, name, scale=scale)
        for j, (label, _) in enumerate(series):
            v = values.get((label, name))
            by = y + j * (bar_h + 2)
            color = PALETTE[j % len(PALETTE)]
            if v is None:
                c.text(x_of(1.0) + 6, by + 3, "n/a", (120, 120, 120), scale=1)
                continue
            c.rect(min(x_of(1.0), x_of(v)), by, max(x_of(1.0), x_of(v)) + 1, by + bar_h, color)
            right = max(x_of(1.0), x_of(v))
            t = target_advantage(name, label)
            if t:
                tx = x_of(max(lo, min(hi, t)))
                c.rect(tx - 1, by - 2, tx + 2, by + bar_h + 2, (0, 0, 0))
                right = max(right, tx + 2)
            c.text(right + 6, by + 3, f"{v:.2f}x", scale=1)
    ly = bottom + 30
    for j, (label, _) in enumerate(series):
        color = PALETTE[j % len(PALETTE)]
        c.rect(20, ly + j * 30, 40, ly + j * 30 + 16, color)
        c.text(50, ly + j * 30 + 1, label, scale=scale)
    c.save(path)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        print(__doc__)
        return 2
    series = []
    for path in argv[1:]:
        with open(path) as f:
            data = json.load(f)
        series.append((data["label"], [Result.from_json(r) for r in data["results"]]))
    draw_chart(series, argv[0])
    print(f"wrote {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
