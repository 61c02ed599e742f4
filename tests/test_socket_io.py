"""Moving data, against the stdlib: send/sendall/sendto, recv/recv_into/
recvfrom/recvfrom_into with every buffer kind and flags, shutdown, options,
makefile() streams (SocketIO: modes, buffering, encodings, io refs, the
timed-out rule) and sendfile() (os.sendfile and the send() fallback)."""

import array
import errno
import io
import os
import threading

import pytest

from socket_support import pypy_stdlib_differs, tcp_pair, udp_pair


@pytest.fixture
def pair(mod):
    a, b = mod.socketpair()
    a.settimeout(5)
    b.settimeout(5)
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def tcp(mod):
    client, server = tcp_pair(mod)
    client.settimeout(10)
    server.settimeout(10)
    yield client, server
    client.close()
    server.close()


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


@pytest.mark.parametrize("blocking", ["blocking", "timeout", "nonblocking"])
def test_send_recv_modes(mod, tcp, blocking):
    client, server = tcp
    for s in tcp:
        s.settimeout({"blocking": None, "timeout": 5, "nonblocking": 0.0}[blocking])
    if blocking == "nonblocking":
        with pytest.raises(BlockingIOError) as info:
            server.recv(10)
        assert info.value.errno in (errno.EAGAIN, errno.EWOULDBLOCK)
        client.setblocking(True)
        server.setblocking(True)
    assert client.send(b"hello") == 5
    assert recv_exactly(server, 5) == b"hello"
    payload = os.urandom(3 * 1024 * 1024)
    t = threading.Thread(target=client.sendall, args=(payload,))
    t.start()
    assert recv_exactly(server, len(payload)) == payload
    t.join()


@pytest.mark.parametrize("make", [bytes, bytearray, memoryview,
                                  lambda d: array.array("B", d),
                                  lambda d: memoryview(d)[1:]],
                         ids=["bytes", "bytearray", "memoryview", "array", "slice"])
def test_send_buffer_kinds(mod, pair, make):
    a, b = pair
    data = make(b"0123456789")
    sent = a.send(data)
    assert sent == memoryview(data).nbytes
    a.sendall(data)
    expect = bytes(memoryview(data))
    assert recv_exactly(b, 2 * len(expect)) == expect * 2


def test_send_counts_bytes_of_wide_arrays(mod, pair):
    a, b = pair
    data = array.array("i", range(10))
    assert a.send(data) == data.itemsize * 10
    assert recv_exactly(b, data.itemsize * 10) == data.tobytes()


def test_recv_into_variants(mod, pair):
    a, b = pair
    a.sendall(b"abcdefghij")
    buf = bytearray(20)
    assert b.recv_into(buf, 4) == 4 and buf[:4] == b"abcd"
    view = memoryview(buf)[10:]
    assert b.recv_into(view, 3) == 3 and buf[10:13] == b"efg"
    arr = array.array("b", bytes(8))
    assert b.recv_into(arr) == 3 and arr.tobytes()[:3] == b"hij"
    a.sendall(b"xyz")
    peek = bytearray(3)
    assert b.recv_into(peek, flags=mod.MSG_PEEK) == 3 and peek == b"xyz"
    assert b.recv(3) == b"xyz"


def test_recv_into_does_not_write_past_nbytes(mod, pair):
    a, b = pair
    a.sendall(b"A" * 64)
    buf = bytearray(b"." * 32)
    assert b.recv_into(buf, 5) == 5
    assert buf == b"AAAAA" + b"." * 27


def test_recvfrom_and_into(mod):
    a, b = udp_pair(mod)
    with a, b:
        b.settimeout(5)
        a.sendto(b"one", b.getsockname())
        a.sendto(b"two", 0, b.getsockname())
        assert b.recvfrom(100) == (b"one", a.getsockname())
        buf = bytearray(10)
        assert b.recvfrom_into(buf) == (3, a.getsockname())
        assert buf[:3] == b"two"
        a.sendto(b"three", b.getsockname())
        buf = bytearray(10)
        assert b.recvfrom_into(buf, 2) == (2, a.getsockname())  # truncated datagram
        assert buf[:3] == b"th\0"


