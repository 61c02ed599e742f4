"""Argument checks of every socket method, against the stdlib: the same
exception type, errno and (on CPython) message for the same bad argument,
and the same result for the edge cases that are accepted.

Each case runs on fresh sockets of one kind, created for each module; every
socket has a timeout, so a case that wrongly blocks fails instead of
hanging."""

import array
import os

import pytest

from socket_support import IS_PYPY, assert_same, outcome
import socket as stdlib
import sockffi


def _sockets(mod, kind):
    """A list of sockets for a case; the first is the one under test."""
    if kind == "pair":
        a, b = mod.socketpair()
        a.sendall(b"abcdefgh")  # so reads have something to return
        socks = [b, a]
    elif kind == "tcp":
        socks = [mod.socket(mod.AF_INET, mod.SOCK_STREAM)]
    elif kind == "udp":
        s = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.sendto(b"datagram", s.getsockname())
        socks = [s]
    elif kind == "udp6":
        socks = [mod.socket(mod.AF_INET6, mod.SOCK_DGRAM)]
    elif kind == "unix":
        socks = [mod.socket(mod.AF_UNIX, mod.SOCK_DGRAM)]
    elif kind == "closed":
        s = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
        s.close()
        socks = [s]
    elif kind == "closed-timeout":
        s = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
        s.settimeout(1)
        s.close()
        socks = [s]
    else:
        raise ValueError(kind)
    for s in socks:
        if s.fileno() != -1:
            s.settimeout(2)
    return socks


def _run(mod, kind, call):
    socks = _sockets(mod, kind)
    try:
        result = outcome(call, socks[0])
    finally:
        for s in socks:
            s.close()
    if result[0] == "ok" and isinstance(result[1], (stdlib.socket, sockffi.socket)):
        result = ("ok", "a socket")
        result[1]  # noqa: B018
    return result


NONCONTIG = memoryview(b"abcdef")[::2]
BIG = 2 ** 31
HUGE = 2 ** 70

