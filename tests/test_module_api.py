"""The module's public names against the stdlib's, the interface functions,
and the helpers of Lib/socket.py (create_connection, create_server, fromfd,
dup, close)."""

import builtins
import errno
import os
import socket as std
import subprocess
import sys
import types
import warnings

import pytest

import sockffi
from socket_support import IS_PYPY, Index, kind, outcome

# CPython 3.13's socket.__all__ on Linux minus the platform constants: the
# names every interpreter's sockffi must offer (3.13's set on any version).
FUNCTIONS_313 = {
    "CMSG_LEN", "CMSG_SPACE", "close", "create_connection", "create_server", "dup",
    "fromfd", "getaddrinfo", "getdefaulttimeout", "getfqdn", "gethostbyaddr",
    "gethostbyname", "gethostbyname_ex", "gethostname", "getnameinfo", "getprotobyname",
    "getservbyname", "getservbyport", "has_dualstack_ipv6", "htonl", "htons",
    "if_indextoname", "if_nameindex", "if_nametoindex", "inet_aton", "inet_ntoa",
    "inet_ntop", "inet_pton", "ntohl", "ntohs", "recv_fds", "send_fds",
    "setdefaulttimeout", "sethostname", "socket", "socketpair",
}
OTHER_NAMES_313 = {"AddressFamily", "SocketKind", "SocketType", "error", "timeout",
                   "herror", "gaierror", "has_ipv6"}


# --- names ----------------------------------------------------------------------------

def test_every_stdlib_name_exists():
    assert set(std.__all__) - set(dir(sockffi)) == set()


def test_every_313_name_exists():
    assert (FUNCTIONS_313 | OTHER_NAMES_313) - set(dir(sockffi)) == set()
    for name in FUNCTIONS_313:
        assert callable(getattr(sockffi, name)), name


def test_stdlib_values_equal():
    """Every constant of socket.__all__ has the stdlib's value; the classes
    and flags that can be the same object are."""
    differ = []
    for name in std.__all__:
        want, got = getattr(std, name), getattr(sockffi, name, None)
        if isinstance(want, (int, str)) and not isinstance(want, bool):
            # Plain int, or a member of the enum of the same name (AF_INET...).
            if got != want or type(got).__name__ != type(want).__name__:
                differ.append((name, want, got))
    assert differ == []
    assert sockffi.error is std.error is OSError
    assert sockffi.herror is std.herror and sockffi.gaierror is std.gaierror
    assert issubclass(sockffi.timeout, TimeoutError) and issubclass(std.timeout, OSError)
    assert sockffi.has_ipv6 == std.has_ipv6
    assert sockffi.SocketType is sockffi.socket
    if hasattr(std, "CAPI"):
        assert sockffi.CAPI is std.CAPI


@pytest.mark.parametrize("name", ["AddressFamily", "SocketKind", "MsgFlag", "AddressInfo"])
def test_enums_have_the_stdlib_members(name):
    ours, theirs = getattr(sockffi, name), getattr(std, name)
    assert ours.__bases__ == theirs.__bases__
    members = {m.name: m.value for m in theirs}
    assert {n: ours[n].value for n in members} == members
    # The same member for every value (so repr() of results is the same).
    for value in members.values():
        assert ours(value).name == theirs(value).name


def test_all_is_consistent():
    assert len(sockffi.__all__) == len(set(sockffi.__all__))
    assert [n for n in sockffi.__all__ if not hasattr(sockffi, n)] == []
    assert set(std.__all__) <= set(sockffi.__all__)


