"""A short loopback self-test: TCP, UDP and AF_UNIX echo through sockffi."""

import os
import tempfile
import threading

from . import _socket
from ._binding import CONSTANTS

PAYLOAD = b"sockffi self-test \x00\xff" * 64


def _tcp(family: int, host: str) -> None:
    with _socket.socket(family, CONSTANTS["SOCK_STREAM"]) as server:
        server.bind((host, 0))
        server.listen()
        server.settimeout(5)

        def serve():
            conn, _ = server.accept()
            with conn:
                conn.settimeout(5)
                data = b""
                while len(data) < len(PAYLOAD):
                    data += conn.recv(65536)
                conn.sendall(data)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        with _socket.socket(family, CONSTANTS["SOCK_STREAM"]) as client:
            client.settimeout(5)
            client.connect(server.getsockname())
            client.sendall(PAYLOAD)
            echoed = b""
            while len(echoed) < len(PAYLOAD):
                echoed += client.recv(65536)
        thread.join(5)
    assert echoed == PAYLOAD, "TCP echo differs"


def _udp() -> None:
    dgram = CONSTANTS["SOCK_DGRAM"]
    with _socket.socket(CONSTANTS["AF_INET"], dgram) as a, \
            _socket.socket(CONSTANTS["AF_INET"], dgram) as b:
        a.settimeout(5)
        b.settimeout(5)
        a.bind(("127.0.0.1", 0))
        b.bind(("127.0.0.1", 0))
        a.sendto(PAYLOAD[:512], b.getsockname())
        data, sender = b.recvfrom(2048)
        b.sendto(data, sender)
        echoed, _ = a.recvfrom(2048)
    assert echoed == PAYLOAD[:512], "UDP echo differs"


def _unix() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "echo.sock")
        with _socket.socket(CONSTANTS["AF_UNIX"], CONSTANTS["SOCK_STREAM"]) as server:
            server.bind(path)
            server.listen()
            with _socket.socket(CONSTANTS["AF_UNIX"], CONSTANTS["SOCK_STREAM"]) as client:
                client.settimeout(5)
                client.connect(path)
                conn, _ = server.accept()
                with conn:
                    client.sendall(PAYLOAD[:1000])
                    conn.sendall(conn.recv(4096))
                    echoed = client.recv(4096)
    assert echoed == PAYLOAD[:1000], "AF_UNIX echo differs"


CHECKS = (
    ("TCP echo over 127.0.0.1", lambda: _tcp(CONSTANTS["AF_INET"], "127.0.0.1")),
    ("TCP echo over ::1", lambda: _tcp(CONSTANTS["AF_INET6"], "::1")),
    ("UDP echo over 127.0.0.1", _udp),
    ("AF_UNIX stream echo", _unix),
)


def run(out) -> bool:
    """Run every check, print one line each; True when all pass."""
    ok = True
    for name, check in CHECKS:
        try:
            check()
        except Exception as exc:  # report, do not stop: the summary counts
            ok = False
            out.write(f"  FAIL  {name}: {type(exc).__name__}: {exc}\n")
        else:
            out.write(f"  pass  {name}\n")
    return ok
