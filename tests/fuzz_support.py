"""Shared pieces of the property-based (hypothesis) tests in test_fuzz_*.py.

Budget: SOCKFFI_FUZZ_EXAMPLES examples per test (default 100, the CI budget);
the dedicated run sets it to a few thousand:

    SOCKFFI_FUZZ_EXAMPLES=5000 python3 -m pytest tests/test_fuzz_*.py

Each test feeds the same arbitrary input to the stdlib `socket` and to
sockffi and requires the same outcome (socket_support.outcome()): an equal
result, or an exception of the same type (and errno; messages are not
compared here).  A crash of the interpreter fails the run.
"""

import os
import socket as stdlib

import pytest
from hypothesis import HealthCheck, settings, strategies as st

import sockffi
from socket_support import IS_PYPY, Index, outcome

EXAMPLES = int(os.environ.get("SOCKFFI_FUZZ_EXAMPLES", "100"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,          # a shared 2-core machine: no timing assertions
    database=None,          # leave no .hypothesis/ directory behind
    suppress_health_check=list(HealthCheck),
    print_blob=True,        # a failure prints the line that reproduces it
)


def _compared(result):
    """An outcome as the fuzz tests compare it: ('ok', result) or
    ('raise', exception type, errno), the message left out."""
    if result[0] == "ok":
        return result
    _, exc_type, code, _message = result
    if issubclass(exc_type, stdlib.herror):
        # For some names glibc's gethostbyname_r fails without setting
        # h_errno, and CPython then reports an uninitialised int: the
        # stdlib's own code varies from call to call.
        code = None
    if issubclass(exc_type, TimeoutError):
        # sockffi.timeout is its own class on 3.9 (a subclass of both
        # socket.timeout and TimeoutError): compare by what `except` would see.
        exc_type = TimeoutError
    return ("raise", exc_type, code)


# PyPy's own socket module rejects some bad arguments with other types than
# CPython's (ValueError for TypeError, ...) and accepts a few that CPython
# rejects.  CPython's behaviour is the spec: on PyPy the comparison is strict
# for results and errno values, and only requires a clean exception from
# sockffi where PyPy's module itself deviates.
ARGUMENT_ERRORS = (TypeError, ValueError, OverflowError, OSError, BufferError)


def assert_same(ours, theirs):
    """ours/theirs: outcome() of sockffi and of the stdlib."""
    ours, theirs = _compared(ours), _compared(theirs)
    if ours == theirs or not IS_PYPY:
        assert ours == theirs, f"sockffi {ours!r} != stdlib {theirs!r}"
        return
    if ours[0] == "ok" and theirs[0] == "ok":
        # PyPy formats some results its own way (getaddrinfo keeps "%scope"
        # in IPv6 hosts): the same shape is what can be asked of it.
        assert type(ours[1]) is type(theirs[1]), f"sockffi {ours!r} != stdlib {theirs!r}"
        if hasattr(ours[1], "__len__"):
            assert len(ours[1]) == len(theirs[1]), f"sockffi {ours!r} != stdlib {theirs!r}"
    if ours[0] == "raise" and theirs[0] == "raise" and None not in (ours[2], theirs[2]):
        assert ours == theirs, f"sockffi {ours!r} != stdlib {theirs!r}"  # both reached the kernel or resolver: must agree
    elif ours[0] == "raise":
        assert issubclass(ours[1], ARGUMENT_ERRORS), ours


def assert_same_call(name: str, *args) -> None:
    """sockffi.name(*args) has the outcome socket.name(*args) has
    (assert_same); skipped where either module lacks the function."""
    func = require(name)
    require(name, stdlib)
    assert_same(outcome(func, *args), outcome(getattr(stdlib, name), *args))


def require(name: str, module=sockffi):
    """Skip when sockffi does not have `name` yet (written by another
    helper in parallel); the fuzz test runs as soon as it lands."""
    if not hasattr(module, name):
        what = "is not implemented yet" if module is sockffi else "is missing from the stdlib here"
        pytest.skip(f"{module.__name__}.{name} {what}")
    return getattr(module, name)


def huge(value, limit: int = 10**6) -> bool:
    """An int-like argument asking for more than `limit` bytes: both modules
    would try to allocate it (the fuzz tests leave those out)."""
    try:
        number = value.value if isinstance(value, Index) else value
        return type(number) in (int, bool) and number > limit
    except AttributeError:
        return False


EDGE_INTS = [0, 1, -1, 255, 256, 65535, 65536, 2**31 - 1, 2**31, -2**31, -2**31 - 1,
             2**32 - 1, 2**32, 2**63 - 1, 2**63, -2**63, 2**64, 2**100, -2**100]

# Integers around every C boundary, plus the odd types that PyArg_Parse
# accepts or rejects (bool, __index__ objects, floats, strings, None).
c_ints = st.one_of(
    st.sampled_from(EDGE_INTS),
    st.integers(-70000, 70000),
    st.integers(-2**70, 2**70),
)
int_like = st.one_of(
    c_ints,
    c_ints.map(Index),
    st.booleans(),
)
junk = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.just(()),
    st.just([]),
    st.just(object()),
)
any_int_arg = st.one_of(int_like, int_like, junk)

MODULES = (("stdlib", stdlib), ("sockffi", sockffi))
