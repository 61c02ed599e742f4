"""asyncio's own datagram test cases (test_events, test_base_events,
test_selector_events) pass against sockffi's batch transport wherever they
pass against the stdlib's: tests/stdlib_suites/asyncio_datagram.py, run in a
child interpreter (PyPy borrows a CPython Lib/test of its version)."""

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SUITES = os.path.join(HERE, "stdlib_suites")
sys.path.insert(0, SUITES)
import run_suites  # noqa: E402


def test_asyncio_datagram_cases_pass_on_batch_transport():
    try:
        tests_dir = run_suites.find_tests(sys.executable)
    except SystemExit as exc:
        pytest.skip(str(exc))
    env = run_suites.child_env(run_suites.tests_path(tests_dir) if tests_dir else None)
    out = subprocess.run([sys.executable, os.path.join(SUITES, "asyncio_datagram.py"), "--json"],
                         capture_output=True, text=True, env=env, timeout=300)
    if out.returncode == 77:
        pytest.skip(out.stderr.strip())
    assert out.stdout, out.stderr
    report = json.loads(out.stdout)
    for key, row in report.items():
        assert row["not_passing"] == [], key
        assert row["pass"] == row["stdlib_pass"], key
        assert row["transports_made"] > 0, key
    # The groups were found (the selection by name did not come up empty).
    assert report["endpoint/batch"]["tests"] >= 20
    assert report["transport/batch"]["tests"] >= 20
    assert out.returncode == 0
