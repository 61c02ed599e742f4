"""sockffi.from_stdlib / sockffi.to_stdlib: one socket changes hands between
the stdlib and sockffi without being closed."""

import socket as stdlib_socket

import pytest

import sockffi
from socket_support import tcp_pair, udp_pair


def _stdlib_pair(kind):
    if kind == "tcp":
        return tcp_pair(stdlib_socket)
    if kind == "udp":
        a, b = udp_pair(stdlib_socket)
        a.connect(b.getsockname())
        b.connect(a.getsockname())
        return a, b
    return stdlib_socket.socketpair()


@pytest.mark.parametrize("kind", ["tcp", "udp", "unix"])
@pytest.mark.parametrize("timeout", [None, 0.0, 2.5])
def test_from_stdlib_and_back(kind, timeout):
    original, peer = _stdlib_pair(kind)
    with peer:
        original.settimeout(timeout)
        fd = original.fileno()
        facts = (int(original.family), int(original.type), original.proto)

        moved = sockffi.from_stdlib(original)
        assert isinstance(moved, sockffi.socket)
        assert original.fileno() == -1  # detached, not closed: the fd lives on
        assert moved.fileno() == fd
        assert (int(moved.family), int(moved.type), moved.proto) == facts
        assert moved.gettimeout() == timeout
        moved.send(b"via sockffi")
        peer.settimeout(10)
        assert peer.recv(100) == b"via sockffi"

        back = sockffi.to_stdlib(moved)
        assert type(back) is stdlib_socket.socket
        assert moved.fileno() == -1
        assert back.fileno() == fd
        assert (int(back.family), int(back.type), back.proto) == facts
        assert back.gettimeout() == timeout
        peer.send(b"to the stdlib")
        back.settimeout(10)
        assert back.recv(100) == b"to the stdlib"
        back.close()
        original.close()  # closing a detached object leaves the fd alone (already closed above)


def test_listening_socket_keeps_accepting():
    listener = stdlib_socket.create_server(("127.0.0.1", 0))
    moved = sockffi.from_stdlib(listener)
    with moved, stdlib_socket.create_connection(moved.getsockname()) as client:
        conn, address = moved.accept()
        with conn:
            assert isinstance(conn, sockffi.socket)
            assert address == client.getsockname()


def test_wrong_kinds_are_refused():
    with sockffi.socket() as ours, stdlib_socket.socket() as theirs:
        with pytest.raises(TypeError):
            sockffi.from_stdlib(ours)
        with pytest.raises(TypeError):
            sockffi.to_stdlib(theirs)
        with pytest.raises(TypeError):
            sockffi.from_stdlib(3)
        assert ours.fileno() != -1 and theirs.fileno() != -1  # untouched


def test_closed_socket_is_refused():
    sock = stdlib_socket.socket()
    sock.close()
    with pytest.raises(ValueError):
        sockffi.from_stdlib(sock)
    ours = sockffi.socket()
    ours.close()
    with pytest.raises(ValueError):
        sockffi.to_stdlib(ours)
