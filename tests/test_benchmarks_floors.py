"""benchmarks/floors.py in a tiny run: every workload's table keeps its shape
(each variant measured, the ratio to the stdlib, the floor line), the no-I/O
components print, and the strace counting parses, so the tool cannot rot
unnoticed.  Figures are not judged: timing belongs to the benchmarks."""

import os
import re
import shutil
import subprocess
import sys

import pytest

# The benchmarks live next to tests/ in the repository; a copy of the test
# suite on its own (CI's no-compiler install) has none to check.
floors = pytest.importorskip("benchmarks.floors")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMBER = r"(?<![\d.])-?\d+(?:\.\d+)?"  # ("1.00-1.05" is two numbers)


def run_floors(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.floors", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def section(output: str, name: str) -> str:
    start = output.index(f"== {name}:")
    end = output.find("\n== ", start + 1)
    return output[start:end if end != -1 else None]


@pytest.fixture(scope="module")
def tiny_output():
    return run_floors("--rounds", "1", "--duration", "0.02", "--no-syscalls")


def test_every_workload_has_each_variant_row(tiny_output):
    for workload in floors.workloads():
        text = section(tiny_output, workload.name)
        for variant in workload.variants:
            line = next((l for l in text.splitlines() if l.startswith(f"  {variant} ")), None)
            assert line is not None, f"{workload.name}: no row for {variant}"
            figures = re.findall(NUMBER, line[len(variant) + 2:])
            assert len(figures) == 10, line  # cpu, wall, sys%, user, sys, 2 ratios, spread, range
            assert all(float(f) >= 0 for f in figures), line
        stdlib_row = next(l for l in text.splitlines() if l.startswith("  stdlib "))
        assert " 1.00x  1.00x " in stdlib_row and stdlib_row.rstrip().endswith("1.00-1.00")
        assert "  floor: " in text and "the stdlib's rate" in text


def test_python_work_counted_on_cpython(tiny_output):
    text = section(tiny_output, "socketpair_pingpong")
    lines = [l for l in text.splitlines() if "Python below the loop" in l]
    if sys.implementation.name != "cpython":
        assert lines == []
        return
    counts = {l.split(",")[1].split(":")[0].strip(): int(l.split(": ")[1].split()[0])
              for l in lines}
    assert counts["stdlib"] == 0  # the stdlib's send/recv are C
    assert counts["sockffi"] > 0


def test_breakdowns_and_components(tiny_output):
    for name in floors.BREAKDOWNS:
        text = section(tiny_output, name)
        assert "per call, wall us" in text
        for variant in ("stdlib", "sockffi", "lib"):
            assert re.search(rf"^    {variant} +{NUMBER}", text, re.M), (name, variant)
    text = section(tiny_output, "components")
    assert "empty loop iteration" in text and "kernel entry+exit" in text
    assert "recvfrom's way" in text and "recvfrom's address length" in text
    assert "cffi call into libc, no syscall" in text  # (ABI mode's libffi cost)


@pytest.mark.parametrize("workload, layer", [
    ("udp_datagrams", "py methods + lib (least layer)"),
    ("call_sockopt", "py methods + helper (least layer)"),  # both modes: the binding's helper
])
def test_the_least_layer_is_reported_beside_the_floor(tiny_output, workload, layer):
    text = section(tiny_output, workload)
    assert re.search(rf"least Python layer \({re.escape(layer)}\): {NUMBER} us, "
                     rf"[+-]{NUMBER} us above the floor; sockffi [+-]{NUMBER} us above it", text)


def test_a_cost_target_is_judged_against_the_floor(tiny_output):
    """call_sockopt's target is a ceiling on a time, not a floor on a rate:
    the time it allows is the stdlib's times the bound."""
    text = section(tiny_output, "call_sockopt")
    std = float(re.search(rf"^  stdlib +({NUMBER})", text, re.M).group(1))
    need = float(re.search(rf"the target needs <= ({NUMBER}) us per set \+ get", text).group(1))
    assert need == pytest.approx(std * 1.3 if sys.implementation.name != "pypy" else std * 1.0,
                                 abs=0.002)


def test_parse_strace():
    sample = """% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 60.00    0.000600           3       201           sendto
 30.00    0.000300           1       201         2 recvfrom
 10.00    0.000100           5        20        20 openat
------ ----------- ----------- --------- --------- ----------------
100.00    0.001000           2       422        22 total
"""
    assert floors.parse_strace(sample) == {"sendto": 201, "recvfrom": 201, "openat": 20}


@pytest.mark.skipif(shutil.which("strace") is None, reason="no strace")
def test_syscalls_counted_per_iteration():
    out = run_floors("--rounds", "1", "--duration", "0.02", "--only", "socketpair")
    lines = [l for l in out.splitlines() if l.startswith("  syscalls per round trip")]
    assert len(lines) == 4
    for line in lines:
        # one send-side and one receive-side call per round trip, whatever their names
        calls = dict((name, float(n)) for name, n in
                     re.findall(r"(\w+) (\d+(?:\.\d+)?)", line.split(": ", 1)[1]))
        assert sum(calls.values()) == pytest.approx(2, abs=0.05), line


@pytest.mark.slow  # (six runs under valgrind: ~25 s)
@pytest.mark.skipif(shutil.which("valgrind") is None or sys.implementation.name != "cpython",
                    reason="callgrind needs valgrind and CPython")
def test_instructions_are_counted_per_unit_by_callgrind():
    text = section(run_floors("--only", "call_socket_close", "--rounds", "1", "--duration",
                              "0.02", "--no-syscalls", "--instructions"), "call_socket_close")
    counts = dict(re.findall(r"^    (stdlib|sockffi|lib\.socket/lib\.close) +([\d,]+)  ", text, re.M))
    assert set(counts) == {"stdlib", "sockffi", "lib.socket/lib.close"}, text
    counts = {k: int(v.replace(",", "")) for k, v in counts.items()}
    # the bare calls run the fewest: no socket object at all
    assert 0 < counts["lib.socket/lib.close"] < min(counts["stdlib"], counts["sockffi"])
