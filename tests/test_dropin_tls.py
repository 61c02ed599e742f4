"""TLS through ssl.SSLSocket, written against plain `socket` and `ssl`:
pytest runs it on the stdlib, and test_same_tests_under_sockffi runs it again
under `python -m sockffi run`, where SSLSocket sits on a sockffi socket and
the TLS engine pumps memory BIOs.  Certificates are made at test time."""

import http.client
import http.server
import os
import platform
import select
import socket
import ssl
import struct
import sys
import threading
import urllib.request

import pytest

from dropin_certs import make_certs
from dropin_support import Serving, inner_check_module, run_file_under_sockffi, under_sockffi

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB: many records
PYPY = platform.python_implementation() == "PyPy"
CPYTHON_EX_IO = not PYPY and sys.version_info >= (3, 10)  # SSL_read_ex / SSL_write_ex
# ... which turned a reset under a read into SSLEOFError until 3.13
RESET_READS_AS_EOF = CPYTHON_EX_IO and sys.version_info < (3, 13)


def ignores_unexpected_eof(context: ssl.SSLContext) -> bool:
    return bool(context.options & getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0))


def test_same_tests_under_sockffi():
    run_file_under_sockffi(__file__)


def test_sockets_are_sockffi_in_the_child_run():
    inner_check_module()
    if under_sockffi():
        import sockffi
        assert issubclass(ssl.SSLSocket, sockffi.socket)


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    paths = make_certs(str(tmp_path_factory.mktemp("certs")))
    if paths is None:
        pytest.skip("neither the cryptography package nor the openssl command works")
    return paths


@pytest.fixture
def contexts(certs):
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(certs["cert"], certs["key"])
    client = ssl.create_default_context(cafile=certs["ca"])
    return server, client


class Peer:
    """A server on a thread: accepts one TCP connection, hands it to
    `handler(conn)`, keeps the first exception for the test to re-raise."""

    def __init__(self, handler):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = self.listener.getsockname()
        self.handler = handler
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            self.listener.settimeout(30)
            conn, _ = self.listener.accept()
            with conn:
                conn.settimeout(30)
                self.handler(conn)
        except BaseException as exc:  # reported by join()
            self.error = exc

    def join(self):
        self.thread.join(60)
        self.listener.close()
        assert not self.thread.is_alive()
        if self.error is not None:
            raise self.error


def tls_server(server_ctx, body, **wrap):
    def handler(conn):
        with server_ctx.wrap_socket(conn, server_side=True, **wrap) as tls:
            body(tls)
    return handler


def recv_exactly(sock, size):
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(min(65536, size - len(data)))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def test_round_trip_and_connection_facts(contexts):
    server_ctx, client_ctx = contexts
    server_ctx.set_alpn_protocols(["h2", "http/1.1"])
    client_ctx.set_alpn_protocols(["http/1.1"])

    def body(tls):
        tls.sendall(recv_exactly(tls, len(PAYLOAD))[::-1])

    peer = Peer(tls_server(server_ctx, body))
    with socket.create_connection(peer.address) as raw:
        with client_ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            assert raw.fileno() == -1  # wrap_socket takes the fd over
            assert isinstance(tls, ssl.SSLSocket) and isinstance(tls, socket.socket)
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
            name, version, bits = tls.cipher()
            assert version.startswith("TLSv1") and bits >= 128
            assert tls.selected_alpn_protocol() == "http/1.1"
            cert = tls.getpeercert()
            assert ("commonName", "localhost") in cert["subject"][0]
            assert ("IP Address", "127.0.0.1") in cert["subjectAltName"]
            assert tls.getpeercert(binary_form=True)[:1] == b"\x30"  # DER
            assert tls.server_hostname == "localhost" and not tls.server_side
            tls.sendall(PAYLOAD)
            got = bytearray(len(PAYLOAD))
            view, filled = memoryview(got), 0
            while filled < len(got):
                count = tls.recv_into(view[filled:], 50000)
                assert count > 0
                filled += count
            assert bytes(got) == PAYLOAD[::-1]
    peer.join()


