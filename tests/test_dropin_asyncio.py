"""asyncio's selector loop on plain `socket`: pytest runs this file on the
stdlib, test_same_tests_under_sockffi runs it again under `python -m sockffi
run` (asyncio then builds every socket with sockffi)."""

import asyncio
import os
import socket
import ssl
import sys
import tempfile

import pytest

from dropin_certs import make_certs
from dropin_support import inner_check_module, run_file_under_sockffi, under_sockffi

CLIENTS = 100


def test_same_tests_under_sockffi():
    run_file_under_sockffi(__file__)


def test_sockets_are_sockffi_in_the_child_run():
    inner_check_module()


def run(coro):
    loop = asyncio.SelectorEventLoop()
    try:
        return loop.run_until_complete(asyncio.wait_for(coro, 60))
    finally:
        loop.close()


async def _echo(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            writer.write(line.upper())
            await writer.drain()
    finally:
        writer.close()


async def _one_line(reader, writer, line: bytes) -> bytes:
    """Send one line to _echo, read its answer, close: the answer."""
    writer.write(line)
    answer = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return answer


def test_echo_server_with_100_concurrent_clients():
    async def client(port, index):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        lines = [f"client {index} line {n}\n".encode() for n in range(5)]
        for line in lines:
            writer.write(line)
        await writer.drain()
        replies = [await reader.readline() for _ in lines]
        writer.close()
        await writer.wait_closed()
        return replies == [line.upper() for line in lines]

    async def main():
        server = await asyncio.start_server(_echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        if under_sockffi():
            import sockffi
            assert isinstance(server.sockets[0]._sock, sockffi.socket)
        async with server:
            results = await asyncio.gather(*(client(port, i) for i in range(CLIENTS)))
        return results

    assert run(main()) == [True] * CLIENTS


def test_sock_methods():
    async def main():
        loop = asyncio.get_running_loop()
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        client = socket.socket()
        client.setblocking(False)
        with listener, client:
            accepting = loop.create_task(loop.sock_accept(listener))
            await loop.sock_connect(client, listener.getsockname())
            conn, address = await accepting
            with conn:
                assert address == client.getsockname()
                conn.setblocking(False)
                await loop.sock_sendall(client, b"x" * 300000)
                got = bytearray()
                buffer = bytearray(65536)
                while len(got) < 300000:
                    count = await loop.sock_recv_into(conn, buffer)
                    got += buffer[:count]
                assert got == b"x" * 300000
                await loop.sock_sendall(conn, b"reply")
                assert await loop.sock_recv(client, 10) == b"reply"
                with tempfile.TemporaryFile() as f:
                    f.write(b"file body" * 1000)
                    f.seek(0)
                    assert await loop.sock_sendfile(conn, f) == 9000
                data = b""
                while len(data) < 9000:
                    data += await loop.sock_recv(client, 9000)
                assert data == b"file body" * 1000
        return True

    assert run(main())


def test_datagram_endpoints():
    class Echo(asyncio.DatagramProtocol):
        def connection_made(self, transport):
            self.transport = transport

        def datagram_received(self, data, addr):
            self.transport.sendto(data[::-1], addr)

    class Client(asyncio.DatagramProtocol):
        def __init__(self):
            self.received = asyncio.get_running_loop().create_future()

        def datagram_received(self, data, addr):
            self.received.set_result((data, addr))

    async def main():
        loop = asyncio.get_running_loop()
        server, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
        address = server.get_extra_info("sockname")
        transport, client = await loop.create_datagram_endpoint(Client, remote_addr=address)
        transport.sendto(b"datagram")
        data, sender = await client.received
        transport.close()
        server.close()
        return data, sender == address

    assert run(main()) == (b"margatad", True)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no AF_UNIX")
def test_unix_server(tmp_path):
    async def main():
        path = str(tmp_path / "echo.sock")
        server = await asyncio.start_unix_server(_echo, path)
        async with server:
            reader, writer = await asyncio.open_unix_connection(path)
            return await _one_line(reader, writer, b"over a unix socket\n")

    assert run(main()) == b"OVER A UNIX SOCKET\n"


def test_tls_streams(tmp_path):
    paths = make_certs(str(tmp_path))
    if paths is None:
        pytest.skip("no way to make certificates")
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(paths["cert"], paths["key"])
    client_ctx = ssl.create_default_context(cafile=paths["ca"])

    async def main():
        server = await asyncio.start_server(_echo, "127.0.0.1", 0, ssl=server_ctx)
        port = server.sockets[0].getsockname()[1]
        async with server:
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, ssl=client_ctx, server_hostname="localhost")
            version = writer.get_extra_info("ssl_object").version()  # (the handshake is done)
            return await _one_line(reader, writer, b"tls line\n"), version

    line, version = run(main())
    assert line == b"TLS LINE\n" and version.startswith("TLS")


def test_wrapped_existing_socket():
    """loop.create_connection(sock=...) with a socket made by hand."""
    async def main():
        server = await asyncio.start_server(_echo, "127.0.0.1", 0)
        async with server:
            sock = socket.create_connection(server.sockets[0].getsockname())
            reader, writer = await asyncio.open_connection(sock=sock)
            return await _one_line(reader, writer, b"hand made\n")

    assert run(main()) == b"HAND MADE\n"
    assert sys.modules["socket"] is socket
