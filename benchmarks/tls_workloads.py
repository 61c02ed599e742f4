"""TLS workloads: the stdlib's C path (`_ssl` on the C socket) against
sockffi's TLS engine (memory BIOs pumped over a sockffi socket, as under
`python -m sockffi run`).

ssl.SSLSocket is built on whichever `socket` was imported first, so each
figure comes from a child process: `python tls_workloads.py NAME ...` for
the stdlib, `python -m sockffi run tls_workloads.py NAME ...` for sockffi.
The child is the client; the server is a third process on the stdlib's C
path (`--peer`), the same for both, so a ratio compares one side's library.

    bulk send     64 KiB sendall()s into a TLS sink, until unwrap()
    bulk receive  64 KiB recv_into()s from a TLS source, every byte checked
    connections   connect + handshake + 4-byte echo + close, per second
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
CHUNK = 65536
PERIOD = 251
PATTERN = bytes(i % PERIOD for i in range(CHUNK + PERIOD))


# --- the peer: a stdlib TLS server process ---------------------------------------

def _sink(tls):
    buffer = bytearray(1 << 18)
    total = 0
    while True:
        got = tls.recv_into(buffer)
        if not got:
            break
        total += got
    plain = tls.unwrap()
    plain.sendall(total.to_bytes(8, "big"))


def _source(tls):
    view = memoryview(PATTERN)
    offset = 0
    try:
        while True:
            tls.sendall(view[offset:offset + CHUNK])
            offset = (offset + CHUNK) % PERIOD
    except OSError:
        pass  # the client has gone


def _echo(tls):
    tls.sendall(tls.recv(4))


SERVICES = {b"S": _sink, b"R": _source, b"E": _echo}


def _serve_one(ctx, conn):
    import ssl
    try:
        with ctx.wrap_socket(conn, server_side=True) as tls:
            service = tls.recv(1)
            if service:
                SERVICES[service](tls)
    except (OSError, ssl.SSLError):
        pass


def peer_main(certdir: str) -> None:
    import socket
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certdir, "cert.pem"), os.path.join(certdir, "key.pem"))
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    print(listener.getsockname()[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while True:
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=_serve_one, args=(ctx, conn), daemon=True).start()


# --- the measured client (in the child) ------------------------------------------

def _client(certdir: str):
    import ssl
    ctx = ssl.create_default_context(cafile=os.path.join(certdir, "ca.pem"))
    return ctx


_wrap = None  # how the client puts TLS on a socket: ctx.wrap_socket, or tls_floor's pump


def _connect(ctx, port: int, service: bytes):
    import socket
    raw = socket.create_connection(("127.0.0.1", port))
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    tls = (_wrap or ctx.wrap_socket)(raw, server_hostname="localhost")
    tls.sendall(service)
    return tls


def _recv_exactly(sock, size: int, closed: str) -> bytes:
    data = b""
    while len(data) < size:
        more = sock.recv(size - len(data))
        if not more:
            raise RuntimeError(closed)
        data += more
    return data


def bulk_send(ctx, port: int, duration: float, timed_loop) -> float:
    tls = _connect(ctx, port, b"S")
    chunk = PATTERN[:CHUNK]

    def step(n):
        for _ in range(n):
            tls.sendall(chunk)
    done, seconds = timed_loop(step, duration)
    plain = tls.unwrap()
    total = _recv_exactly(plain, 8, "the sink closed before its count")
    plain.close()
    if int.from_bytes(total, "big") != done * CHUNK:
        raise RuntimeError("bulk send: the sink counted other bytes")
    return done * CHUNK / seconds / 1e6


def bulk_recv(ctx, port: int, duration: float, timed_loop) -> float:
    tls = _connect(ctx, port, b"R")
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    state = [0, 0]  # bytes received, position in the pattern

    def step(n):
        got, offset = state
        for _ in range(n):
            count = tls.recv_into(buffer, CHUNK)
            if not count:
                raise RuntimeError("the source closed")
            if view[:count] != PATTERN[offset:offset + count]:
                raise RuntimeError("bulk receive: wrong bytes")
            got += count
            offset = (offset + count) % PERIOD
        state[0], state[1] = got, offset
    try:
        done, seconds = timed_loop(step, duration)
    finally:
        tls.close()
    return state[0] / seconds / 1e6


def connections(ctx, port: int, duration: float, timed_loop) -> float:
    def step(n):
        for _ in range(n):
            with _connect(ctx, port, b"E") as tls:
                tls.sendall(b"ping")
                if _recv_exactly(tls, 4, "the echo closed") != b"ping":
                    raise RuntimeError("connections: wrong echo")
    done, seconds = timed_loop(step, duration)
    return done / seconds


MEASURES = {"tls_bulk_send": (bulk_send, "MB/s"), "tls_bulk_recv": (bulk_recv, "MB/s"),
            "tls_connections": (connections, "conns/s")}


def child_main(name: str, duration: float, certdir: str, clock: str, pump: str = "") -> None:
    global _wrap
    sys.path.insert(0, os.path.dirname(HERE))
    from benchmarks import harness
    harness.use_cpu_clock(clock == "cpu")
    peer = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--peer", certdir],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=_stdlib_env())
    try:
        port = int(peer.stdout.readline())
        ctx = _client(certdir)
        if pump:  # "greedy" or "per-record"
            from benchmarks.tls_floor import MinimalTLS
            _wrap = lambda raw, server_hostname: MinimalTLS(  # noqa: E731
                ctx, raw, server_hostname, greedy=pump == "greedy")
        func = MEASURES[name][0]
        func(ctx, port, duration / 2, harness.timed_loop)  # warm-up
        print(func(ctx, port, duration, harness.timed_loop))
    finally:
        peer.stdin.close()
        peer.wait(10)


def _stdlib_env() -> dict:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# --- what the benchmark command calls --------------------------------------------

_certdir = None


def _certificates() -> str:
    """One CA and server certificate per run (tests/dropin_certs.py)."""
    global _certdir
    if _certdir is None:
        sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
        from dropin_certs import make_certs
        directory = tempfile.mkdtemp(prefix="sockffi-tls-bench-")
        if make_certs(directory) is None:
            raise RuntimeError("no certificates: neither cryptography nor openssl works")
        _certdir = directory
    return _certdir


def run_child(name: str, duration: float, root: str, cpu_clock: bool, on_sockffi: bool,
              pump: str = "") -> float:
    """The figure of one child run: the client on the stdlib's socket or on
    sockffi's (`python -m sockffi run`), through ssl's wrap_socket or, with
    pump="greedy" or "per-record", through tls_floor's MinimalTLS."""
    under = ["-m", "sockffi", "run"] if on_sockffi else []
    command = [sys.executable, *under, os.path.abspath(__file__), name, str(duration),
               _certificates(), "cpu" if cpu_clock else "wall", pump]
    proc = subprocess.run(command, cwd=root, env=_stdlib_env(), capture_output=True,
                          text=True, timeout=120 + 4 * duration)
    if proc.returncode != 0:
        from .harness import BenchError
        lines = proc.stderr.strip().splitlines()
        raise BenchError(lines[-1] if lines else "failed")
    return float(proc.stdout.split()[-1])


def factory(name: str, root: str, cpu_clock: bool):
    """measure(mod, duration) -> the figure from a child run on `mod`."""
    def measure(mod, duration: float) -> float:
        return run_child(name, duration, root, cpu_clock, mod.__name__ != "socket")
    return measure


if __name__ == "__main__":
    if sys.argv[1] == "--peer":
        peer_main(sys.argv[2])
    else:
        child_main(*sys.argv[1:2], float(sys.argv[2]), *sys.argv[3:])