def test_read_write_pending_and_makefile(contexts):
    server_ctx, client_ctx = contexts

    def body(tls):
        assert tls.read(5) == b"hello"
        tls.write(b"line one\nline two\n" + b"z" * 90)

    peer = Peer(tls_server(server_ctx, body))
    with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                server_hostname="localhost") as tls:
        assert tls.write(b"hello") == 5
        with tls.makefile("rb") as reader:
            assert reader.readline() == b"line one\n"
            assert reader.readline() == b"line two\n"
            assert reader.read(10) == b"z" * 10
        # what is left of the record, decrypted and waiting in OpenSSL
        peer.join()
    assert tls.fileno() == -1


def test_pending_counts_the_rest_of_a_record(contexts):
    server_ctx, client_ctx = contexts
    peer = Peer(tls_server(server_ctx, lambda tls: (tls.sendall(b"p" * 100), tls.recv(1))))
    with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                server_hostname="localhost") as tls:
        first = tls.recv(10)
        assert first == b"p" * 10
        assert tls.pending() == 90
        assert tls.recv(200) == b"p" * 90
        assert tls.pending() == 0
        tls.sendall(b"!")
    peer.join()


def test_unwrap_leaves_clear_text_in_place(contexts):
    server_ctx, client_ctx = contexts

    def body(tls):
        assert recv_exactly(tls, 6) == b"secret"
        plain = tls.unwrap()
        # sent right behind the close_notify: must stay in the socket
        plain.sendall(b"in the clear")
        assert recv_exactly(plain, 5) == b"thank"
        plain.detach()

    peer = Peer(tls_server(server_ctx, body))
    with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                server_hostname="localhost") as tls:
        tls.sendall(b"secret")
        plain = tls.unwrap()
        assert plain is tls
        assert recv_exactly(plain, 12) == b"in the clear"
        plain.sendall(b"thank")
    peer.join()


def test_non_blocking_handshake_and_io(contexts):
    server_ctx, client_ctx = contexts
    go = threading.Event()
    echo = tls_server(server_ctx, lambda tls: tls.sendall(recv_exactly(tls, 4).upper()))
    peer = Peer(lambda conn: (go.wait(30), echo(conn)))
    raw = socket.create_connection(peer.address)
    raw.setblocking(False)
    tls = client_ctx.wrap_socket(raw, server_hostname="localhost", do_handshake_on_connect=False)
    with tls:
        with pytest.raises(ssl.SSLWantReadError):
            tls.do_handshake()  # the ClientHello is out; the server does not answer yet
        go.set()
        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                select.select([tls], [], [], 10)
            except ssl.SSLWantWriteError:
                select.select([], [tls], [], 10)
        assert tls.version() is not None
        with pytest.raises(ssl.SSLWantReadError):
            tls.recv(10)  # nothing sent yet
        tls.sendall(b"ping")
        while True:
            try:
                data = tls.recv(10)
                break
            except ssl.SSLWantReadError:
                select.select([tls], [], [], 10)
        assert data == b"PING"
    peer.join()


def test_non_blocking_write_until_the_peer_reads(contexts):
    server_ctx, client_ctx = contexts
    go = threading.Event()
    total = []

    def body(tls):
        go.wait(30)
        total.append(len(recv_exactly(tls, 4 << 20)))

    peer = Peer(tls_server(server_ctx, body))
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A small send buffer, so 4 MiB cannot all sit in the kernel before the
    # peer reads, whatever the machine's autotuning allows (it did once).
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
    raw.connect(peer.address)
    tls = client_ctx.wrap_socket(raw, server_hostname="localhost")
    with tls:
        tls.setblocking(False)
        sent, blocked = 0, False
        chunk = b"w" * 65536
        while sent < 4 << 20:
            try:
                sent += tls.send(chunk)
            except ssl.SSLWantWriteError:
                blocked = True
                go.set()
                select.select([], [tls], [], 10)
        assert blocked  # the kernel buffers filled up before the peer read
        peer.join()
    assert total == [4 << 20]


