"""Run CPython's own test_socket against sockffi, next to the stdlib's run.

    python tests/conformance/run_test_socket.py [--check] [-j 2] [--only sockffi]

For each target ("stdlib": the interpreter's socket module; "sockffi":
sys.modules['socket'] = sockffi, installed before test_socket or any test
helper imports it) a worker process runs test_socket's tests and reports
every test's outcome.  The VSOCK classes are left out (they hang without a
vsock peer).  Test ids matching MESSAGE_PATTERN are the messages issue's
("message" tests); the rest are "core" tests.

--check fails (exit 1) when sockffi's core pass count is below the figure
recorded for this interpreter in tests/conformance/core_pass_min.txt (lines
"<implementation>-<major.minor> <count>", e.g. "cpython-3.11 260": each
interpreter runs its own version of test_socket).  Raise a figure as sockffi
gets better; never lower one without a reason in the commit message.

A test that hangs is stopped by a per-test watchdog: the worker is restarted
on the tests left, and that test counts as an error ("hang").  The binding
mode is whatever sockffi loads; SOCKFFI_MODE=api|abi chooses.

PyPy ships no test_socket: --tests DIR runs the `test` package at DIR (a
CPython Lib/test of the same version, e.g. ~/.pyenv/versions/3.9.*/lib/
python3.9/test); without --tests, such a directory is looked up in pyenv
when the interpreter has no test.test_socket of its own.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MIN_FILE = os.path.join(HERE, "core_pass_min.txt")
MESSAGE_PATTERN = re.compile(r"msg|Msg|SCM|Rights|CMSG|Ancillary|_fds")
# test_sethostname renames the machine when run as root (it does, here): never.
EXCLUDED_CLASSES = re.compile(r"VSOCK|test_sethostname")
PER_TEST_SECONDS = 60
PASSING = ("pass",)


# --- worker: runs in its own interpreter ----------------------------------

def _use_tests(tests_dir: str) -> None:
    """Import `test` from tests_dir (a Lib/test directory), ahead of the
    interpreter's own (PyPy's holds no test_socket)."""
    import tempfile
    holder = tempfile.mkdtemp(prefix="sockffi-tests-")
    os.symlink(tests_dir, os.path.join(holder, "test"))
    sys.path.insert(0, holder)
    try:
        import _testcapi  # noqa: F401
    except ImportError:
        pass
    except Exception:
        # PyPy's _testcapi compiles a C file it may not have: let
        # test_socket see it as absent, as it expects.
        sys.modules["_testcapi"] = None


def _worker(target: str, ids_file: str, out_file: str) -> None:
    tests_dir = os.environ.get("SOCKFFI_CONFORMANCE_TESTS")
    if tests_dir:
        _use_tests(tests_dir)
    if target == "sockffi":
        import sockffi
        sys.modules["socket"] = sockffi
    import faulthandler
    import unittest
    from test import support
    support.use_resources = []  # as regrtest without -u: no 'network' etc.
    from test import test_socket

    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(test_socket)
    tests = {t.id(): t for t in _flatten(suite)
             if not EXCLUDED_CLASSES.search(t.id())}
    if ids_file == "-":
        with open(out_file, "w") as out:
            json.dump(sorted(tests), out)
        return
    with open(ids_file) as f:
        wanted = json.load(f)
    out = open(out_file, "a", buffering=1)

    class Recorder(unittest.TestResult):
        _failed = None  # Python 3.12's unittest can report before startTest

        def startTest(self, test):
            super().startTest(test)
            self._failed = None
            faulthandler.dump_traceback_later(PER_TEST_SECONDS, exit=True)
            out.write(json.dumps({"start": test.id()}) + "\n")

        def _note(self, test, outcome, detail=""):
            out.write(json.dumps({"id": test.id(), "outcome": outcome,
                                  "detail": detail[-2000:]}) + "\n")

        def stopTest(self, test):
            faulthandler.cancel_dump_traceback_later()
            if self._failed is not None:
                self._note(test, *self._failed)
            super().stopTest(test)

        def addSuccess(self, test):
            self._note(test, "pass")

        def addFailure(self, test, err):
            self._failed = ("fail", self._exc_info_to_string(err, test))

        def addError(self, test, err):
            if isinstance(test, unittest.TestCase):
                self._failed = ("error", self._exc_info_to_string(err, test))
            else:  # a class or module fixture
                out.write(json.dumps({"fixture": str(test), "detail":
                                      self._exc_info_to_string(err, test)[-2000:]}) + "\n")

        def addSubTest(self, test, subtest, err):
            if err is not None and self._failed is None:
                kind = "fail" if issubclass(err[0], test.failureException) else "error"
                self._failed = (kind, str(subtest) + "\n" + self._exc_info_to_string(err, test))

        def addSkip(self, test, reason):
            self._note(test, "skip", reason)

        def addExpectedFailure(self, test, err):
            self._note(test, "xfail")

        def addUnexpectedSuccess(self, test):
            self._note(test, "xpass")

    run = unittest.TestSuite(tests[i] for i in wanted if i in tests)
    run.run(Recorder())
    out.write(json.dumps({"done": True}) + "\n")
    out.close()


def _flatten(suite):
    for item in suite:
        if hasattr(item, "__iter__"):
            yield from _flatten(item)
        else:
            yield item


# --- parent -------------------------------------------------------------

_TESTS_DIR = None  # set by main() from --tests or the pyenv lookup


def _spawn(python, target, ids_file, out_file):
    cmd = [python, os.path.abspath(__file__), "--worker", target, ids_file, out_file]
    env = dict(os.environ)
    if _TESTS_DIR:
        env["SOCKFFI_CONFORMANCE_TESTS"] = _TESTS_DIR
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=tempfile.gettempdir(), env=env)


def _find_tests(python: str):
    """None when `python` has its own test.test_socket, else a CPython
    Lib/test of the same version from pyenv (for PyPy)."""
    probe = subprocess.run([python, "-c", "import sys, test.test_socket; "
                            "print('%d.%d' % sys.version_info[:2])"],
                           capture_output=True, text=True, cwd=tempfile.gettempdir())
    if probe.returncode == 0:
        return None
    version = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    import glob
    found = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "lib",
                                          "python" + version, "test", "test_socket.py")))
    if not found:
        raise SystemExit(f"{python} has no test.test_socket and no CPython {version} "
                         "Lib/test was found: pass --tests DIR")
    return os.path.dirname(found[-1])


def _read(out_file):
    started, results, fixtures, done = [], {}, [], False
    if os.path.exists(out_file):
        with open(out_file) as f:
            for line in f:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if "start" in rec:
                    started.append(rec["start"])
                elif "id" in rec:
                    results[rec["id"]] = (rec["outcome"], rec["detail"])
                elif "fixture" in rec:
                    fixtures.append(rec)
                elif rec.get("done"):
                    done = True
    return started, results, fixtures, done


def list_tests(python, target, workdir):
    out_file = os.path.join(workdir, f"{target}-list.json")
    proc = _spawn(python, target, "-", out_file)
    _, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"listing the tests for {target} failed:\n{err.decode()}")
    with open(out_file) as f:
        return json.load(f)


def run_target(python, target, jobs, workdir):
    """{test id: (outcome, detail)} for every test of test_socket."""
    ids = list_tests(python, target, workdir)
    # Whole classes per worker (class fixtures run once), balanced by size.
    by_class = {}
    for i in ids:
        by_class.setdefault(i.rsplit(".", 1)[0], []).append(i)
    chunks = [[] for _ in range(jobs)]
    for cls in sorted(by_class, key=lambda c: -len(by_class[c])):
        min(chunks, key=len).extend(by_class[cls])
    results = {}
    pending = [(n, chunk) for n, chunk in enumerate(chunks) if chunk]
    running = {}
    fixture_errors = []
    while pending or running:
        while pending and len(running) < jobs:
            n, chunk = pending.pop()
            ids_file = os.path.join(workdir, f"{target}-{n}-ids.json")
            out_file = os.path.join(workdir, f"{target}-{n}-out.jsonl")
            with open(ids_file, "w") as f:
                json.dump(chunk, f)
            running[n] = (_spawn(python, target, ids_file, out_file), chunk, out_file)
        n = next(iter(running))
        proc, chunk, out_file = running.pop(n)
        _, err = proc.communicate()
        started, got, fixtures, done = _read(out_file)
        results.update(got)
        fixture_errors.extend(fixtures)
        if not done:
            # The worker died (watchdog or crash) inside the last test it
            # started: count that one as a hang, go on with the rest.
            stuck = next((s for s in reversed(started) if s not in got), None)
            if stuck is not None:
                results[stuck] = ("error", "hang or crash: worker exited "
                                  f"{proc.returncode}\n{err.decode()[-1500:]}")
            left = [i for i in chunk if i not in results]
            if left and stuck is not None:
                pending.append((n + 1000 * (len(pending) + 1), left))
            elif left:
                for i in left:
                    results[i] = ("error", f"worker died before the test: {err.decode()[-1500:]}")
    return results, fixture_errors


def _interpreter_key(python: str) -> str:
    return subprocess.run(
        [python, "-c", "import sys; print('%s-%d.%d' % ((sys.implementation.name,) "
         "+ sys.version_info[:2]))"], capture_output=True, text=True).stdout.strip()


def _recorded_minimums() -> dict:
    figures = {}
    with open(MIN_FILE) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if len(line) == 2:
                figures[line[0]] = int(line[1])
    return figures


def summarize(results):
    table = {"core": Counter(), "message": Counter()}
    for test_id, (outcome, _) in results.items():
        part = "message" if MESSAGE_PATTERN.search(test_id) else "core"
        table[part][outcome] += 1
    return table


def _line(label, counter):
    total = sum(counter.values())
    return (f"{label:<16} {counter['pass']:>4} passed  {counter['fail'] + counter['error']:>4} "
            f"failed  {counter['skip']:>4} skipped  {counter['xfail'] + counter['xpass']:>3} "
            f"x-fail/pass  of {total}")


def _reason(detail):
    """The last line of a traceback: the exception that failed the test."""
    lines = [line for line in detail.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--only", choices=("stdlib", "sockffi"))
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 if sockffi's core passes < {os.path.basename(MIN_FILE)}")
    parser.add_argument("--json", help="write every outcome to this file")
    parser.add_argument("--quiet", action="store_true", help="no per-failure list")
    parser.add_argument("--tests", metavar="DIR",
                        help="a Lib/test directory to run test_socket from")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(*args.worker)
        return 0
    global _TESTS_DIR
    _TESTS_DIR = os.path.abspath(args.tests) if args.tests else _find_tests(args.python)

    targets = [args.only] if args.only else ["stdlib", "sockffi"]
    all_results = {}
    with tempfile.TemporaryDirectory(prefix="sockffi-conformance-") as workdir:
        for target in targets:
            all_results[target] = run_target(args.python, target, args.jobs, workdir)

    mode = subprocess.run([args.python, "-c", "import sockffi; print(sockffi.MODE)"],
                          capture_output=True, text=True).stdout.strip()
    source = f" from {_TESTS_DIR}" if _TESTS_DIR else ""
    print(f"test_socket{source} with {args.python} (sockffi mode: {mode or '?'}), "
          "VSOCK classes and test_sethostname excluded")
    tables = {t: summarize(r) for t, (r, _) in all_results.items()}
    for part in ("core", "message"):
        for target in targets:
            print(_line(f"{part:<8}{target}", tables[target][part]))

    if "sockffi" in all_results:
        ffi_results, fixtures = all_results["sockffi"]
        std_results = all_results.get("stdlib", ({}, []))[0]
        if not args.quiet:
            print("\nsockffi core tests that do not pass:")
            for test_id in sorted(ffi_results):
                outcome, detail = ffi_results[test_id]
                if MESSAGE_PATTERN.search(test_id) or outcome in PASSING:
                    continue
                std = std_results.get(test_id, ("?", ""))[0]
                if outcome == "skip" and std == "skip":
                    continue
                print(f"  {outcome:<5} (stdlib: {std:<5}) {test_id}\n"
                      f"        {_reason(detail)[:300]}")
            for fix in fixtures:
                print(f"  fixture error {fix['fixture']}: {_reason(fix['detail'])}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({t: r for t, (r, _) in all_results.items()}, f, indent=1, sort_keys=True)

    if args.check:
        if "sockffi" not in tables:
            parser.error("--check needs the sockffi run")
        key = _interpreter_key(args.python)
        minimum = _recorded_minimums().get(key)
        if minimum is None:
            print(f"\nFAIL: no figure recorded for {key} in {MIN_FILE}")
            return 1
        got = tables["sockffi"]["core"]["pass"]
        if got < minimum:
            print(f"\nFAIL: sockffi core passes {got} < recorded minimum {minimum} ({key})")
            return 1
        print(f"\nOK: sockffi core passes {got} >= recorded minimum {minimum} ({key})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
