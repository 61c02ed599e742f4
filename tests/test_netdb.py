"""Name and service lookup compared with the stdlib on the same inputs.

Only numeric hosts, loopback, 'localhost', this host's own name, /etc/services
and /etc/protocols entries, and names under the reserved .invalid domain
(which never resolve): the test machines have no working DNS.
"""

import socket as std
import sys
import threading

import pytest

import sockffi
from sockffi import _netdb
from socket_support import IS_PYPY, Index, kind, outcome, same


# --- getaddrinfo ----------------------------------------------------------------

S, D, R = std.SOCK_STREAM, std.SOCK_DGRAM, std.SOCK_RAW
GAI = [
    ("127.0.0.1", 80), ("localhost", 80, std.AF_INET, S), (None, 80, 0, S),
    (None, 0, 0, S, 0, std.AI_PASSIVE), (b"127.0.0.1", b"80", 0, D),
    ("::1", "http", std.AF_INET6, S), ("::1", 80, 0, 0, 0, std.AI_NUMERICHOST),
    ("127.0.0.1", "nosuchservice"), ("127.0.0.1", -1, 0, S), ("127.0.0.1", 70000, 0, S),
    ("127.0.0.1\0junk", 80, 0, S), (b"127.0.0.1\0junk", 80, 0, S), ("127.0.0.1", "80\0x", 0, S),
    ("127.0.0.1", "\udcff"), ("a" * 64, 80), ("a..b", 80), ("a." * 3, 80), ("", 80),
    ("\udcff", 80), (None, None), ("127.0.0.1", None, 0, S),
    ("127.0.0.1", 80, 12345), ("127.0.0.1", 80, 0, 12345), ("127.0.0.1", 80, 0, 0, 0, 0xFFFF),
    ("127.0.0.1", 80, 0, 1.5), ("127.0.0.1", 80, 0, "1"),
    ("localhost", 80, 0, S, 0, std.AI_CANONNAME),
    ("127.0.0.1", 80, std.AF_UNIX), ("127.0.0.1", 80, 0, R), ("127.0.0.1", 80, 0, S, 17),
    ("127.0.0.1", 0, std.AF_INET, S, 0, std.AI_NUMERICSERV), ("nonexistent.invalid", 80),
    ("ex\u00e4mple.invalid", 80), ("localhost", "http", 0, S), ("localhost", "domain", 0, D),
    (bytearray(b"127.0.0.1"), 80), (1, 80),
]
# Where PyPy's socket departs from CPython's.
GAI_PYPY_DIFFERS = [("127.0.0.1", 1.5), ("127.0.0.1", True, 0, S), ("fe80::1%lo", 80, 0, S),
                    ("fe80::1%1", 80, 0, S), ("127.0.0.1", []), ("127.0.0.1", 80, 2**40)]


@pytest.mark.parametrize("args", GAI, ids=repr)
def test_getaddrinfo(args):
    kind, *rest = same("getaddrinfo", *args)
    if kind == "ok":
        # Family and type are the enums, with the stdlib's member names.
        for got, want in zip(rest[0], std.getaddrinfo(*args)):
            assert type(got[0]) is sockffi.AddressFamily and got[0].name == want[0].name
            assert type(got[1]) is sockffi.SocketKind and got[1].name == want[1].name


@pytest.mark.parametrize("args", GAI_PYPY_DIFFERS, ids=repr)
def test_getaddrinfo_pypy_differs(args):
    same("getaddrinfo", *args, pypy=False)


@pytest.mark.skipif(IS_PYPY or sys.version_info < (3, 13),
                    reason="CPython 3.13's behaviour (the spec); 3.11 says OverflowError")
def test_getaddrinfo_huge_port():
    # The port goes to the resolver as decimal text, whatever its size.
    same("getaddrinfo", "127.0.0.1", 2**70)


def test_getaddrinfo_port_forms():
    # Int or String expected: an OSError, as in CPython (PyPy: TypeError).
    with pytest.raises(OSError, match="Int or String expected"):
        sockffi.getaddrinfo("127.0.0.1", 1.5)
    # bool and IntEnum are not exactly int: refused like any other object.
    with pytest.raises(OSError):
        sockffi.getaddrinfo("127.0.0.1", True)
    assert sockffi.getaddrinfo("127.0.0.1", b"80", type=S)[0][4] == ("127.0.0.1", 80)
    assert sockffi.getaddrinfo("127.0.0.1", "80", type=S)[0][4] == ("127.0.0.1", 80)


def test_getaddrinfo_keywords():
    same("getaddrinfo", "127.0.0.1", 80, family=std.AF_INET, type=S, proto=6, flags=0)
    same("getaddrinfo", host="127.0.0.1", port=80)
    same("getaddrinfo", "127.0.0.1", 80, host="x")