def test_full_duplex_from_two_threads(contexts):
    """One thread writes (the blocking write's fast path) while another
    reads the echo on the same TLS socket: every byte comes back in order.
    Run on the engine only: the C path leaves an SSL object to one thread."""
    if not under_sockffi():
        pytest.skip("the stdlib's _ssl is not meant for two threads on one SSL object")
    server_ctx, client_ctx = contexts
    size, chunk = 2 << 20, 65536

    def echo(tls):
        while True:
            data = tls.recv(chunk)
            if not data:  # our close_notify: answer it
                tls.unwrap()
                break
            tls.sendall(data)

    peer = Peer(tls_server(server_ctx, echo))
    with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                server_hostname="localhost") as tls:
        tls.settimeout(None)
        errors = []

        def write():
            try:
                for offset in range(0, size, chunk):
                    tls.sendall(PAYLOAD[offset % len(PAYLOAD):][:chunk])
            except BaseException as exc:
                errors.append(exc)
        writer = threading.Thread(target=write)
        writer.start()
        got = recv_exactly(tls, size)
        writer.join(60)
        assert not writer.is_alive() and not errors
        expected = b"".join(PAYLOAD[o % len(PAYLOAD):][:chunk] for o in range(0, size, chunk))
        assert got == expected
        tls.unwrap()
    peer.join()


def test_read_timeout(contexts):
    server_ctx, client_ctx = contexts
    done = threading.Event()
    peer = Peer(tls_server(server_ctx, lambda tls: done.wait(30)))
    with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                server_hostname="localhost") as tls:
        tls.settimeout(0.2)
        with pytest.raises(socket.timeout) as info:
            tls.recv(10)
        assert isinstance(info.value, OSError)
        assert "read operation timed out" in str(info.value)
        done.set()
    peer.join()


def test_handshake_timeout_when_the_server_stays_silent(contexts):
    server_ctx, client_ctx = contexts
    done = threading.Event()
    peer = Peer(lambda conn: done.wait(30))  # TCP, never TLS
    raw = socket.create_connection(peer.address)
    raw.settimeout(0.2)
    with pytest.raises(socket.timeout) as info:
        client_ctx.wrap_socket(raw, server_hostname="localhost")
    assert "timed out" in str(info.value)
    done.set()
    peer.join()


def test_ragged_eof(contexts):
    server_ctx, client_ctx = contexts

    def close_without_notify(tls):
        tls.sendall(b"bye")
        with socket.socket(fileno=tls.detach()) as plain:  # TCP FIN, no close_notify
            plain.settimeout(30)
            plain.shutdown(socket.SHUT_WR)
            plain.recv(1)  # until the client has closed

    for suppress in (True, False):
        peer = Peer(tls_server(server_ctx, close_without_notify))
        with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                    server_hostname="localhost",
                                    suppress_ragged_eofs=suppress) as tls:
            assert recv_exactly(tls, 3) == b"bye"
            # PyPy's and 3.9's _ssl: the end, always; so too where the context
            # has OpenSSL ignore an unexpected EOF (a default in some CPython
            # 3.10/3.11 releases: Debian's 3.11.2 has it, 3.10.13 and 3.11.7 not)
            if suppress or not CPYTHON_EX_IO or ignores_unexpected_eof(client_ctx):
                assert tls.recv(10) == b""
            else:
                with pytest.raises(ssl.SSLEOFError):
                    tls.recv(10)
        peer.join()


def test_connection_reset_under_a_read(contexts):
    """The peer resets the TCP connection (SO_LINGER 0) while we read:
    CPython 3.10-3.12 reads with SSL_read_ex and reports SSLEOFError."""
    server_ctx, client_ctx = contexts
    outcome = []

    def body(tls):
        tls.sendall(b"ready")
        try:
            tls.recv(10)
        except OSError as exc:
            outcome.append(exc)

    peer = Peer(tls_server(server_ctx, body, suppress_ragged_eofs=False))
    tls = client_ctx.wrap_socket(socket.create_connection(peer.address),
                                 server_hostname="localhost")
    assert recv_exactly(tls, 5) == b"ready"
    tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    tls.close()
    peer.join()
    expected = ssl.SSLEOFError if RESET_READS_AS_EOF else ConnectionResetError
    assert [type(exc) for exc in outcome] == [expected]