def test_recvfrom_on_a_connected_stream_gives_address(mod, tcp):
    client, server = tcp
    client.sendall(b"x")
    data, address = server.recvfrom(10)
    assert data == b"x"
    assert address in (None, client.getsockname())  # Linux: None on TCP


def test_msg_trunc_reports_the_datagram_length(mod):
    # With MSG_TRUNC the kernel returns the datagram's real length: the
    # stdlib returns that many bytes (the ones past the buffer unset),
    # sockffi the same length with zeros past the buffer.
    pypy_stdlib_differs(mod, "PyPy returns the bytes received")
    a, b = udp_pair(mod)
    with a, b:
        b.settimeout(5)
        for _ in range(3):
            a.sendto(b"0123456789", b.getsockname())
        data = b.recv(4, mod.MSG_TRUNC)
        assert len(data) == 10 and data[:4] == b"0123"
        data, _ = b.recvfrom(3, mod.MSG_TRUNC)
        assert len(data) == 10 and data[:3] == b"012"
        buf = bytearray(b"......")
        assert b.recv_into(buf, 2, mod.MSG_TRUNC) == 10
        assert buf == b"01...."  # nothing written past nbytes


def test_msg_trunc_pads_with_zeros():
    import sockffi
    a, b = udp_pair(sockffi)
    with a, b:
        a.sendto(b"0123456789", b.getsockname())
        assert b.recv(4, sockffi.MSG_TRUNC) == b"0123" + bytes(6)


def test_sendto_on_connected_stream_ignores_address(mod, pair):
    a, b = pair
    pypy_stdlib_differs(mod, "AF_UNIX sendto on a connected stream")
    with pytest.raises(OSError):
        a.sendto(b"x", "/nonexistent/socket/path")


def test_recv_returns_empty_at_eof(mod, tcp):
    client, server = tcp
    client.shutdown(mod.SHUT_WR)
    assert server.recv(10) == b""
    buf = bytearray(4)
    assert server.recv_into(buf) == 0
    server.sendall(b"back")
    assert recv_exactly(client, 4) == b"back"


def test_send_after_peer_closed_raises_broken_pipe(mod, tcp):
    client, server = tcp
    server.close()
    with pytest.raises((BrokenPipeError, ConnectionResetError)):
        for _ in range(100):
            client.sendall(b"x" * 65536)


def test_shutdown_modes(mod, pair):
    a, b = pair
    a.shutdown(mod.SHUT_RD)
    a.shutdown(mod.SHUT_WR)
    assert b.recv(1) == b""
    with pytest.raises(OSError):
        a.send(b"x")


# --- options -------------------------------------------------------------------

def _options(mod):
    with mod.socket() as s:
        out = [s.getsockopt(mod.SOL_SOCKET, mod.SO_TYPE)]
        s.setsockopt(mod.SOL_SOCKET, mod.SO_REUSEADDR, 1)
        out.append(s.getsockopt(mod.SOL_SOCKET, mod.SO_REUSEADDR))
        s.setsockopt(mod.IPPROTO_TCP, mod.TCP_NODELAY, True)
        out.append(s.getsockopt(mod.IPPROTO_TCP, mod.TCP_NODELAY))
        s.setsockopt(mod.SOL_SOCKET, mod.SO_LINGER, b"\x01\x00\x00\x00\x05\x00\x00\x00")
        out.append(s.getsockopt(mod.SOL_SOCKET, mod.SO_LINGER, 8))
        s.setsockopt(mod.SOL_SOCKET, mod.SO_LINGER, bytearray(8))
        out.append(s.getsockopt(mod.SOL_SOCKET, mod.SO_LINGER, 8))
        s.setsockopt(mod.SOL_SOCKET, mod.SO_RCVBUF, memoryview(b"\x00\x10\x00\x00"))
        out.append(s.getsockopt(mod.SOL_SOCKET, mod.SO_RCVBUF))
        # A shorter answer than the buffer: the bytes the kernel wrote.
        out.append(s.getsockopt(mod.SOL_SOCKET, mod.SO_REUSEADDR, 16))
        return out