def test_getaddrinfo_errors_are_gaierror():
    with pytest.raises(sockffi.gaierror) as info:
        sockffi.getaddrinfo("127.0.0.1", 80, 12345)
    assert info.value.errno == sockffi.EAI_FAMILY
    assert info.value.strerror == "ai_family not supported"
    # The stdlib's class: code written for it catches sockffi's errors.
    assert sockffi.gaierror is std.gaierror


def test_getaddrinfo_idna():
    # Non-ASCII names go through IDNA (the .invalid domain never resolves,
    # so the encoded form reaches the resolver and fails there).
    with pytest.raises(sockffi.gaierror):
        sockffi.getaddrinfo("b\u00fccher.invalid", 80)
    with pytest.raises(UnicodeError):
        sockffi.getaddrinfo("a" * 64, 80)
    assert _netdb._idna("b\u00fccher.example") == b"xn--bcher-kva.example"
    assert _netdb._idna("localhost") == b"localhost"


# --- getnameinfo -------------------------------------------------------------------

NI = [
    (("127.0.0.1", 80), 0), (("127.0.0.1", 80), std.NI_NUMERICHOST | std.NI_NUMERICSERV),
    (("::1", 80, 0, 0), 0), (("::1", 80, 1, 1), std.NI_NUMERICHOST),
    (("127.0.0.1", 0), std.NI_DGRAM), (("127.0.0.1", 53), std.NI_DGRAM),
    (("127.0.0.1", 80), std.NI_NAMEREQD), (("::ffff:127.0.0.1", 80), std.NI_NUMERICHOST),
    (("fe80::1", 80, 0, 1), std.NI_NUMERICHOST), (("localhost", 80), 0), (("", 80), 0),
    (("127.0.0.1", -1), 0), (("::1", 80, 0, 1.5), 0), (("127.0.0.1", "80"), 0),
    (("127.0.0.1", 80), 1.5),
    (("10.255.255.1", 80), std.NI_NAMEREQD), ((b"127.0.0.1", 80), 0),
]
NI_PYPY_DIFFERS = [
    (("::1", 80, 0xFFFFF + 1, 0), 0), (("::1", 80, -1, 0), 0), (("::1", 80, 2**33, 2**33), 0),
    (["127.0.0.1", 80], 0), (("127.0.0.1",), 0), (("127.0.0.1", 80, 1, 2, 3), 0),
    (("127.0.0.1", 2**40), 0), (("127.0.0.1", 70000), 0), (("127.0.0.1\0", 80), 0),
    (("127.0.0.1", 80), 2**40), (("127.0.0.1", 80, 0), 0), (("127.0.0.1", 80, 0, 0), 0),
]


@pytest.mark.parametrize("args", NI, ids=repr)
def test_getnameinfo(args):
    same("getnameinfo", *args)


@pytest.mark.parametrize("args", NI_PYPY_DIFFERS, ids=repr)
def test_getnameinfo_pypy_differs(args):
    same("getnameinfo", *args, pypy=False)


def test_getnameinfo_values():
    assert sockffi.getnameinfo(("127.0.0.1", 80), sockffi.NI_NUMERICHOST | sockffi.NI_NUMERICSERV) \
        == ("127.0.0.1", "80")
    assert sockffi.getnameinfo(("127.0.0.1", 80), sockffi.NI_NUMERICHOST) == ("127.0.0.1", "http")
    with pytest.raises(OSError, match="IPv4 sockaddr must be 2 tuple"):
        sockffi.getnameinfo(("127.0.0.1", 80, 0, 0), 0)


# --- hosts ------------------------------------------------------------------------

HOSTS = ["127.0.0.1", "localhost", b"localhost", bytearray(b"localhost"), "", "::1",
         "255.255.255.255", "127.1", "0.0.0.0", "10.1.2.3", "nonexistent.invalid",
         "\u00e4.invalid", "a" * 64, "a..b", "\udcff", None, 1, "localhost\0", b"local\0host",
         std.gethostname()]
# PyPy takes only str, ignores NUL, and words herror differently (no errno).
HOSTS_PYPY_DIFFERS = [b"localhost", bytearray(b"localhost"), None, 1, "localhost\0",
                      b"local\0host", "::1", "10.1.2.3", "0.0.0.0", "255.255.255.255", ""]


def _pypy_ok(host):
    return not any(host is h or (type(host) is type(h) and host == h) for h in HOSTS_PYPY_DIFFERS)


