"""The far end of the TCP workloads: a separate process on the stdlib's
`socket`, so both modules under test talk to the same, unchanging peer.

    python peer.py        prints its port, then serves one connection at a time

The first byte a client sends picks the service:
    E  echo everything back (request/response)
    S  sink: read to EOF, check the byte pattern, answer (count, ok) as "!QB"
    R  source: send the byte pattern until the client goes away

The process exits when its stdin closes (the runner went away) or after
MAX_LIFETIME seconds, whichever comes first.
"""

import os
import signal
import socket
import struct
import sys
import threading

MAX_LIFETIME = 3600
PERIOD = 251  # the stream byte at offset p is p % PERIOD: a prime, so chunk
CHUNK = 65536  # boundaries never line up with the pattern by accident
PATTERN = bytes(i % PERIOD for i in range(CHUNK + PERIOD))


def echo(conn):
    buf = bytearray(65536)
    view = memoryview(buf)
    while True:
        n = conn.recv_into(buf)
        if not n:
            return
        conn.sendall(view[:n])


def sink(conn):
    buf = bytearray(CHUNK)
    total = 0
    ok = True
    while True:
        n = conn.recv_into(buf)
        if not n:
            break
        if buf[0] != total % PERIOD or buf[n - 1] != (total + n - 1) % PERIOD:
            ok = False
        total += n
    conn.sendall(struct.pack("!QB", total, ok))


def source(conn):
    view = memoryview(PATTERN)
    chunks = [view[off:off + CHUNK] for off in range(PERIOD)]
    pos = 0
    try:
        while True:
            conn.sendall(chunks[pos % PERIOD])
            pos += CHUNK
    except OSError:  # the client closed: EPIPE / ECONNRESET
        pass


SERVICES = {b"E": echo, b"S": sink, b"R": source}


def serve(listener):
    while True:
        conn, _ = listener.accept()
        with conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                kind = conn.recv(1)
                if kind in SERVICES:
                    SERVICES[kind](conn)
            except OSError:
                pass


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.alarm(MAX_LIFETIME)  # default action: the process ends
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    serve(listener)


if __name__ == "__main__":
    main()