def test_import_leaves_idna_codec_alone():
    # Import time: the IDNA codec (and unicodedata) load only when a
    # non-ASCII name is looked up.
    code = ("import sys, sockffi\n"
            "sockffi.getaddrinfo('localhost', 80)\n"
            "print('encodings.idna' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# --- interfaces ------------------------------------------------------------------------

def _sys_interfaces():
    """{name: index} from /sys/class/net: the kernel's own answer."""
    base = "/sys/class/net"
    if not os.path.isdir(base):
        pytest.skip("no /sys/class/net")
    out = {}
    for name in os.listdir(base):
        with open(os.path.join(base, name, "ifindex")) as f:
            out[name] = int(f.read())
    return out


def test_if_nameindex():
    pairs = sockffi.if_nameindex()
    assert dict((name, index) for index, name in pairs) == _sys_interfaces()
    if hasattr(std, "if_nameindex"):
        assert pairs == std.if_nameindex()


def test_if_name_index_round_trip():
    for name, index in _sys_interfaces().items():
        assert sockffi.if_nametoindex(name) == index
        assert sockffi.if_nametoindex(name.encode()) == index
        assert sockffi.if_indextoname(index) == name


NAMETOINDEX = ["lo", b"lo", "nosuch", "", "x" * 100, "lo\0", 1, bytearray(b"lo"), None]
INDEXTONAME = [1, 0, 99999, -1, 2**64, 1.5, "1", True, Index(1), None]


@pytest.mark.skipif(not hasattr(std, "if_nametoindex"), reason="PyPy's socket has no if_*")
@pytest.mark.parametrize("name", NAMETOINDEX, ids=repr)
def test_if_nametoindex_same(name):
    assert kind(outcome(sockffi.if_nametoindex, name)) == kind(outcome(std.if_nametoindex, name))


@pytest.mark.skipif(not hasattr(std, "if_indextoname"), reason="PyPy's socket has no if_*")
@pytest.mark.parametrize("index", INDEXTONAME, ids=repr)
def test_if_indextoname_same(index):
    assert kind(outcome(sockffi.if_indextoname, index)) == kind(outcome(std.if_indextoname, index))


def test_if_errors():
    with pytest.raises(OSError, match="no interface with this name"):
        sockffi.if_nametoindex("nosuch0")
    with pytest.raises(OSError) as info:
        sockffi.if_indextoname(0)
    assert info.value.errno == errno.ENXIO
    with pytest.raises(OverflowError):
        sockffi.if_indextoname(2**32)  # CPython 3.13; 3.11 truncated it
    with pytest.raises(TypeError):
        sockffi.if_indextoname(1.0)
    with pytest.raises(ValueError):
        sockffi.if_nametoindex("lo\0")


# --- create_connection ---------------------------------------------------------------

@pytest.fixture
def server():
    srv = std.socket(std.AF_INET, std.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    yield srv
    srv.close()


def _closed_port():
    s = std.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_create_connection(server):
    port = server.getsockname()[1]
    with sockffi.create_connection(("127.0.0.1", port)) as c:
        peer, _ = server.accept()
        with peer:
            assert isinstance(c, sockffi.socket)
            assert c.getpeername() == ("127.0.0.1", port)
            assert c.gettimeout() is None
            c.sendall(b"ping")
            assert peer.recv(4) == b"ping"


def test_create_connection_timeout_and_source(server):
    port = server.getsockname()[1]
    with sockffi.create_connection(("localhost", port), timeout=2.5,
                                   source_address=("127.0.0.1", 0)) as c:
        server.accept()[0].close()
        assert c.gettimeout() == 2.5
        assert c.getsockname()[0] == "127.0.0.1"
    # The stdlib's "no timeout given" marker means the default too.
    sockffi.setdefaulttimeout(7.0)
    try:
        with sockffi.create_connection(("127.0.0.1", port), std._GLOBAL_DEFAULT_TIMEOUT) as c:
            server.accept()[0].close()
            assert c.gettimeout() == 7.0
        with sockffi.create_connection(("127.0.0.1", port), None) as c:
            server.accept()[0].close()
            assert c.gettimeout() is None
    finally:
        sockffi.setdefaulttimeout(None)


def test_helpers_use_the_package_namespace(server, monkeypatch):
    # As Lib/socket.py's helpers use its globals: code that replaces
    # sockffi.getaddrinfo or sockffi.socket (tests, instrumentation) is obeyed.
    port = server.getsockname()[1]
    seen = []
    real_getaddrinfo = sockffi.getaddrinfo

    def recording_getaddrinfo(*args):
        seen.append(args)
        return real_getaddrinfo("127.0.0.1", *args[1:])

    class RecordingSocket(sockffi.socket):
        pass

    monkeypatch.setattr(sockffi, "getaddrinfo", recording_getaddrinfo)
    monkeypatch.setattr(sockffi, "socket", RecordingSocket)
    with sockffi.create_connection(("name-never-resolved.invalid", port)) as c:
        server.accept()[0].close()
        assert type(c) is RecordingSocket
    assert seen == [("name-never-resolved.invalid", port, 0, sockffi.SOCK_STREAM)]
    with sockffi.create_server(("127.0.0.1", 0)) as srv:
        assert type(srv) is RecordingSocket
    monkeypatch.setattr(sockffi, "gethostbyaddr", lambda name: ("h.example", ["a"], []))
    assert sockffi.getfqdn("x") == "h.example"


def test_create_connection_refused():
    port = _closed_port()
    got = outcome(sockffi.create_connection, ("127.0.0.1", port))
    assert kind(got) == kind(outcome(std.create_connection, ("127.0.0.1", port)))
    assert got[1] is ConnectionRefusedError


@pytest.mark.skipif(not hasattr(builtins, "ExceptionGroup"), reason="Python >= 3.11")
def test_create_connection_all_errors():
    port = _closed_port()
    with pytest.raises(ExceptionGroup) as info:  # noqa: F821 - builtin on 3.11+
        sockffi.create_connection(("localhost", port), all_errors=True)
    assert info.value.exceptions
    assert all(isinstance(e, ConnectionRefusedError) for e in info.value.exceptions)


@pytest.mark.skipif(hasattr(builtins, "ExceptionGroup"), reason="Python < 3.11 only")
def test_create_connection_all_errors_without_exception_group():
    # No ExceptionGroup: the exceptiongroup backport if installed, else the
    # last error, as with all_errors=False.
    try:
        from exceptiongroup import ExceptionGroup as expected
    except ImportError:
        expected = ConnectionRefusedError
    with pytest.raises(expected):
        sockffi.create_connection(("127.0.0.1", _closed_port()), all_errors=True)


def test_create_connection_bad_address():
    for address in [("127.0.0.1",), "127.0.0.1:80", ("nonexistent.invalid", 80)]:
        got = outcome(sockffi.create_connection, address)
        assert got[:2] == outcome(std.create_connection, address)[:2]


# --- create_server --------------------------------------------------------------------

def _opt(sock, level, name):
    return sock.getsockopt(level, name)


def test_create_server_defaults():
    with sockffi.create_server(("127.0.0.1", 0)) as srv:
        assert srv.family == sockffi.AF_INET and srv.type == sockffi.SOCK_STREAM
        assert _opt(srv, sockffi.SOL_SOCKET, sockffi.SO_REUSEADDR) == 1
        assert _opt(srv, sockffi.SOL_SOCKET, sockffi.SO_REUSEPORT) == 0
        assert _opt(srv, sockffi.SOL_SOCKET, sockffi.SO_ACCEPTCONN) == 1
        with std.create_connection(srv.getsockname()) as c:
            peer, addr = srv.accept()
            peer.close()
            assert addr == c.getsockname()


def test_create_server_options():
    with sockffi.create_server(("127.0.0.1", 0), backlog=3, reuse_port=True) as srv:
        assert _opt(srv, sockffi.SOL_SOCKET, sockffi.SO_REUSEPORT) == 1
    with sockffi.create_server(("::1", 0), family=sockffi.AF_INET6) as srv:
        assert _opt(srv, sockffi.IPPROTO_IPV6, sockffi.IPV6_V6ONLY) == 1


@pytest.mark.skipif(not std.has_dualstack_ipv6(), reason="no dual-stack IPv6")
def test_create_server_dualstack():
    assert sockffi.has_dualstack_ipv6() is True
    with sockffi.create_server(("", 0), family=sockffi.AF_INET6, dualstack_ipv6=True) as srv:
        assert _opt(srv, sockffi.IPPROTO_IPV6, sockffi.IPV6_V6ONLY) == 0
        port = srv.getsockname()[1]
        with std.create_connection(("127.0.0.1", port)):
            peer, addr = srv.accept()
            peer.close()
            assert addr[0] == "::ffff:127.0.0.1"


def test_create_server_errors():
    assert sockffi.has_dualstack_ipv6() == std.has_dualstack_ipv6()
    for kwargs in [dict(dualstack_ipv6=True), dict(family=12345)]:
        got = outcome(sockffi.create_server, ("127.0.0.1", 0), **kwargs)
        assert got[:2] == outcome(std.create_server, ("127.0.0.1", 0), **kwargs)[:2]
    with std.create_server(("127.0.0.1", 0)) as taken:
        address = taken.getsockname()
        with pytest.raises(OSError) as info:
            sockffi.create_server(address)
        assert info.value.errno == errno.EADDRINUSE
        assert f"while attempting to bind on address {address!r}" in info.value.strerror


# --- descriptors ----------------------------------------------------------------------

def test_fromfd_dup_close():
    a, b = sockffi.socketpair()
    with a, b:
        c = sockffi.fromfd(a.fileno(), sockffi.AF_UNIX, sockffi.SOCK_STREAM)
        with c:
            assert c.fileno() != a.fileno()
            assert not os.get_inheritable(c.fileno())
            c.sendall(b"x")
            assert b.recv(1) == b"x"
        fd = sockffi.dup(b.fileno())
        assert fd != b.fileno() and not os.get_inheritable(fd)
        sockffi.close(fd)
        with pytest.raises(OSError) as info:
            os.fstat(fd)
        assert info.value.errno == errno.EBADF


# None of these may name an open descriptor in either module: Python 3.9
# takes -1.5 as -1 (with a DeprecationWarning), and both cast a C long to the
# descriptor's C int (2**32 - 1 is -1).
class MinusOne:
    def __index__(self):
        return -1


BAD_FDS = [-1, -1.5, "3", None, 2**32 - 1, 2**63, -2**63 - 1, MinusOne()]


@pytest.mark.filterwarnings("ignore:an integer is required:DeprecationWarning")
@pytest.mark.parametrize("name", ["dup", "close"])
@pytest.mark.parametrize("fd", BAD_FDS, ids=repr)
def test_fd_functions_bad_arguments(name, fd):
    if IS_PYPY and isinstance(fd, float):
        pytest.skip("PyPy's socket module refuses floats where CPython 3.9 converts them")
    assert kind(outcome(getattr(sockffi, name), fd)) == kind(outcome(getattr(std, name), fd))


@pytest.mark.skipif(IS_PYPY, reason="PyPy's socket module refuses floats where CPython 3.9 converts them")
@pytest.mark.parametrize("name", ["dup", "close"])
def test_fd_functions_float_of_an_open_fd(name):
    """A float naming an open descriptor: used (with a DeprecationWarning)
    up to Python 3.9, a TypeError since; sockffi does as the running stdlib."""
    results = []
    for module in (sockffi, std):
        fd = os.dup(0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = outcome(getattr(module, name), fd + 0.5)
        for extra in ({result[1]} if name == "dup" and result[0] == "ok" else set()):
            os.close(extra)
        closed = _is_closed(fd)
        if not closed:
            os.close(fd)
        results.append((result[0], result[1] if result[0] == "raise" else None, closed,
                        [(w.category, str(w.message), w.filename) for w in caught]))
    assert results[0] == results[1]
    assert results[0][0] == ("ok" if sys.version_info < (3, 10) else "raise")


def _is_closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def test_close_of_a_closed_fd():
    fd = os.dup(0)
    os.close(fd)
    assert kind(outcome(sockffi.close, fd)) == kind(outcome(std.close, fd)) == ("raise", OSError, errno.EBADF)


def test_helpers_module_has_no_stdlib_socket_dependency():
    # sockffi must not need the stdlib's socket module to work.
    from sockffi import _helpers
    assert not any(isinstance(v, types.ModuleType) and v.__name__ == "socket"
                   for v in vars(_helpers).values())