# (id, socket kind, call, exception type CPython raises or None)
CASES = [
    # send / sendall / sendto: data "y*", flags "i"
    ("send-str", "pair", lambda s: s.send("x"), TypeError),
    ("send-int", "pair", lambda s: s.send(5), TypeError),
    ("send-none", "pair", lambda s: s.send(None), TypeError),
    ("send-noncontiguous", "pair", lambda s: s.send(NONCONTIG), BufferError),
    ("send-flags-str", "pair", lambda s: s.send(b"x", "a"), TypeError),
    ("send-flags-float", "pair", lambda s: s.send(b"x", 1.0), TypeError),
    ("send-flags-big", "pair", lambda s: s.send(b"x", BIG), OverflowError),
    ("send-flags-negative-big", "pair", lambda s: s.send(b"x", -BIG - 1), OverflowError),
    ("send-flags-huge", "pair", lambda s: s.send(b"x", HUGE), OverflowError),
    ("send-keyword", "pair", lambda s: s.send(data=b"x"), TypeError),
    ("send-empty", "pair", lambda s: s.send(b""), None),
    ("send-array", "pair", lambda s: s.send(array.array("i", [1, 2])), None),
    ("send-memoryview-cast", "pair", lambda s: s.send(memoryview(bytearray(8)).cast("I")), None),
    ("sendall-str", "pair", lambda s: s.sendall("x"), TypeError),
    ("sendall-noncontiguous", "pair", lambda s: s.sendall(NONCONTIG), BufferError),
    ("sendall-flags-big", "pair", lambda s: s.sendall(b"x", BIG), OverflowError),
    ("sendall-empty", "pair", lambda s: s.sendall(b""), None),
    ("sendto-one-arg", "udp", lambda s: s.sendto(b"x"), TypeError),
    ("sendto-four-args", "udp", lambda s: s.sendto(b"x", 0, ("127.0.0.1", 9), 5), TypeError),
    ("sendto-str", "udp", lambda s: s.sendto("x", ("127.0.0.1", 9)), TypeError),
    ("sendto-complex", "udp", lambda s: s.sendto(5j, ("127.0.0.1", 9)), TypeError),
    ("sendto-flags-str", "udp", lambda s: s.sendto(b"x", "a", ("127.0.0.1", 9)), TypeError),
    ("sendto-address-str", "udp", lambda s: s.sendto(b"x", "127.0.0.1"), TypeError),
    ("sendto-address-none", "udp", lambda s: s.sendto(b"x", None), TypeError),
    ("sendto-flags-address-none", "udp", lambda s: s.sendto(b"x", 0, None), TypeError),
    ("sendto-none-none", "udp", lambda s: s.sendto(b"x", None, None), TypeError),
    ("sendto-keyword", "udp", lambda s: s.sendto(b"x", address=("127.0.0.1", 9)), TypeError),
    ("sendto-ok", "udp", lambda s: s.sendto(b"xy", s.getsockname()), None),
    ("sendto-flags-ok", "udp", lambda s: s.sendto(b"xy", 0, s.getsockname()), None),
    # recv / recvfrom: bufsize "n", flags "i"
    ("recv-str", "pair", lambda s: s.recv("x"), TypeError),
    ("recv-float", "pair", lambda s: s.recv(1.0), TypeError),
    ("recv-negative", "pair", lambda s: s.recv(-1), ValueError),
    ("recv-huge", "pair", lambda s: s.recv(2 ** 63), OverflowError),
    ("recv-flags-big", "pair", lambda s: s.recv(1, BIG), OverflowError),
    ("recv-negative-flags-str", "pair", lambda s: s.recv(-1, "x"), TypeError),
    ("recv-keyword", "pair", lambda s: s.recv(bufsize=1), TypeError),
    ("recv-zero", "pair", lambda s: s.recv(0), None),
    ("recv-zero-closed", "closed", lambda s: s.recv(0), None),
    ("recv-bool", "pair", lambda s: s.recv(True), None),
    ("recv-peek", "pair", lambda s: (s.recv(3, stdlib.MSG_PEEK), s.recv(8)), None),
    ("recvfrom-negative", "udp", lambda s: s.recvfrom(-1), ValueError),
    ("recvfrom-str", "udp", lambda s: s.recvfrom("a"), TypeError),
    ("recvfrom-zero", "udp", lambda s: s.recvfrom(0)[0], None),
    ("recvfrom-ok", "udp", lambda s: s.recvfrom(100)[0], None),
    # recv_into / recvfrom_into: buffer "w*", nbytes "n", flags "i"
    ("recv_into-bytes", "pair", lambda s: s.recv_into(b"xx"), TypeError),
    ("recv_into-str", "pair", lambda s: s.recv_into("xx"), TypeError),
    ("recv_into-readonly-view", "pair", lambda s: s.recv_into(memoryview(b"xx")), TypeError),
    ("recv_into-noncontiguous", "pair",
     lambda s: s.recv_into(memoryview(bytearray(6))[::2]), TypeError),
    ("recv_into-negative", "pair", lambda s: s.recv_into(bytearray(2), -1), ValueError),
    ("recv_into-too-big", "pair", lambda s: s.recv_into(bytearray(2), 3), ValueError),
    ("recv_into-too-big-flags-str", "pair", lambda s: s.recv_into(bytearray(2), 3, "x"),
     TypeError),
    ("recv_into-float", "pair", lambda s: s.recv_into(bytearray(2), 1.0), TypeError),
    ("recv_into-keywords", "pair", lambda s: s.recv_into(buffer=bytearray(2), nbytes=3),
     ValueError),
    ("recv_into-bad-keyword", "pair", lambda s: s.recv_into(buf=bytearray(2)), TypeError),
    ("recv_into-empty", "pair", lambda s: s.recv_into(bytearray(0)), None),
    ("recv_into-empty-closed", "closed", lambda s: s.recv_into(bytearray(0)), None),
    ("recv_into-empty-flags-str", "pair", lambda s: s.recv_into(bytearray(0), 0, "x"),
     TypeError),
    ("recv_into-nbytes", "pair", lambda s: (lambda b: (s.recv_into(b, 3), bytes(b)))(bytearray(5)),
     None),
    ("recv_into-keyword-flags", "pair",
     lambda s: (lambda b: (s.recv_into(b, flags=stdlib.MSG_PEEK), bytes(b)))(bytearray(4)), None),
    ("recv_into-array", "pair",
     lambda s: (lambda b: (s.recv_into(b), b.tobytes()))(array.array("B", bytes(4))), None),
    ("recv_into-memoryview-slice", "pair",
     lambda s: (lambda b: (s.recv_into(memoryview(b)[2:]), bytes(b)))(bytearray(6)), None),
    ("recvfrom_into-too-big", "udp", lambda s: s.recvfrom_into(bytearray(2), 3), ValueError),
    ("recvfrom_into-negative", "udp", lambda s: s.recvfrom_into(bytearray(2), -1), ValueError),
    ("recvfrom_into-bytes", "udp", lambda s: s.recvfrom_into(b"xx"), TypeError),
    ("recvfrom_into-ok", "udp",
     lambda s: (lambda b: (s.recvfrom_into(b)[0], bytes(b)))(bytearray(20)), None),
    # bind / connect: address forms (more in test_socket_address.py)
    ("connect-none", "udp", lambda s: s.connect(None), TypeError),
    ("bind-list", "udp", lambda s: s.bind(["127.0.0.1", 0]), TypeError),
    ("bind-three-tuple", "udp", lambda s: s.bind(("127.0.0.1", 0, 0)), TypeError),
    ("bind-port-str", "tcp", lambda s: s.bind(("127.0.0.1", "x")), TypeError),
    ("bind-port-big", "tcp", lambda s: s.bind(("127.0.0.1", BIG)), OverflowError),
    ("bind-port-65536", "tcp", lambda s: s.bind(("127.0.0.1", 65536)), OverflowError),
    ("bind-port-negative", "tcp", lambda s: s.bind(("127.0.0.1", -1)), OverflowError),
    ("bind-keyword", "tcp", lambda s: s.bind(address=("127.0.0.1", 0)), TypeError),
    # listen: "|i"
    ("listen-str", "tcp", lambda s: s.listen("x"), TypeError),
    ("listen-big", "tcp", lambda s: s.listen(BIG), OverflowError),
    ("listen-negative", "tcp", lambda s: (s.bind(("127.0.0.1", 0)), s.listen(-5)), None),
    ("listen-two-args", "tcp", lambda s: s.listen(1, 2), TypeError),
    # timeouts
    ("settimeout-str", "tcp", lambda s: s.settimeout("x"), TypeError),
    ("settimeout-fraction", "tcp", lambda s: s.settimeout(__import__("fractions").Fraction(1, 2)),
     TypeError),
    ("settimeout-negative", "tcp", lambda s: s.settimeout(-1), ValueError),
    ("settimeout-negative-tiny", "tcp", lambda s: s.settimeout(-1e-10), ValueError),
    ("settimeout-negative-zero", "tcp", lambda s: (s.settimeout(-0.0), s.gettimeout()), None),
    ("settimeout-nan", "tcp", lambda s: s.settimeout(float("nan")), ValueError),
    ("settimeout-inf", "tcp", lambda s: s.settimeout(float("inf")), OverflowError),
    ("settimeout-1e300", "tcp", lambda s: s.settimeout(1e300), OverflowError),
    ("settimeout-2**62", "tcp", lambda s: s.settimeout(2 ** 62), OverflowError),
    ("settimeout-2**70", "tcp", lambda s: s.settimeout(2 ** 70), OverflowError),
    ("settimeout-month", "tcp", lambda s: (s.settimeout(3e6), s.gettimeout()), None),
    ("settimeout-1e-10", "tcp", lambda s: (s.settimeout(1e-10), s.gettimeout()), None),
    ("settimeout-third", "tcp", lambda s: (s.settimeout(1 / 3), s.gettimeout()), None),
    ("settimeout-true", "tcp", lambda s: (s.settimeout(True), s.gettimeout()), None),
    ("settimeout-int", "tcp", lambda s: (s.settimeout(5), s.gettimeout(), s.timeout), None),
    ("settimeout-keyword", "tcp", lambda s: s.settimeout(value=1), TypeError),
    ("setblocking-2", "tcp", lambda s: (s.setblocking(2), s.gettimeout(), s.getblocking()), None),
    ("setblocking-0", "tcp", lambda s: (s.setblocking(0), s.gettimeout(), s.getblocking()), None),
    # options
    ("getsockopt-level-str", "tcp", lambda s: s.getsockopt("a", 1), TypeError),
    ("getsockopt-buflen-negative", "tcp",
     lambda s: s.getsockopt(stdlib.SOL_SOCKET, stdlib.SO_TYPE, -1), OSError),
    ("getsockopt-buflen-1", "tcp", lambda s: s.getsockopt(stdlib.SOL_SOCKET, stdlib.SO_TYPE, 1),
     None),
    ("getsockopt-buflen-float", "tcp",
     lambda s: s.getsockopt(stdlib.SOL_SOCKET, stdlib.SO_TYPE, 1.0), TypeError),
    ("getsockopt-buflen-big", "tcp",
     lambda s: s.getsockopt(stdlib.SOL_SOCKET, stdlib.SO_TYPE, BIG), OverflowError),
    ("getsockopt-one-arg", "tcp", lambda s: s.getsockopt(stdlib.SOL_SOCKET), TypeError),
    ("getsockopt-bad-option", "tcp", lambda s: s.getsockopt(stdlib.SOL_SOCKET, 12345), OSError),
    ("setsockopt-str", "tcp",
     lambda s: s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, "x"), TypeError),
    ("setsockopt-float", "tcp",
     lambda s: s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, 1.0), TypeError),
    ("setsockopt-none", "tcp",
     lambda s: s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, None), TypeError),
    ("setsockopt-none-optlen", "tcp",
     lambda s: s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, None, 4), OSError),
    ("setsockopt-int-optlen", "tcp",
     lambda s: s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, 1, 4), TypeError),
    ("setsockopt-level-str-optlen", "tcp",
     lambda s: s.setsockopt("a", stdlib.SO_REUSEADDR, None, 4), TypeError),
    ("setsockopt-big", "tcp",
     lambda s: s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, BIG), TypeError),
    ("setsockopt-none-negative", "tcp",
     lambda s: s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, None, -1), OSError),
    ("setsockopt-two-args", "tcp", lambda s: s.setsockopt(stdlib.SOL_SOCKET, 1), TypeError),
    ("setsockopt-bytes", "tcp",
     lambda s: (s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, b"\1\0\0\0"),
                s.getsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR)), None),
    ("setsockopt-bool", "tcp",
     lambda s: (s.setsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR, True),
                s.getsockopt(stdlib.SOL_SOCKET, stdlib.SO_REUSEADDR)), None),
    ("setsockopt-level-str", "tcp", lambda s: s.setsockopt("a", 1, 1), TypeError),
    # shutdown: PyLong_AsInt
    ("shutdown-str", "tcp", lambda s: s.shutdown("x"), TypeError),
    ("shutdown-big", "tcp", lambda s: s.shutdown(BIG), OverflowError),
    ("shutdown-9", "pair", lambda s: s.shutdown(9), OSError),
    ("shutdown-unconnected", "tcp", lambda s: s.shutdown(stdlib.SHUT_RDWR), OSError),
    # no-argument methods
    ("fileno-arg", "tcp", lambda s: s.fileno(1), TypeError),
    ("getblocking-arg", "tcp", lambda s: s.getblocking(1), TypeError),
    # sendfile and makefile argument checks (Lib/socket.py)
    ("makefile-mode", "tcp", lambda s: s.makefile("rwx"), ValueError),
    ("makefile-text-unbuffered", "tcp", lambda s: s.makefile("r", 0), ValueError),
    ("sendfile-text", "pair", lambda s: s.sendfile(open(__file__)), ValueError),
    ("sendfile-udp", "udp", lambda s: s.sendfile(open(__file__, "rb")), ValueError),
    ("sendfile-count-0", "pair", lambda s: s.sendfile(open(__file__, "rb"), 0, 0), ValueError),
    ("sendfile-count-float", "pair", lambda s: s.sendfile(open(__file__, "rb"), 0, 1.0),
     TypeError),
    # a closed socket: EBADF everywhere, except where nothing reaches the kernel
    ("closed-settimeout", "closed", lambda s: s.settimeout(1), OSError),
    ("closed-setblocking", "closed", lambda s: s.setblocking(True), OSError),
    ("closed-gettimeout", "closed", lambda s: s.gettimeout(), None),
    ("closed-getsockname", "closed", lambda s: s.getsockname(), OSError),
    ("closed-getpeername", "closed", lambda s: s.getpeername(), OSError),
    ("closed-fileno", "closed", lambda s: s.fileno(), None),
    ("closed-dup", "closed", lambda s: s.dup(), OSError),
    ("closed-get_inheritable", "closed", lambda s: s.get_inheritable(), OSError),
    ("closed-set_inheritable", "closed", lambda s: s.set_inheritable(True), OSError),
    ("closed-detach", "closed", lambda s: s.detach(), None),
    ("closed-family", "closed", lambda s: (s.family, s.type, s.proto), None),
    ("closed-recv", "closed", lambda s: s.recv(1), OSError),
    ("closed-recvfrom", "closed", lambda s: s.recvfrom(1), OSError),
    ("closed-recv_into", "closed", lambda s: s.recv_into(bytearray(1)), OSError),
    ("closed-send", "closed", lambda s: s.send(b"x"), OSError),
    ("closed-send-empty", "closed", lambda s: s.send(b""), OSError),
    ("closed-sendall", "closed", lambda s: s.sendall(b"x"), OSError),
    ("closed-sendall-empty", "closed", lambda s: s.sendall(b""), OSError),
    ("closed-sendto", "closed", lambda s: s.sendto(b"x", ("127.0.0.1", 9)), OSError),
    ("closed-bind", "closed", lambda s: s.bind(("127.0.0.1", 0)), OSError),
    ("closed-listen", "closed", lambda s: s.listen(), OSError),
    ("closed-accept", "closed", lambda s: s.accept(), OSError),
    ("closed-connect", "closed", lambda s: s.connect(("127.0.0.1", 9)), OSError),
    ("closed-connect_ex", "closed", lambda s: s.connect_ex(("127.0.0.1", 9)), None),
    ("closed-getsockopt", "closed", lambda s: s.getsockopt(1, 1), OSError),
    ("closed-setsockopt", "closed", lambda s: s.setsockopt(1, 1, 1), OSError),
    ("closed-shutdown", "closed", lambda s: s.shutdown(0), OSError),
    ("closed-close", "closed", lambda s: s.close(), None),
    ("closed-sendfile", "closed", lambda s: s.sendfile(open(__file__, "rb")), ValueError),
    ("closed-timeout-recv", "closed-timeout", lambda s: s.recv(1), OSError),
    ("closed-timeout-accept", "closed-timeout", lambda s: s.accept(), OSError),
    ("closed-timeout-connect", "closed-timeout", lambda s: s.connect(("127.0.0.1", 9)), OSError),
    ("closed-timeout-sendall", "closed-timeout", lambda s: s.sendall(b"x"), OSError),
    ("closed-timeout-sendall-empty", "closed-timeout", lambda s: s.sendall(b""), OSError),
    ("closed-timeout-gettimeout", "closed-timeout", lambda s: s.gettimeout(), None),
]


