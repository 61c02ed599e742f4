#!/usr/bin/env python3
"""Run sockffi's tests under valgrind memcheck and report the memory errors
that sockffi's C calls made.

    python3 tests/valgrind/run_memcheck.py                  # the default subset
    python3 tests/valgrind/run_memcheck.py --all            # every in-process test
    python3 tests/valgrind/run_memcheck.py tests/test_msg.py -k recvmsg

CPython (not PyPy), API mode (the compiled extension), PYTHONMALLOC=malloc so
every Python object is a malloc block valgrind can bound.  An error counts as
sockffi's when a frame of its stack is in the extension (_sockffi*.so), in
cffi (_cffi_backend*.so) or libffi: that is a libc call sockffi made, or
memory sockffi handed to C.  Errors elsewhere are the interpreter's (listed
by kind, not failed on; tests/valgrind/cpython.supp silences the known
ones).  Exit status 1 when sockffi has any error.
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# The default subset: every kind of C call sockffi makes (addresses,
# data, options, messages and their control data, batch I/O, lookups,
# conversions, tcp_info), a few minutes under memcheck.  --all runs every
# test file whose work happens in this process (not the drop-in runs,
# vendoring, the ABI generator or the slow group): much longer.
SUBSET = ("test_end_to_end.py", "test_socket_io.py", "test_socket_args.py", "test_msg.py",
          "test_msg_ancillary.py", "test_batch.py", "test_tcpinfo.py", "test_convert.py",
          "test_fuzz_address.py", "test_fuzz_convert.py", "test_fuzz_msg.py",
          "test_fuzz_socket.py")
EXCLUDE = ("test_dropin", "test_vendoring", "test_abi_generation", "test_slow_")

OURS = re.compile(r"(_sockffi[^/]*\.so|_cffi_backend[^/]*\.so|libffi[^/]*\.so)")
INVALID = {"InvalidRead", "InvalidWrite", "InvalidFree", "MismatchedFree", "Overlap",
           "InvalidJump", "InvalidMemPool", "ClientCheck"}


def default_tests(everything: bool) -> list:
    tests = sorted(glob.glob(os.path.join(REPO, "tests", "test_*.py")))
    if everything:
        return [t for t in tests if not os.path.basename(t).startswith(EXCLUDE)]
    return [t for t in tests if os.path.basename(t) in SUBSET]


def run(python: str, pytest_args: list, out_dir: str, origins: bool) -> int:
    env = dict(os.environ)
    env.update(PYTHONMALLOC="malloc", SOCKFFI_MODE="api",
               SOCKFFI_FUZZ_EXAMPLES=env.get("SOCKFFI_FUZZ_EXAMPLES", "5"))
    command = [
        "valgrind", "--tool=memcheck", "--error-limit=no", "--num-callers=50",
        # (In XML mode memcheck lists leaks whatever --leak-check says.)
        "--leak-check=no", "--show-leak-kinds=none", "--trace-children=no",
        f"--track-origins={'yes' if origins else 'no'}",
        f"--suppressions={os.path.join(HERE, 'cpython.supp')}",
        "--xml=yes", f"--xml-file={os.path.join(out_dir, 'memcheck.%p.xml')}",
        python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *pytest_args,
    ]
    print("+", " ".join(command), flush=True)
    return subprocess.call(command, cwd=REPO, env=env)


def _frames(stack):
    for frame in stack.iter("frame"):
        yield {k: (frame.findtext(k) or "") for k in ("obj", "fn", "file", "line")}


def _read_report(path: str):
    """The XML root, and whether the report is whole.  A report cut short
    (valgrind aborted, as it does when a write past a block wrecked its heap
    metadata) is read up to its last complete error."""
    try:
        return ET.parse(path).getroot(), True
    except ET.ParseError:
        pass
    with open(path, errors="replace") as f:
        text = f.read()
    if "<error>" not in text:
        return None, "<preamble>" in text  # a forked child that exec'd: nothing ran
    end = text.rfind("</error>")
    head = text[:end + len("</error>")] if end >= 0 else text[:text.find("<error>")]
    return ET.fromstring(head + "\n</valgrindoutput>\n"), False


def parse(out_dir: str):
    errors, suppressed, whole = [], 0, True
    for path in glob.glob(os.path.join(out_dir, "memcheck.*.xml")):
        root, complete = _read_report(path)
        whole = whole and complete
        if root is None:
            continue
        for error in root.iter("error"):
            if (error.findtext("kind") or "").startswith("Leak_"):
                continue  # objects alive at exit: not what this run is for
            what = error.findtext("what") or error.findtext("xwhat/text") or ""
            stacks = [list(_frames(s)) for s in error.findall("stack")]
            errors.append({"kind": error.findtext("kind"), "what": what, "stacks": stacks,
                           "count": 1})
        for pair in root.iter("pair"):
            suppressed += int(pair.findtext("count") or 0)
    return errors, suppressed, whole


# Uninitialised values created by these interpreter functions are its own,
# wherever they travel afterwards (see cpython.supp): CPython 3.11 reads the
# digit of a zero-length int it allocated with _PyLong_New.
INTERPRETER_ORIGINS = ("_PyLong_New",)


def is_ours(error) -> bool:
    # The first stack is where the error happened; the others (origin,
    # allocation) only say where the memory came from.
    if not error["stacks"]:
        return False
    for origin in error["stacks"][1:]:
        if any(f["fn"] in INTERPRETER_ORIGINS for f in origin[:3]):
            return False
    return any(OURS.search(f["obj"]) for f in error["stacks"][0])


def describe(error) -> str:
    lines = [f"{error['kind']}: {error['what']}"]
    for frame in error["stacks"][0][:14]:
        where = f"{frame['file']}:{frame['line']}" if frame["file"] else os.path.basename(frame["obj"])
        lines.append(f"    {frame['fn'] or '???'}  ({where})")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable,
                        help="the CPython to run (default: this one)")
    parser.add_argument("--keep", metavar="DIR", help="keep the XML reports in DIR")
    parser.add_argument("--all", action="store_true",
                        help="every in-process test file, not the default subset")
    parser.add_argument("--no-origins", dest="origins", action="store_false",
                        help="--track-origins=no: faster, but an uninitialised value the "
                             "interpreter made can then be blamed on the cffi call it reaches")
    parser.add_argument("pytest_args", nargs="*", help="tests and pytest options "
                        "(default: every in-process test file)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    if "pypy" in args.python.lower():
        print("memcheck needs CPython (PyPy's GC and JIT confuse it)", file=sys.stderr)
        return 2
    out_dir = args.keep or tempfile.mkdtemp(prefix="sockffi-memcheck.")
    os.makedirs(out_dir, exist_ok=True)
    status = run(args.python, args.pytest_args or default_tests(args.all), out_dir, args.origins)
    errors, suppressed, whole = parse(out_dir)
    ours = [e for e in errors if is_ours(e)]
    theirs = collections.Counter(e["kind"] for e in errors if not is_ours(e))
    invalid = [e for e in ours if e["kind"] in INVALID or
               (e["kind"] == "SyscallParam" and "unaddressable" in e["what"])]
    print()
    for error in ours:
        print(describe(error), end="\n\n")
    print(f"memcheck: {len(errors)} error contexts, {suppressed} suppressed (known CPython noise)")
    print(f"  interpreter's own: {dict(theirs) or 0}")
    print(f"  sockffi's: {len(ours)}, of which invalid reads/writes: {len(invalid)}")
    print(f"  pytest exit status under valgrind: {status}")
    if not whole:
        print("  valgrind ABORTED (a write past a heap block wrecks its bookkeeping): "
              "the report above is cut short")
    if ours and not args.origins:
        print("  (rerun without --no-origins to tell the interpreter's own values apart)")
    if not args.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 1 if ours or not whole or status not in (0, 5) else 0


if __name__ == "__main__":
    sys.exit(main())
