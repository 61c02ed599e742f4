"""The first slice through the whole stack, in whichever mode is loaded:
create, bind, listen, accept, connect, send/recv, sendto/recvfrom, close,
socketpair, names, special hosts, errno -> exception classes.  Each test runs
with the stdlib and with sockffi and the results must agree."""

import os
import errno
import threading

import pytest

import sockffi
from socket_support import kind, outcome


def test_mode_is_reported():
    assert sockffi.MODE in ("api", "abi")
    forced = os.environ.get("SOCKFFI_MODE")
    if forced:
        assert sockffi.MODE == forced


@pytest.mark.parametrize("family,host", [("AF_INET", "127.0.0.1"), ("AF_INET6", "::1")])
def test_tcp_echo(mod, family, host):
    fam = getattr(mod, family)
    with mod.socket(fam, mod.SOCK_STREAM) as server:
        server.bind((host, 0))
        server.listen()
        with mod.socket(fam, mod.SOCK_STREAM) as client:
            client.connect(server.getsockname())
            conn, peer = server.accept()
            with conn:
                assert peer == client.getsockname()
                assert conn.getpeername() == client.getsockname()
                assert client.getpeername() == server.getsockname()
                client.sendall(b"x" * 200000)
                got = b""
                while len(got) < 200000:
                    got += conn.recv(65536)
                assert got == b"x" * 200000
                assert conn.send(b"pong") == 4
                assert client.recv(10) == b"pong"
                client.shutdown(mod.SHUT_WR)
                assert conn.recv(10) == b""


def test_udp_sendto_recvfrom(mod):
    with mod.socket(mod.AF_INET, mod.SOCK_DGRAM) as a, mod.socket(mod.AF_INET, mod.SOCK_DGRAM) as b:
        a.bind(("127.0.0.1", 0))
        b.bind(("127.0.0.1", 0))
        assert a.sendto(b"hello", b.getsockname()) == 5
        data, sender = b.recvfrom(100)
        assert (data, sender) == (b"hello", a.getsockname())
        assert b.sendto(b"flags", 0, a.getsockname()) == 5
        assert a.recvfrom(100) == (b"flags", b.getsockname())


def test_ipv6_addresses_are_4_tuples(mod):
    with mod.socket(mod.AF_INET6, mod.SOCK_DGRAM) as s:
        s.bind(("::1", 0))
        name = s.getsockname()
        assert len(name) == 4 and name[0] == "::1" and name[2:] == (0, 0)


def test_socketpair_and_fileno(mod):
    a, b = mod.socketpair()
    with a, b:
        assert a.fileno() >= 0
        a.send(b"abc")
        assert b.recv(3) == b"abc"
        assert a.getsockname() == ""
        assert int(a.family) == int(mod.AF_UNIX)
    assert a.fileno() == -1


def test_unix_stream(mod, tmp_path):
    path = str(tmp_path / "s")
    with mod.socket(mod.AF_UNIX, mod.SOCK_STREAM) as server:
        server.bind(path)
        server.listen()
        assert server.getsockname() == path
        with mod.socket(mod.AF_UNIX, mod.SOCK_STREAM) as client:
            client.connect(path)
            conn, peer = server.accept()
            with conn:
                assert peer == ""
                client.send(b"data")
                assert conn.recv(10) == b"data"


def test_unix_abstract_namespace(mod):
    name = b"\0sockffi-test-%d-%s" % (os.getpid(), mod.__name__.encode())
    with mod.socket(mod.AF_UNIX, mod.SOCK_DGRAM) as s:
        s.bind(name)
        assert s.getsockname() == name


def test_unix_path_too_long(mod):
    with mod.socket(mod.AF_UNIX, mod.SOCK_STREAM) as s:
        with pytest.raises(OSError):
            s.bind("x" * 200)


@pytest.mark.parametrize("host", ["", "<broadcast>", "127.0.0.1", "localhost"])
def test_special_hosts_match_stdlib(host):
    import socket as std
    results = []
    for mod in (std, sockffi):
        with mod.socket(mod.AF_INET, mod.SOCK_DGRAM) as s:
            s.setsockopt(mod.SOL_SOCKET, mod.SO_BROADCAST, 1) if hasattr(s, "setsockopt") else None
            if host == "<broadcast>":
                # Sending to INADDR_BROADCAST needs a route; the address
                # conversion is what matters: connect() resolves it.
                results.append(kind(outcome(s.connect, (host, 9))))
                if results[-1][0] == "ok":
                    results[-1] = ("ok", s.getpeername()[0])
            else:
                s.bind((host, 0))
                results.append(("ok", s.getsockname()[0]))
    assert results[0] == results[1]


def test_connection_refused_is_the_same_exception():
    import socket as std
    with std.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    results = []
    for mod in (std, sockffi):
        with mod.socket() as s:
            results.append(kind(outcome(s.connect, ("127.0.0.1", port))))
    assert results[0] == results[1]
    assert results[0][1] is ConnectionRefusedError


def test_closed_socket_raises_ebadf(mod):
    s = mod.socket()
    s.close()
    s.close()  # idempotent
    with pytest.raises(OSError) as info:
        s.recv(1)
    assert info.value.errno == errno.EBADF
    assert s.fileno() == -1


def test_accept_from_thread_with_timeout(mod):
    with mod.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(5)
        result = {}

        def connect():
            with mod.socket() as c:
                c.connect(server.getsockname())
                c.sendall(b"t")
        t = threading.Thread(target=connect)
        t.start()
        conn, _ = server.accept()
        with conn:
            assert conn.gettimeout() is None
            result["data"] = conn.recv(1)
        t.join()
        assert result["data"] == b"t"


def test_timeout_expires(mod):
    a, b = mod.socketpair()
    with a, b:
        a.settimeout(0.05)
        with pytest.raises(mod.timeout) as info:
            a.recv(1)
        assert str(info.value) == "timed out"
        a.setblocking(False)
        with pytest.raises(BlockingIOError):
            a.recv(1)


def test_self_test_passes():
    import io
    from sockffi import _selftest
    out = io.StringIO()
    assert _selftest.run(out), out.getvalue()
