"""Ordinary typed asyncio code on sockffi's batch datagram transport.

.ci/packaging.sh type-checks it (mypy --strict, pyright strict): the names
of sockffi.aio are typed; tests/test_typing_example.py runs it (loopback).
"""

import asyncio
from typing import Any, List, Tuple, cast

import sockffi.aio


class Echo(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.transport: "asyncio.DatagramTransport | None" = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: Tuple[str, int]) -> None:
        assert self.transport is not None
        self.transport.sendto(data.upper(), addr)


class Client(asyncio.DatagramProtocol):
    def __init__(self, expected: int) -> None:
        self.replies: List[bytes] = []
        self.expected = expected
        self.done: "asyncio.Future[List[bytes]]" = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.replies.append(data)
        if len(self.replies) == self.expected and not self.done.done():
            self.done.set_result(self.replies)


async def echo_three() -> List[bytes]:
    server, _ = await sockffi.aio.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    host, port = server.get_extra_info("sockname")
    client, protocol = await sockffi.aio.create_datagram_endpoint(
        lambda: Client(3), remote_addr=(host, port))
    try:
        assert isinstance(client, sockffi.aio.BatchDatagramTransport)
        for word in (b"one", b"two", b"three"):
            client.sendto(word)
        return await asyncio.wait_for(protocol.done, 5.0)
    finally:
        client.close()
        server.close()


def main() -> None:
    sockffi.aio.install()
    try:
        assert sockffi.aio.installed()
        print(sorted(asyncio.run(echo_three())))
    finally:
        sockffi.aio.uninstall()


if __name__ == "__main__":
    main()
