"""Ordinary typed code against the stdlib's socket module.

.ci/packaging.sh type-checks it (mypy --strict, pyright strict) as written
and again with only the import line changed to `import sockffi as socket`:
both must pass, so sockffi's types are the stdlib's. It also runs
(tests/test_typing_example.py), loopback only.
"""

import socket
from io import BufferedReader, BufferedWriter, TextIOWrapper
from typing import Optional


def tcp_echo_once(message: bytes) -> bytes:
    server: socket.socket = socket.create_server(("127.0.0.1", 0))
    with server:
        host, port = server.getsockname()
        with socket.create_connection((host, port), timeout=5.0) as client:
            conn, _peer = server.accept()
            with conn:
                conn.settimeout(5.0)
                client.sendall(message)
                buffer = bytearray(len(message))
                view = memoryview(buffer)
                received = 0
                while received < len(message):
                    count = conn.recv_into(view[received:])
                    if count == 0:
                        break
                    received += count
                return bytes(buffer[:received])


def udp_round_trip(payload: bytes) -> tuple[bytes, str]:
    family: socket.AddressFamily = socket.AF_INET
    kind: socket.SocketKind = socket.SOCK_DGRAM
    with socket.socket(family, kind) as receiver, socket.socket(family, kind) as sender:
        receiver.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5.0)
        sender.sendto(payload, receiver.getsockname())
        data, address = receiver.recvfrom(2048)
        peer_host: str = address[0]
        return data, peer_host


def lines_through_files() -> str:
    left, right = socket.socketpair()
    with left, right:
        writer: BufferedWriter = left.makefile("wb")
        reader: BufferedReader = right.makefile("rb")
        text: TextIOWrapper = right.makefile("r", encoding="ascii")
        writer.write(b"first line\n")
        writer.flush()
        first = reader.readline()
        left.sendall(b"second line\n")
        second = text.readline()
        for stream in (writer, reader, text):
            stream.close()
        return first.decode("ascii") + second


def lookups() -> list[str]:
    seen: list[str] = []
    for family, kind, _proto, _canon, address in socket.getaddrinfo(
            "127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM):
        seen.append(f"{family.name} {kind.name} {address[0]}")
    packed = socket.inet_pton(socket.AF_INET6, "::1")
    seen.append(socket.inet_ntop(socket.AF_INET6, packed))
    seen.append(str(socket.ntohs(socket.htons(8080))))
    flags = socket.MsgFlag.MSG_PEEK | socket.MSG_DONTWAIT
    seen.append(str(int(flags)))
    try:
        socket.getaddrinfo("name.invalid", None, flags=socket.AI_NUMERICHOST)
    except socket.gaierror as exc:
        seen.append(f"gaierror {exc.errno}")
    return seen


def timeouts() -> str:
    left, right = socket.socketpair()
    with left, right:
        right.settimeout(0.01)
        timeout: Optional[float] = right.gettimeout()
        try:
            right.recv(1)
        except socket.timeout:
            return f"timed out after {timeout}"
        return "no timeout"


def pass_descriptor() -> int:
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with left, right:
        socket.send_fds(left, [b"x"], [left.fileno()])
        _data, fds, _flags, _address = socket.recv_fds(right, 1, 1)
        for fd in fds:
            socket.close(fd)
        return len(fds)


def main() -> None:
    print(tcp_echo_once(b"hello"))
    print(udp_round_trip(b"datagram"))
    print(lines_through_files())
    print(lookups())
    print(timeouts())
    print(pass_descriptor())


if __name__ == "__main__":
    main()