def test_socket_options_same_as_stdlib():
    import socket as stdlib
    import sockffi
    assert _options(sockffi) == _options(stdlib)
    assert _options(sockffi)[:3] == [sockffi.SOCK_STREAM, 1, 1]


def test_getsockopt_large_buffer_beyond_the_stdlib():
    # CPython caps buflen at 1024 (gh-112740); sockffi takes any size.
    import sockffi
    with sockffi.socket() as s:
        s.setsockopt(sockffi.IPPROTO_TCP, sockffi.TCP_NODELAY, 1)
        value = s.getsockopt(sockffi.IPPROTO_TCP, sockffi.TCP_NODELAY, 4096)
        assert value == b"\x01\x00\x00\x00"
        info = s.getsockopt(sockffi.IPPROTO_TCP, sockffi.TCP_INFO, 100000)
        assert 0 < len(info) < 100000


def test_setsockopt_none_optlen(mod):
    # (level, option, None, optlen): a NULL value of optlen bytes.
    pypy_stdlib_differs(mod, "no (None, optlen) form")
    with mod.socket() as s:
        with pytest.raises(OSError) as info:
            s.setsockopt(mod.SOL_SOCKET, mod.SO_REUSEADDR, None, 4)
        assert info.value.errno == errno.EFAULT


# --- makefile / SocketIO -------------------------------------------------------

def _makefile_kinds(mod):
    client, server = tcp_pair(mod)
    out = []
    with client, server:
        for mode in ("r", "w", "rb", "wb", "rwb", "rw", "b", "br", "wr"):
            for buffering in (None, -1, 0, 1, 100):
                try:
                    f = client.makefile(mode, buffering)
                except ValueError as exc:
                    out.append((mode, buffering, str(exc)))
                    continue
                with f:
                    out.append((mode, buffering, type(f).__name__, getattr(f, "mode", None),
                                getattr(f, "encoding", None)))
        out.append(client.fileno() != -1)
    return out


def test_makefile_kinds_same_as_stdlib():
    import socket as stdlib
    import sockffi
    assert _makefile_kinds(sockffi) == _makefile_kinds(stdlib)


def test_makefile_text_and_binary(mod, tcp):
    client, server = tcp
    wfile = client.makefile("w", encoding="utf-8", newline="")
    rfile = server.makefile("r", encoding="utf-8", newline="")
    with wfile, rfile:
        wfile.write("h\u00e9llo\nworld\n")
        wfile.flush()
        assert rfile.readline() == "h\u00e9llo\n"
        assert rfile.readline() == "world\n"
    raw = server.makefile("rb", buffering=0)
    with raw:
        assert isinstance(raw, io.RawIOBase) and type(raw).__name__ == "SocketIO"
        client.sendall(b"abc")
        assert raw.read(10) == b"abc"
        assert raw.name == server.fileno() and raw.fileno() == server.fileno()
        assert raw.readable() and not raw.writable() and not raw.seekable()
    assert raw.name == -1
    with pytest.raises(ValueError):
        raw.readable()


def test_makefile_buffered_pair(mod, tcp):
    client, server = tcp
    f = client.makefile("rwb")
    with f:
        assert isinstance(f, io.BufferedRWPair)
        f.write(b"ping")
        f.flush()
        assert recv_exactly(server, 4) == b"ping"
        server.sendall(b"pong\n")
        assert f.readline() == b"pong\n"


def test_socketio_nonblocking_returns_none(mod, tcp):
    client, server = tcp
    server.setblocking(False)
    raw = server.makefile("rwb", buffering=0)
    with raw:
        assert raw.readinto(bytearray(10)) is None
        assert raw.read(10) is None


