"""benchmarks/modes.py: ABI mode's cost over API mode's from two --json
files, as the ratio of their sockffi/stdlib ratios (inverted for rates), and
a refusal of files that are not one interpreter's API and ABI runs."""

import json
import os
import subprocess
import sys

import pytest

harness = pytest.importorskip("benchmarks.harness")
modes = pytest.importorskip("benchmarks.modes")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def result(name, higher_is_better, stdlib, sockffi):
    r = harness.Result(name, "x", higher_is_better)
    r.values = {"stdlib": stdlib, "sockffi": sockffi}
    return r


def write(path, label, results):
    with open(path, "w") as f:
        json.dump({"label": label, "header": "", "results": [r.to_json() for r in results]}, f)
    return str(path)


def test_rates_and_costs_each_give_abi_cost_over_api_cost(tmp_path):
    api = [result("udp", True, [100.0, 100.0], [90.0, 90.0]),       # ratio 0.90
           result("call_x", False, [100.0, 100.0], [130.0, 130.0])]  # ratio 1.30
    abi = [result("udp", True, [200.0, 200.0], [150.0, 150.0]),     # ratio 0.75
           result("call_x", False, [50.0, 50.0], [91.0, 91.0])]     # ratio 1.82
    rows = {name: cost for name, _, _, cost in modes.compare(
        {r.name: r for r in api}, {r.name: r for r in abi})}
    assert rows["udp"] == pytest.approx(0.90 / 0.75)  # 1.2: ABI does 0.75/0.90 of the work
    assert rows["call_x"] == pytest.approx(1.82 / 1.30)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.modes",
         write(tmp_path / "api.json", "CPython 3.11.7 api", api),
         write(tmp_path / "abi.json", "CPython 3.11.7 abi", abi)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "within 1.2x: 1 of 2" in out.stdout
    assert [l.split()[-1] for l in out.stdout.splitlines()
            if l.startswith(("udp ", "call_x "))] == ["yes", "NO"]


def test_runs_of_two_interpreters_are_refused(tmp_path):
    r = [result("udp", True, [1.0], [1.0])]
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.modes",
         write(tmp_path / "a.json", "CPython 3.11.7 api", r),
         write(tmp_path / "b.json", "PyPy 3.9.16 abi", r)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "one interpreter" in out.stderr
