"""Run CPython's own test suites for the modules built on `socket`, once on
the stdlib and once under `python -m sockffi run` (sockffi as `socket`), and
report the passes per suite side by side.

    python tests/stdlib_suites/run_suites.py [--python PY] [-j 2] [suite ...]

PyPy ships no test package: then CPython's Lib/test of the same version
(from pyenv, or --tests DIR) is run by PyPy.

The suites are the ones installed with the interpreter (`python -m test
NAME`), run with `-u network,walltime,cpu` (loopback servers and slow local
tests; the few tests that want a host on the internet fail or skip the same
way on both sides, as the machines have no route out).  Each run writes a JUnit XML file; a test passes when it ran
without failure, error or skip.  Tests that pass on the stdlib and not on
sockffi are listed by name.  Exit status 0 when every suite passes at least
as many tests under sockffi as on the stdlib.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from typing import Dict, List, Optional

# name -> passes of the stdlib's own run on the reference machine (CPython 3.11)
SUITES: Dict[str, Optional[int]] = {
    "test_socketserver": 27,
    "test_selectors": 78,
    "test_urllib2_localnet": 23,
    "test_xmlrpc": 93,
    "test_ftplib": 93,
    "test_poplib": 71,
    "test_wsgiref": 35,
    "test_httpservers": 62,
    "test_telnetlib": 19,
    "test_imaplib": 95,
    "test_smtplib": 82,
    "test_asyncio.test_sock_lowlevel": 39,
    "test_asyncio.test_streams": None,
    "test_asyncio.test_server": None,
    "test_asyncio.test_sendfile": None,
    "test_asyncio.test_sslproto": None,
    "test_asyncio.test_ssl": None,
    "test_httplib": None,
    "test_urllib2net": None,
    "test_multiprocessing_forkserver": None,
    "test_ssl": None,
}
# Run by default: the list, test_ssl and the asyncio socket suites.
DEFAULT = [name for name in SUITES if name not in ("test_urllib2net",
                                                   "test_multiprocessing_forkserver")]
# regrtest resources: loopback servers ('network'), slow-but-local tests
# ('walltime', 'cpu'); the reference figures above were taken with these.
RESOURCES = "network,walltime,cpu"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find_tests(python: str) -> Optional[str]:
    """None when `python` has its own regrtest, else a CPython Lib/test of
    the same version from pyenv (PyPy ships none)."""
    check = subprocess.run([python, "-c", "import test.libregrtest"], capture_output=True,
                           cwd=tempfile.gettempdir())
    if check.returncode == 0:
        return None
    version = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    found = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "lib",
                                          "python" + version, "test", "libregrtest")))
    if not found:
        raise SystemExit(f"{python} has no test package and no CPython {version} "
                         "Lib/test was found: pass --tests DIR")
    return os.path.dirname(found[-1])


def tests_path(tests_dir: str) -> str:
    """A directory holding only `test` -> tests_dir, for PYTHONPATH (the
    CPython Lib around it must not shadow the interpreter's own stdlib)."""
    holder = tempfile.mkdtemp(prefix="sockffi-suites-")
    os.symlink(os.path.abspath(tests_dir), os.path.join(holder, "test"))
    return holder


def child_env(extra_path: Optional[str]) -> dict:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    parts = [REPO] + ([extra_path] if extra_path else []) + [env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(part for part in parts if part)
    return env


def probe(python: str, env: dict) -> dict:
    """What the interpreter's regrtest offers: --single-process (3.12+, so
    the tests run in the process sockffi was installed in), and which suites."""
    code = ("import importlib.util, json, sys, test.libregrtest.cmdline as c\n"
            "def has(name):\n"
            "    try:\n"
            "        return importlib.util.find_spec('test.' + name) is not None\n"
            "    except ImportError:\n"
            "        return False\n"
            "print(json.dumps({'single': '--single-process' in open(c.__file__).read(),"
            " 'resources': list(c.RESOURCE_NAMES),"
            " 'suites': {n: has(n) for n in sys.argv[1:]}}))")
    out = subprocess.run([python, "-c", code] + list(SUITES), capture_output=True, text=True,
                         timeout=120, check=True, env=env, cwd=tempfile.gettempdir()).stdout
    return json.loads(out)


def command(python: str, suite: str, mode: str, xml_path: str, timeout: int,
            resources: str, single: bool = False) -> List[str]:
    regrtest = ["-m", "test", "-u", resources, "--timeout", str(timeout),
                "--junit-xml", xml_path, suite]
    if single:
        regrtest.insert(2, "--single-process")
    if mode == "sockffi":
        return [python, "-m", "sockffi", "run"] + regrtest
    return [python] + regrtest


def outcomes(xml_path: str) -> Optional[Dict[str, str]]:
    """test id -> 'pass' | 'failure' | 'error' | 'skipped', or None."""
    try:
        root = ET.parse(xml_path).getroot()
    except (OSError, ET.ParseError):
        return None
    result = {}
    for case in root.iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        result[case.get("name")] = kinds[0] if kinds else "pass"
    return result


def run_one(python: str, suite: str, mode: str, out_dir: str, timeout: int,
            resources: str, single: bool, env: dict) -> dict:
    stem = os.path.join(out_dir, f"{suite}.{mode}")
    xml_path, log_path = stem + ".xml", stem + ".log"
    if os.path.exists(xml_path):
        os.unlink(xml_path)
    started = time.monotonic()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command(python, suite, mode, xml_path, timeout, resources, single),
                                stdout=log, stderr=subprocess.STDOUT, env=env,
                                cwd=tempfile.gettempdir(), start_new_session=True)
        try:
            code = proc.wait(timeout + 60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # our own child's group
            proc.wait()
            code = "killed"
    tests = outcomes(xml_path)
    return {"suite": suite, "mode": mode, "exit": code, "tests": tests,
            "seconds": round(time.monotonic() - started, 1), "log": log_path}


def count(tests: Optional[Dict[str, str]], kind: str) -> Optional[int]:
    if tests is None:
        return None
    return sum(1 for value in tests.values() if value == kind)


def report(results: Dict[tuple, dict], suites: List[str], out) -> bool:
    ok = True
    row = "{:34} {:>8} {:>8} {:>6}   {}"
    out.write(row.format("suite", "stdlib", "sockffi", "ref", "sockffi fail/err/skip") + "\n")
    lost_by_suite = {}
    for suite in suites:
        std, ffi = results[(suite, "stdlib")], results[(suite, "sockffi")]
        std_pass, ffi_pass = count(std["tests"], "pass"), count(ffi["tests"], "pass")
        if ffi["tests"] is None:
            detail = f"no result (exit {ffi['exit']}, see {ffi['log']})"
        else:
            detail = "/".join(str(count(ffi["tests"], k)) for k in ("failure", "error", "skipped"))
        ref = SUITES.get(suite)
        out.write(row.format(suite, "-" if std_pass is None else std_pass,
                             "-" if ffi_pass is None else ffi_pass,
                             "" if ref is None else ref, detail) + "\n")
        if std_pass is None or ffi_pass is None or ffi_pass < std_pass:
            ok = False
        if std["tests"] and ffi["tests"] is not None:
            lost = sorted(name for name, kind in std["tests"].items()
                          if kind == "pass" and ffi["tests"].get(name, "missing") != "pass")
            if lost:
                lost_by_suite[suite] = [(name, ffi["tests"].get(name, "missing")) for name in lost]
    for suite, lost in lost_by_suite.items():
        out.write(f"\n{suite}: passing on the stdlib, not under sockffi ({len(lost)}):\n")
        for name, kind in lost:
            out.write(f"  {kind:8} {name}\n")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suites", nargs="*", help="default: " + " ".join(DEFAULT))
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter with its test suite and sockffi importable")
    parser.add_argument("-j", type=int, default=1, choices=(1, 2),
                        help="runs at a time (the machine is shared: at most 2)")
    parser.add_argument("--only", choices=("stdlib", "sockffi"), help="run one side only")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per test (regrtest)")
    parser.add_argument("--resources", default=RESOURCES,
                        help=f"regrtest -u (default {RESOURCES}: the reference figures' set)")
    parser.add_argument("--out", default=None, help="directory for logs and XML")
    parser.add_argument("--json", help="also write the per-test outcomes here")
    parser.add_argument("--tests", help="a CPython Lib/test to run (default: the interpreter's "
                        "own; for PyPy, pyenv's CPython of the same version)")
    args = parser.parse_args(argv)
    tests_dir = args.tests or find_tests(args.python)
    env = child_env(tests_path(tests_dir) if tests_dir else None)
    if tests_dir:
        sys.stderr.write(f"test package: {tests_dir}\n")
    facts = probe(args.python, env)
    # only the resources this regrtest knows ('walltime' is 3.12+)
    resources = ",".join(r for r in args.resources.split(",") if r in facts["resources"])
    suites = args.suites or DEFAULT
    missing = [name for name in suites if not facts["suites"].get(name, True)]
    if missing:
        sys.stderr.write(f"not in this interpreter's test package: {' '.join(missing)}\n")
        suites = [name for name in suites if name not in missing]
    out_dir = args.out or os.path.join(tempfile.gettempdir(), "sockffi-stdlib-suites")
    os.makedirs(out_dir, exist_ok=True)
    modes = [args.only] if args.only else ["stdlib", "sockffi"]
    jobs = [(suite, mode) for suite in suites for mode in modes]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        futures = {pool.submit(run_one, args.python, suite, mode, out_dir, args.timeout,
                               resources, facts["single"], env): (suite, mode)
                   for suite, mode in jobs}
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            sys.stderr.write(f"  {result['suite']} [{result['mode']}]: {count(result['tests'], 'pass')} "
                             f"passed in {result['seconds']}s\n")
    for suite in suites:
        for mode in ("stdlib", "sockffi"):
            if (suite, mode) not in results:  # --only: the other side from an earlier run
                stem = os.path.join(out_dir, f"{suite}.{mode}")
                results[(suite, mode)] = {"tests": outcomes(stem + ".xml"),
                                          "exit": "earlier run", "log": stem + ".log"}
    if args.json:
        with open(args.json, "w") as f:
            json.dump({f"{s}|{m}": r for (s, m), r in results.items()}, f, indent=1)
    ok = report(results, suites, sys.stdout)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