@pytest.mark.parametrize("kind, call, expected", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_same_as_stdlib(kind, call, expected):
    theirs = _run(stdlib, kind, call)
    ours = _run(sockffi, kind, call)
    assert_same(ours, theirs, expected)


# --- the constructor ---------------------------------------------------------

def _construct(mod, *args, **kwargs):
    def make():
        with mod.socket(*args, **kwargs) as s:
            return int(s.family), int(s.type), s.proto, s.gettimeout()
    return outcome(make)


# A descriptor number no process can have open (far above any open-files
# limit): a freshly closed number could be reused before the test runs, and
# the constructor would then adopt (and close) someone else's descriptor.
BAD_FD = 2 ** 30 - 1


CONSTRUCTOR_CASES = [
    ("family-str", ("x",), {}, TypeError),
    ("family-float", (1.0,), {}, TypeError),
    ("family-big", (BIG,), {}, OverflowError),
    ("family-none", (None,), {}, TypeError),
    ("type-str", (2, "x"), {}, TypeError),
    ("proto-float", (2, 1, 0.0), {}, TypeError),
    ("unknown-family", (12345,), {}, OSError),
    ("unknown-type", (2, 12345), {}, OSError),
    ("fileno-float", (), {"fileno": 1.5}, TypeError),
    ("fileno-str", (), {"fileno": "x"}, TypeError),
    ("fileno-negative", (), {"fileno": -1}, ValueError),
    ("fileno-negative-42", (2, 1), {"fileno": -42}, ValueError),
    ("fileno-2**64", (), {"fileno": 2 ** 64}, OverflowError),
    ("fileno-bad", (), {"fileno": BAD_FD}, OSError),
    ("fileno-bad-with-family", (2, 1), {"fileno": BAD_FD}, OSError),
    ("five-args", (2, 1, 0, None, 5), {}, TypeError),
    ("bad-keyword", (), {"foo": 1}, TypeError),
    ("keywords", (), {"family": 2, "type": 2, "proto": 0}, None),
    ("defaults", (), {}, None),
    ("nonblock-flag", (2, stdlib.SOCK_STREAM | stdlib.SOCK_NONBLOCK), {}, None),
    ("cloexec-flag", (2, stdlib.SOCK_DGRAM | stdlib.SOCK_CLOEXEC), {}, None),
    ("enum-args", (stdlib.AddressFamily.AF_INET6, stdlib.SocketKind.SOCK_DGRAM), {}, None),
]


@pytest.mark.parametrize("args, kwargs, expected", [c[1:] for c in CONSTRUCTOR_CASES],
                         ids=[c[0] for c in CONSTRUCTOR_CASES])
def test_constructor_same_as_stdlib(args, kwargs, expected):
    theirs = _construct(stdlib, *args, **kwargs)
    ours = _construct(sockffi, *args, **kwargs)
    assert_same(ours, theirs, expected)


def test_constructor_fileno_of_a_regular_file_is_enotsock():
    import errno
    with open(__file__, "rb") as f:
        for mod in (stdlib, sockffi):
            with pytest.raises(OSError) as info:
                mod.socket(mod.AF_INET, mod.SOCK_STREAM, fileno=f.fileno())
            assert info.value.errno == errno.ENOTSOCK


def test_fileno_wraps_like_a_c_int():
    # The stdlib casts the long to the int a descriptor is: 2**32 + fd is fd.
    a, b = sockffi.socketpair()
    with a, b:
        s = sockffi.socket(fileno=a.fileno() + 2 ** 32)
        assert s.fileno() == a.fileno()
        assert s.family == sockffi.AF_UNIX
        s.detach()
    if not IS_PYPY:
        a, b = stdlib.socketpair()
        with a, b:
            s = stdlib.socket(fileno=a.fileno() + 2 ** 32)
            assert s.fileno() == a.fileno()
            s.detach()


# --- module-level defaults ---------------------------------------------------

@pytest.mark.parametrize("value", ["x", -1, float("nan"), 2 ** 70, None, 0, 0.5, 1 / 3],
                         ids=repr)
def test_setdefaulttimeout_same_as_stdlib(value):
    results = []
    for mod in (stdlib, sockffi):
        old = mod.getdefaulttimeout()
        try:
            results.append(outcome(lambda: (mod.setdefaulttimeout(value),
                                            mod.getdefaulttimeout())))
        finally:
            mod.setdefaulttimeout(old)
    assert_same(results[1], results[0])


def stdlib_setblocking_takes_truth() -> bool:
    with stdlib.socket() as s:
        try:
            s.setblocking(None)
        except TypeError:
            return False
    return True


@pytest.mark.skipif(not stdlib_setblocking_takes_truth(),
                    reason="this stdlib's setblocking() takes a C long (before 3.12.1; PyPy)")
def test_setblocking_truth_value_where_the_stdlib_takes_it():
    with sockffi.socket() as s:
        s.setblocking(None)
        assert s.gettimeout() == 0.0


def test_an_int_subclass_argument_is_its_plain_value():
    """socket() turns an int subclass (an IntEnum member, or one with its
    own __index__ and __int__) into its int value, as PyArg "i" does,
    without calling either, on every interpreter (plain_int picks the
    converter)."""
    from sockffi._args import plain_int

    class OwnIndex(int):  # (PyPy's int.__index__ would call the __int__)
        def __index__(self):
            return 99

        def __int__(self):
            return 98

    for value, expected in ((sockffi.AF_INET, 2), (sockffi.SOCK_STREAM, 1), (OwnIndex(2), 2),
                            (True, 1)):
        plain = plain_int(value)
        assert type(plain) is int and plain == expected
    for mod in (stdlib, sockffi):
        with mod.socket(OwnIndex(2), OwnIndex(1)) as s:
            assert (s.family, s.type) == (mod.AF_INET, mod.SOCK_STREAM)


class _Lying(int):
    """An int whose own conversions and comparisons all lie: C reads only
    its value, so every function must treat it as that plain int."""

    def __index__(self):
        return 99

    def __int__(self):
        return 98

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    def __lt__(self, other):
        return True

    __le__ = __gt__ = __ge__ = __lt__
    __hash__ = int.__hash__


@pytest.mark.parametrize("name, args", [
    ("getaddrinfo", ("127.0.0.1", "80", 2, 1, 0, 4)),  # (a port must be an exact int)
    ("inet_pton", (10, "::1")),
    ("inet_pton", (2, "10.0.0.1")),
    ("inet_ntop", (10, b"\0" * 15 + b"\1")),
    ("htons", (5,)),
    ("htonl", (5,)),
    ("getnameinfo", (("127.0.0.1", 80), 1)),
    ("CMSG_LEN", (4,)),
    ("if_indextoname", (1,)),
    ("ntohl", (5,)),
    ("getservbyport", (80, "tcp")),
])
def test_a_lying_int_subclass_is_its_value_in_every_module_function(name, args):
    """f(*args) with each int argument made a _Lying gives what it gives
    with the plain ints (the stdlib's rule; PyPy's own module calls the
    subclass's __int__ in places, so sockffi is compared with itself)."""
    function = getattr(sockffi, name)
    lying = tuple(_Lying(a) if type(a) is int else a for a in args)
    assert outcome(function, *lying) == outcome(function, *args)
    if not IS_PYPY:
        assert outcome(function, *lying) == outcome(getattr(stdlib, name), *args)


def test_a_lying_int_subclass_is_its_value_for_recvmmsg():
    if not hasattr(sockffi.socket, "recvmmsg"):
        pytest.skip("no recvmmsg here")
    with sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        s.settimeout(5)
        for _ in range(3):
            s.sendto(b"datagram", s.getsockname())
        got = s.recvmmsg(_Lying(2), _Lying(4))
        assert [data for data, _ in got] == [b"data", b"data"]
