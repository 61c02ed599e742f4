"""inet_aton / inet_pton keep their successful results: the memo must never
change what any input gives (values equal to a cached key but of another
type, failures, str subclasses), compared with the stdlib."""

import fractions
import socket

import pytest

import sockffi
from sockffi import _convert
from socket_support import outcome  # the class, errno and message are compared


@pytest.mark.parametrize("family_name, text", [("AF_INET6", "::1"), ("AF_INET", "10.0.0.1"),
                                               ("AF_INET6", "fe80::1%1")])
def test_pton_memo_keeps_the_stdlib_answer_for_look_alikes(family_name, text):
    ours, theirs = getattr(sockffi, family_name), getattr(socket, family_name)
    for _ in range(2):  # the second round is served from the memo
        assert outcome(sockffi.inet_pton, ours, text) == outcome(socket.inet_pton, theirs, text)
        assert outcome(sockffi.inet_pton, int(ours), text) == outcome(
            socket.inet_pton, int(theirs), text)
    for look_alike in (float(ours), fractions.Fraction(int(ours)), str(int(ours))):
        assert outcome(sockffi.inet_pton, look_alike, text)[:2] == outcome(
            socket.inet_pton, look_alike, text)[:2]
    assert outcome(sockffi.inet_pton, ours, text.encode()) == outcome(
        socket.inet_pton, theirs, text.encode())


def test_aton_memo_keeps_errors_and_subclasses():
    class Text(str):
        pass

    for _ in range(2):
        for value in ("127.1", Text("127.1"), b"127.1", "1.2.3.256", "nope", "127.1\0"):
            assert outcome(sockffi.inet_aton, value) == outcome(socket.inet_aton, value)


def test_memo_is_bounded():
    _convert._aton_memo.clear()
    for i in range(_convert._MEMO_MAX + 10):
        assert sockffi.inet_aton(str(i)) == socket.inet_aton(str(i))
    assert len(_convert._aton_memo) <= _convert._MEMO_MAX