def test_clean_close_notify_reads_as_eof(contexts):
    server_ctx, client_ctx = contexts

    def body(tls):
        tls.sendall(b"end")
        tls.unwrap()

    peer = Peer(tls_server(server_ctx, body))
    with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                server_hostname="localhost", suppress_ragged_eofs=False) as tls:
        assert recv_exactly(tls, 3) == b"end"
        assert tls.recv(10) == b""
        assert tls.unwrap() is tls  # answers the close_notify: the server's unwrap returns
    peer.join()


def test_unknown_ca_is_refused(certs):
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(certs["cert"], certs["key"])
    strict = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no CA loaded

    def body(conn):
        with pytest.raises(ssl.SSLError):
            server_ctx.wrap_socket(conn, server_side=True)

    peer = Peer(body)
    with pytest.raises(ssl.SSLCertVerificationError) as info:
        strict.wrap_socket(socket.create_connection(peer.address), server_hostname="localhost")
    assert info.value.verify_code == 20  # unable to get local issuer certificate
    peer.join()


def test_wrong_host_name_is_refused(contexts):
    server_ctx, client_ctx = contexts
    peer = Peer(lambda conn: pytest.raises(ssl.SSLError, server_ctx.wrap_socket, conn,
                                           server_side=True))
    with pytest.raises(ssl.SSLCertVerificationError):
        client_ctx.wrap_socket(socket.create_connection(peer.address), server_hostname="example.org")
    peer.join()


def test_sni_callback_sees_the_ssl_socket(contexts):
    server_ctx, client_ctx = contexts
    seen = []
    server_ctx.sni_callback = lambda sslsock, name, ctx: seen.append((type(sslsock), name))
    peer = Peer(tls_server(server_ctx, lambda tls: tls.sendall(b"ok")))
    with client_ctx.wrap_socket(socket.create_connection(peer.address),
                                server_hostname="localhost") as tls:
        assert tls.recv(2) == b"ok"
    peer.join()
    assert seen == [(ssl.SSLSocket, "localhost")]


def test_server_accepts_on_a_wrapped_listener(contexts):
    server_ctx, client_ctx = contexts
    listener = server_ctx.wrap_socket(socket.create_server(("127.0.0.1", 0)), server_side=True)
    errors = []

    def serve():
        try:
            conn, _ = listener.accept()
            with conn:
                assert isinstance(conn, ssl.SSLSocket)
                conn.sendall(conn.recv(10) * 2)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=serve)
    thread.start()
    with client_ctx.wrap_socket(socket.create_connection(listener.getsockname()),
                                server_hostname="localhost") as tls:
        tls.sendall(b"ab")
        assert recv_exactly(tls, 4) == b"abab"
    thread.join(30)
    listener.close()
    assert not errors, errors


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def do_GET(self):
        body = f"path={self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def https_server(contexts):
    server_ctx, client_ctx = contexts
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.socket = server_ctx.wrap_socket(httpd.socket, server_side=True)
    with Serving(httpd):
        yield httpd.server_address[1], client_ctx


def test_https_round_trip_urllib(https_server):
    port, client_ctx = https_server
    with urllib.request.urlopen(f"https://localhost:{port}/hello?x=1", context=client_ctx,
                                timeout=30) as response:
        assert response.status == 200
        assert response.read() == b"path=/hello?x=1"


def test_https_round_trip_http_client(https_server):
    port, client_ctx = https_server
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=client_ctx, timeout=30)
    try:
        socks = []
        for path in ("/a", "/b"):  # keep-alive: two requests, one connection
            conn.request("GET", path)
            response = conn.getresponse()
            assert response.read() == b"path=" + path.encode()
            socks.append(conn.sock)
        assert isinstance(socks[0], ssl.SSLSocket) and socks[0] is socks[1]
    finally:
        conn.close()


def test_wrap_an_unconnected_socket_then_connect(contexts):
    server_ctx, client_ctx = contexts
    peer = Peer(tls_server(server_ctx, lambda tls: tls.sendall(b"hi")))
    tls = client_ctx.wrap_socket(socket.socket(), server_hostname="localhost")
    with tls:
        assert tls.connect_ex(peer.address) == 0
        assert tls.recv(2) == b"hi"
        assert os.get_inheritable(tls.fileno()) is False
    peer.join()