def test_socketio_refuses_reads_after_a_timeout(mod, tcp):
    client, server = tcp
    server.settimeout(0.01)
    f = server.makefile("rb")
    with f:
        with pytest.raises(mod.timeout):
            f.read(1)
        client.sendall(b"late")
        with pytest.raises(OSError, match="cannot read from timed out object"):
            f.read(1)


def test_socketio_io_refs_close_order(mod, tcp):
    client, server = tcp
    f1 = client.makefile("rb")
    f2 = client.makefile("wb")
    client.close()
    assert client.fileno() != -1
    f1.close()
    assert client.fileno() != -1
    f2.close()
    assert client.fileno() == -1
    f2.close()  # idempotent: no second decref


def test_socketio_closed_operations(mod, tcp):
    client, server = tcp
    raw = client.makefile("rwb", buffering=0)
    raw.close()
    for op in (lambda: raw.readinto(bytearray(1)), lambda: raw.write(b"x"),
               raw.fileno, raw.writable, raw.seekable):
        with pytest.raises(ValueError):
            op()


def test_socketio_rejects_bad_modes(mod, tcp):
    client, server = tcp
    with pytest.raises(ValueError, match="invalid mode"):
        client.makefile("rwx")
    raw = client.makefile("rb", buffering=0)
    with raw:
        assert type(raw) is mod.SocketIO


# --- sendfile --------------------------------------------------------------------

@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "data"
    data = os.urandom(300_000)
    path.write_bytes(data)
    return path, data


@pytest.mark.parametrize("method", ["sendfile", "_sendfile_use_send", "_sendfile_use_sendfile"])
@pytest.mark.parametrize("timeout", [None, 10])
def test_sendfile(mod, tcp, data_file, method, timeout):
    client, server = tcp
    client.settimeout(timeout)
    path, data = data_file
    received = []
    t = threading.Thread(target=lambda: received.append(recv_exactly(server, len(data) - 1000)))
    t.start()
    with open(path, "rb") as f:
        sent = getattr(client, method)(f, 1000)
        assert f.tell() == len(data)
    t.join()
    assert sent == len(data) - 1000
    assert received[0] == data[1000:]


def test_sendfile_count_and_offset(mod, tcp, data_file):
    client, server = tcp
    path, data = data_file
    with open(path, "rb") as f:
        assert client.sendfile(f, 10, 5000) == 5000
        assert f.tell() == 5010
    assert recv_exactly(server, 5000) == data[10:5010]


def test_sendfile_empty_file(mod, tcp, tmp_path):
    client, server = tcp
    path = tmp_path / "empty"
    path.write_bytes(b"")
    with open(path, "rb") as f:
        assert client.sendfile(f) == 0


def test_sendfile_falls_back_for_non_regular_files(mod, tcp):
    client, server = tcp
    stream = io.BytesIO(b"in memory")
    assert client.sendfile(stream) == 9
    assert recv_exactly(server, 9) == b"in memory"
    with pytest.raises(mod._GiveupOnSendfile):
        client._sendfile_use_sendfile(io.BytesIO(b"x"))


def test_sendfile_refuses_nonblocking(mod, tcp, data_file):
    client, server = tcp
    client.setblocking(False)
    path, _ = data_file
    with open(path, "rb") as f:
        with pytest.raises(ValueError, match="non-blocking"):
            client.sendfile(f)


def test_sendfile_use_sendfile_bad_files(mod):
    class File:
        def __init__(self, fd):
            self.fd = fd

        def fileno(self):
            return self.fd

    with mod.socket() as s:
        fd = os.open(os.curdir, os.O_RDONLY)
        os.close(fd)
        with pytest.raises(mod._GiveupOnSendfile):
            s._sendfile_use_sendfile(File(fd))
        with pytest.raises(OverflowError):
            s._sendfile_use_sendfile(File(2 ** 1000))
        with pytest.raises(TypeError):
            s._sendfile_use_sendfile(File(None))
