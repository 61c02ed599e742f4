"""The differential tests' shared pieces: run the same steps against the
stdlib `socket` and against sockffi, and compare.  The one `outcome()` shape
every test compares lives here.

CPython's behaviour is the spec.  On CPython the comparison is exact:
result, exception type, errno and message.  PyPy's own socket module words
its errors differently (and refuses some arguments with other types), so on
PyPy sockffi is held to CPython's exception type as the test states it, and
compared with PyPy's module only where that one follows CPython.
"""

import contextlib
import importlib
import importlib.util
import os
import platform
import re
import socket as stdlib
import sys
import threading

import pytest

import sockffi

IS_PYPY = platform.python_implementation() == "PyPy"
# Set by .ci/aarch64.sh: the suite runs under qemu-user, whose system-call
# translation has gaps of its own (see .ci/qemu_gaps.py).
UNDER_QEMU_USER = os.environ.get("SOCKFFI_TEST_UNDER_QEMU_USER") == "1"
MODULES = [pytest.param(stdlib, id="stdlib"), pytest.param(sockffi, id="sockffi")]

# The binding modes this install can load: an install made without a
# compiler (CC=false, or an sdist built where there is none) has no API module.
API_BUILT = importlib.util.find_spec("sockffi._sockffi") is not None
BINDING_MODES = [pytest.param("api", marks=pytest.mark.skipif(
                     not API_BUILT, reason="the API module is not built (no-compiler install)")),
                 "abi"]


def outcome(func, *args, **kwargs):
    """('ok', result) or ('raise', type, errno, message)."""
    try:
        return ("ok", func(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - any exception is an outcome
        return ("raise", type(exc), getattr(exc, "errno", None), str(exc))


def kind(result):
    """An outcome without the message: ('ok', result) or ('raise', type, errno)."""
    return result[:3] if result[0] == "raise" else result


def same(name: str, *args, pypy: bool = True, **kwargs):
    """sockffi.name(...) behaves as socket.name(...): the same result, or the
    same exception type and errno (messages are not compared).  pypy=False:
    PyPy's socket module departs from CPython (the spec) for these arguments.
    Returns sockffi's kind(outcome)."""
    if IS_PYPY and not pypy:
        pytest.skip("PyPy's socket module differs from CPython here")
    got = kind(outcome(getattr(sockffi, name), *args, **kwargs))
    want = kind(outcome(getattr(stdlib, name), *args, **kwargs))
    assert got == want, (name, args, kwargs)
    return got


class Index:
    """An object that is an integer only through __index__ (accepted where
    CPython takes an int)."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value

    def __repr__(self) -> str:
        return f"Index({self.value})"


def ipv6_loopback() -> bool:
    """Whether ::1 can be bound here (CI containers may lack IPv6)."""
    try:
        with stdlib.socket(stdlib.AF_INET6, stdlib.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


# A wrong number or wrong keywords of arguments: the stdlib's C methods word
# these their own way ("takes no arguments (1 given)"), sockffi's Python
# methods Python's way; both raise TypeError, which is what is compared.
ARITY = re.compile(r"takes .*argument|positional argument|keyword argument"
                   r"|missing required argument|missing \d+ required")


def assert_same(ours, theirs, expected=None):
    """ours/theirs: outcome() of sockffi and of the stdlib.  expected: the
    exception type CPython raises (None: a result), checked everywhere."""
    if ours[0] == theirs[0] == "raise" and ARITY.search(str(theirs[3:])):
        ours, theirs = kind(ours), kind(theirs)
    if expected is not None:
        assert ours[0] == "raise" and issubclass(ours[1], expected), ours
    if not IS_PYPY:
        assert ours == theirs, f"sockffi {ours!r} != stdlib {theirs!r}"
    elif kind(ours) != kind(theirs):
        pytest.skip(f"PyPy's own socket module differs: {theirs!r}; "
                    f"sockffi follows CPython: {ours!r}")


def pypy_stdlib_differs(mod, what: str) -> None:
    """In a test run for each module: skip the stdlib's run on PyPy, whose
    own socket module does not follow CPython here (sockffi still runs)."""
    if IS_PYPY and mod is stdlib:
        pytest.skip(f"PyPy's own socket module differs: {what}")


def both(make):
    """{module: make(module)} for the stdlib and sockffi."""
    return {stdlib: make(stdlib), sockffi: make(sockffi)}


@contextlib.contextmanager
def closing_all(*socks):
    try:
        yield socks
    finally:
        for s in socks:
            s.close()


def tcp_pair(mod, family=None, host="127.0.0.1"):
    """A connected TCP pair (client, server side) over loopback."""
    family = family or mod.AF_INET
    with mod.socket(family, mod.SOCK_STREAM) as listener:
        listener.bind((host, 0))
        listener.listen()
        client = mod.socket(family, mod.SOCK_STREAM)
        client.connect(listener.getsockname())
        server, _ = listener.accept()
    return client, server


def udp_pair(mod):
    a = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    b = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    a.bind(("127.0.0.1", 0))
    b.bind(("127.0.0.1", 0))
    return a, b


def in_thread(func, *args):
    """Start func(*args) in a daemon thread; returns the thread."""
    t = threading.Thread(target=func, args=args, daemon=True)
    t.start()
    return t


def compile_c_reference(tmp_path_factory, name: str, cdef: str, source: str, what: str):
    """The C side of a test, compiled by cffi in a temporary directory and
    imported as module `name`; the test is skipped (naming `what`) where
    there is no compiler."""
    cffi = pytest.importorskip("cffi")
    builder = cffi.FFI()
    builder.cdef(cdef)
    builder.set_source(name, source)
    where = str(tmp_path_factory.mktemp(name))
    try:
        builder.compile(tmpdir=where, verbose=False)
    except Exception as exc:  # noqa: BLE001 - no compiler: nothing to compare with
        pytest.skip(f"cannot compile {what}: {exc}")
    sys.path.insert(0, where)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(where)


def fill_send_buffer(sock) -> None:
    """Send on a non-blocking `sock` until the kernel refuses more (its
    buffers and the peer's are full); bounded by those buffers' size."""
    try:
        while True:
            sock.send(b"x" * 65536)
    except BlockingIOError:
        pass
