"""The stdlib's modules built on `socket` (socketserver, http.server +
urllib.request, xmlrpc, multiprocessing.connection, selectors), written
against plain `socket`: pytest runs this file on the stdlib,
test_same_tests_under_sockffi runs it again under `python -m sockffi run`."""

import http.server
import multiprocessing.connection
import os
import selectors
import socket
import socketserver
import tempfile
import threading
import urllib.request
import xmlrpc.client
import xmlrpc.server

import pytest

from dropin_support import Serving, inner_check_module, run_file_under_sockffi, under_sockffi

CLIENTS = 20


def test_same_tests_under_sockffi():
    run_file_under_sockffi(__file__)


def test_sockets_are_sockffi_in_the_child_run():
    inner_check_module()


class EchoHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line[::-1][1:] + b"\n")


def test_threaded_tcp_echo_with_20_clients():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), EchoHandler)
    server.daemon_threads = True
    if under_sockffi():
        import sockffi
        assert isinstance(server.socket, sockffi.socket)
    results = [None] * CLIENTS

    def client(index):
        with socket.create_connection(server.server_address, timeout=30) as sock:
            with sock.makefile("rwb") as stream:
                lines = [f"{index}-{n}-abc\n".encode() for n in range(10)]
                stream.writelines(lines)
                stream.flush()
                replies = [stream.readline() for _ in lines]
        results[index] = replies == [line[:-1][::-1] + b"\n" for line in lines]

    with Serving(server):
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert results == [True] * CLIENTS


def test_udp_server():
    class Handler(socketserver.DatagramRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.read().upper())

    with Serving(socketserver.ThreadingUDPServer(("127.0.0.1", 0), Handler)) as server:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(30)
            sock.sendto(b"datagram", server.server_address)
            assert sock.recvfrom(100) == (b"DATAGRAM", server.server_address)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX")
def test_unix_stream_server():
    path = os.path.join(tempfile.mkdtemp(), "s")
    with Serving(socketserver.ThreadingUnixStreamServer(path, EchoHandler)):
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(30)
            sock.connect(path)
            sock.sendall(b"olleh\n")
            assert sock.recv(100) == b"hello\n"
    os.unlink(path)


class PageHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"page " + self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(201)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[::-1])

    def log_message(self, *args):
        pass


def test_http_server_and_urllib():
    with Serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)) as server:
        url = "http://127.0.0.1:%d" % server.server_address[1]
        with urllib.request.urlopen(url + "/index", timeout=30) as response:
            assert response.read() == b"page /index"
        request = urllib.request.Request(url + "/post", data=b"0123456789" * 1000)
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 201
            assert response.read() == (b"0123456789" * 1000)[::-1]


def test_xmlrpc():
    server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
    server.register_function(lambda a, b: a + b, "add")
    server.register_function(lambda: list(range(1000)), "many")
    with Serving(server):
        proxy = xmlrpc.client.ServerProxy("http://127.0.0.1:%d" % server.server_address[1])
        with proxy:
            assert proxy.add(2, 40) == 42
            assert proxy.many() == list(range(1000))
            with pytest.raises(xmlrpc.client.Fault):
                proxy.missing()


@pytest.mark.parametrize("family", ["AF_INET", "AF_UNIX"])
def test_multiprocessing_connection(family):
    address = ("127.0.0.1", 0) if family == "AF_INET" else None
    with multiprocessing.connection.Listener(address, family=family, authkey=b"k") as listener:
        errors = []

        def serve():
            try:
                with listener.accept() as conn:
                    conn.send({"echo": conn.recv()})
                    conn.send_bytes(b"\0" * 200000)
            except BaseException as exc:
                errors.append(exc)

        thread = threading.Thread(target=serve)
        thread.start()
        with multiprocessing.connection.Client(listener.address, family=family,
                                               authkey=b"k") as conn:
            conn.send([1, "two", 3.0])
            assert conn.recv() == {"echo": [1, "two", 3.0]}
            assert conn.recv_bytes() == b"\0" * 200000
        thread.join(30)
    assert not errors, errors


def test_selectors_loop():
    with selectors.DefaultSelector() as selector:
        listener = socket.create_server(("127.0.0.1", 0))
        listener.setblocking(False)
        selector.register(listener, selectors.EVENT_READ, "accept")
        clients = [socket.create_connection(listener.getsockname()) for _ in range(5)]
        served, replies, rounds = 0, [], 0
        while len(replies) < len(clients):
            rounds += 1
            assert rounds < 1000, replies
            for key, events in selector.select(timeout=10):
                if key.data == "accept":
                    conn, _ = listener.accept()
                    conn.setblocking(False)
                    selector.register(conn, selectors.EVENT_READ, "conn")
                    conn.sendall(b"hi %d" % served)
                    served += 1
                else:
                    data = key.fileobj.recv(100)
                    if not data:
                        selector.unregister(key.fileobj)
                        key.fileobj.close()
            for client in clients:
                client.setblocking(False)
                try:
                    replies.append(client.recv(100))
                except BlockingIOError:
                    pass
        assert sorted(replies) == sorted(b"hi %d" % n for n in range(5))
        for client in clients:
            client.close()
        for key in list(selector.get_map().values()):
            key.fileobj.close()