@pytest.mark.parametrize("name", ["gethostbyname", "gethostbyname_ex", "gethostbyaddr"])
@pytest.mark.parametrize("host", HOSTS, ids=repr)
def test_host_lookups(name, host):
    if name == "gethostbyname_ex" and host in ("", "255.255.255.255"):
        # CPython reads the thread's global h_errno, which gethostbyname_r may
        # leave stale; sockffi reports the call's own h_errno.
        got = outcome(getattr(sockffi, name), host)
        want = outcome(getattr(std, name), host)
        assert got[:2] == want[:2]
        return
    same(name, host, pypy=_pypy_ok(host))


def test_host_lookup_values():
    assert sockffi.gethostbyname("localhost") == "127.0.0.1"
    assert sockffi.gethostbyname("127.1") == "127.0.0.1"
    assert sockffi.gethostbyname("") == "0.0.0.0"
    name, aliases, addresses = sockffi.gethostbyname_ex("localhost")
    assert name == "localhost" and "127.0.0.1" in addresses
    assert sockffi.gethostbyaddr("127.0.0.1")[2] == ["127.0.0.1"]
    with pytest.raises(sockffi.herror) as info:
        sockffi.gethostbyaddr("10.255.255.1")  # no such entry, no DNS
    assert info.value.errno in (sockffi.HOST_NOT_FOUND, sockffi.TRY_AGAIN, sockffi.NO_RECOVERY)
    assert sockffi.herror is std.herror


def test_hostent_buffer_grows(monkeypatch):
    # A tiny first buffer: libc says ERANGE and the lookup retries with more.
    monkeypatch.setattr(_netdb, "_BUFFER_START", 4)
    assert sockffi.gethostbyname_ex("localhost") == std.gethostbyname_ex("localhost")
    assert sockffi.gethostbyaddr("127.0.0.1") == std.gethostbyaddr("127.0.0.1")
    assert sockffi.getservbyname("http", "tcp") == 80
    assert sockffi.getservbyport(53, "udp") == "domain"
    assert sockffi.getprotobyname("udp") == 17


def test_hostname():
    same("gethostname")
    same("gethostname", 1)
    assert sockffi.gethostname() == std.gethostname()


@pytest.mark.parametrize("name", ["", "localhost", "127.0.0.1", "  ", "::", "0.0.0.0",
                                  "nonexistent.invalid", "  localhost  "])
def test_getfqdn(name):
    same("getfqdn", name)  # "::" is this host since Python 3.10 (not on PyPy 3.9)


def test_getfqdn_default():
    same("getfqdn")


# Argument checks only: the tests must never change the host name.  Every
# value here is also longer than the kernel's limit (64 bytes), so even one
# wrongly accepted would be refused with EINVAL instead of applied.
LONG = "x" * 100


@pytest.mark.parametrize("args", [(), (None,), (1,), (bytearray(LONG.encode()),),
                                  (memoryview(LONG.encode()),), (LONG.encode(), 1), (1.5,)],
                         ids=repr)
def test_sethostname_argument_errors(args):
    got = outcome(sockffi.sethostname, *args)
    want = outcome(std.sethostname, *args)
    assert got[0] == "raise" and got[1] is TypeError
    if not IS_PYPY:
        assert kind(got) == kind(want)


# --- services and protocols ---------------------------------------------------------

SERV_BY_NAME = [("http",), ("http", "tcp"), ("domain", "udp"), ("http", "udp"), ("nosuch",),
                ("\u00e4",), ("ssh",), ("https", "tcp"), ("ntp", "udp"), ("", "tcp"), (b"http",),
                ("http", b"tcp")]
SERV_BY_NAME_PYPY_DIFFERS = [("http\0",), ("http", None), ("\udcff",)]


@pytest.mark.parametrize("args", SERV_BY_NAME, ids=repr)
def test_getservbyname(args):
    same("getservbyname", *args)


@pytest.mark.parametrize("args", SERV_BY_NAME_PYPY_DIFFERS, ids=repr)
def test_getservbyname_pypy_differs(args):
    same("getservbyname", *args, pypy=False)


SERV_BY_PORT = [(80,), (80, "tcp"), (53, "udp"), (1,), (22, "tcp"), (65535,), (-1,), (65536,),
                (80, "xyz"), (True,), (Index(80),), ("80",), (80.0,)]
SERV_BY_PORT_PYPY_DIFFERS = [(2**40,), (80, None)]


@pytest.mark.parametrize("args", SERV_BY_PORT, ids=repr)
def test_getservbyport(args):
    same("getservbyport", *args, pypy=not isinstance(args[0], Index))


@pytest.mark.parametrize("args", SERV_BY_PORT_PYPY_DIFFERS, ids=repr)
def test_getservbyport_pypy_differs(args):
    same("getservbyport", *args, pypy=False)


@pytest.mark.parametrize("name", ["tcp", "udp", "icmp", "TCP", "ipv6", "nosuch", "", b"tcp"],
                         ids=repr)
def test_getprotobyname(name):
    same("getprotobyname", name)


