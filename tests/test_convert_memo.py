"""inet_aton / inet_pton keep their successful results: the memo must never
change what any input gives (values equal to a cached key but of another
type, failures, str subclasses), compared with the stdlib."""

import fractions
import socket

import pytest

import sockffi
from sockffi import _convert
from socket_support import IS_PYPY, kind, outcome


def both(name, ours, theirs=None):
    """sockffi's and the stdlib's outcome of name(*args): with the message on
    CPython (the spec); PyPy's own module words its messages differently."""
    theirs = ours if theirs is None else theirs
    pick = kind if IS_PYPY else (lambda result: result)
    return (pick(outcome(getattr(sockffi, name), *ours)),
            pick(outcome(getattr(socket, name), *theirs)))


@pytest.mark.parametrize("family_name, text", [("AF_INET6", "::1"), ("AF_INET", "10.0.0.1"),
                                               ("AF_INET6", "fe80::1%1")])
def test_pton_memo_keeps_the_stdlib_answer_for_look_alikes(family_name, text):
    ours, theirs = getattr(sockffi, family_name), getattr(socket, family_name)
    for _ in range(2):  # the second round is served from the memo
        got, expected = both("inet_pton", (ours, text), (theirs, text))
        assert got == expected
        got, expected = both("inet_pton", (int(ours), text))
        assert got == expected
    class Family(int):  # another int subclass: the full path, not the memo's
        def __eq__(self, other):
            return False
        __hash__ = int.__hash__

    for look_alike in (float(ours), fractions.Fraction(int(ours)), str(int(ours)),
                       [int(ours)], Family(int(ours)), theirs):
        got, expected = both("inet_pton", (look_alike, text))
        assert got[:2] == expected[:2]
    got, expected = both("inet_pton", (ours, text.encode()), (theirs, text.encode()))
    assert got[:2] == expected[:2]


def test_aton_memo_keeps_errors_and_subclasses():
    class Text(str):
        pass

    values = ["127.1", Text("127.1"), "1.2.3.256", "nope"]
    if not IS_PYPY:  # (PyPy's own inet_aton takes bytes and stops at a NUL;
        values += [b"127.1", "127.1\0"]  # CPython, the spec, refuses both)
    for _ in range(2):
        for value in values:
            got, expected = both("inet_aton", (value,))
            assert got == expected


def test_memo_is_bounded():
    _convert._aton_memo.clear()
    for i in range(_convert._MEMO_MAX + 10):
        assert sockffi.inet_aton(str(i)) == socket.inet_aton(str(i))
    assert len(_convert._aton_memo) <= _convert._MEMO_MAX