@pytest.mark.parametrize("name", ["tcp\0", None])
def test_getprotobyname_pypy_differs(name):
    same("getprotobyname", name, pypy=name is None)


def test_positional_only():
    # The stdlib's functions take no keyword arguments.
    for call in (lambda m: m.getservbyname(servicename="http"),
                 lambda m: m.getservbyport(port=80),
                 lambda m: m.getprotobyname(name="tcp")):
        assert outcome(call, sockffi)[:2] == ("raise", TypeError)
        if not IS_PYPY:
            assert outcome(call, std)[:2] == ("raise", TypeError)


# --- threads ---------------------------------------------------------------------------

def _lookups():
    """(callable, args) pairs whose answers come from /etc files or numbers."""
    calls = [(sockffi.getservbyname, (name, proto))
             for name, proto in [("http", "tcp"), ("domain", "udp"), ("ssh", "tcp"),
                                 ("smtp", "tcp"), ("ntp", "udp"), ("https", "tcp")]]
    calls += [(sockffi.getservbyport, (port, proto))
              for port, proto in [(80, "tcp"), (53, "udp"), (22, "tcp"), (25, "tcp"), (443, "tcp")]]
    calls += [(sockffi.getprotobyname, (name,)) for name in ("tcp", "udp", "icmp", "ipv6")]
    calls += [(sockffi.gethostbyname_ex, ("localhost",)), (sockffi.gethostbyaddr, ("127.0.0.1",))]
    calls += [(sockffi.gethostbyname, ("127.0.0.%d" % i,)) for i in range(1, 4)]
    calls += [(sockffi.getaddrinfo, ("127.0.0.%d" % i, 1000 + i, 0, S)) for i in range(1, 4)]
    calls += [(sockffi.getnameinfo, (("127.0.0.1", port), sockffi.NI_NUMERICHOST))
              for port in (22, 80)]
    return calls


def test_lookups_from_eight_threads():
    calls = _lookups()
    expected = [func(*args) for func, args in calls]
    errors = []
    start = threading.Barrier(8)

    def worker(offset):
        start.wait()
        n = len(calls)
        for step in range(40 * n):
            i = (offset + step * (offset + 1)) % n  # each thread its own order
            func, args = calls[i]
            try:
                got = func(*args)
            except Exception as exc:  # noqa: BLE001 - report, do not hang
                errors.append((func.__name__, args, repr(exc)))
                return
            if got != expected[i]:
                errors.append((func.__name__, args, got, expected[i]))
                return

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []


# --- audit events --------------------------------------------------------------------

_AUDIT = {"on": False, "events": []}


def _audit_hook(event, args):
    if _AUDIT["on"] and event.startswith("socket."):
        _AUDIT["events"].append((event, args))


def _events(call):
    if not _AUDIT.get("installed"):
        sys.addaudithook(_audit_hook)  # cannot be removed: gated by the flag
        _AUDIT["installed"] = True
    _AUDIT["events"] = []
    _AUDIT["on"] = True
    try:
        outcome(call)
    finally:
        _AUDIT["on"] = False
    return _AUDIT["events"]


@pytest.mark.skipif(IS_PYPY, reason="PyPy's socket module raises no audit events")
@pytest.mark.parametrize("call", [
    lambda m: m.getaddrinfo("127.0.0.1", 80, 0, S),
    lambda m: m.getaddrinfo(b"127.0.0.1", "http"),
    lambda m: m.getnameinfo(("127.0.0.1", 80), 0),
    lambda m: m.gethostbyname("localhost"),
    lambda m: m.gethostbyname_ex("localhost"),
    lambda m: m.gethostbyaddr("127.0.0.1"),
    lambda m: m.gethostname(),
    lambda m: m.getservbyname("http", "tcp"),
    lambda m: m.getservbyname("http"),
    lambda m: m.getservbyport(80),
    lambda m: m.sethostname(1),  # refused before the event
], ids=["gai", "gai-bytes", "gni", "ghbn", "ghbn_ex", "ghba", "hostname", "sbn", "sbn1",
        "sbp", "sethostname-bad"])
def test_audit_events(call):
    assert _events(lambda: call(sockffi)) == _events(lambda: call(std))


@pytest.mark.parametrize("port", [2 ** 63, -2 ** 63 - 1, 2 ** 64 + 80, 2 ** 63 - 1, -1, 2 ** 31])
def test_getaddrinfo_port_beyond_a_c_long(port):
    """An int port goes through PyLong_AsLong: beyond a C long it is the
    stdlib's OverflowError, not a lookup (which answered port 0 or gaierror)."""
    assert kind(outcome(sockffi.getaddrinfo, "127.0.0.1", port)) == kind(
        outcome(std.getaddrinfo, "127.0.0.1", port))
