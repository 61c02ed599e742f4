"""sockffi.aio's batch datagram transport on real loopback sockets.

Each behaviour is checked on three transports side by side: the stdlib's
(the reference), sockffi's batch transport, and its one-datagram-per-call
fallback; they must agree.  asyncio's own datagram test cases run against
it through tests/stdlib_suites/asyncio_datagram.py (test_aio_datagram_stdlib.py).
"""

import asyncio
import errno
import gc
from asyncio import selector_events
import os
import socket
import struct
import subprocess
import sys
import tempfile

import pytest

import sockffi
import sockffi.aio as aio
from sockffi import _aio_datagram
from sockffi._aio_datagram import BatchDatagramTransport

TIMEOUT = 10.0
MODES = ["stdlib", "batch", "fallback"]
needs_batch = pytest.mark.skipif(not aio.HAVE_BATCH, reason="no recvmmsg/sendmmsg")


@pytest.fixture(params=MODES)
def mode(request, monkeypatch):
    if request.param != "stdlib" and not aio.HAVE_BATCH and request.param == "batch":
        pytest.skip("no recvmmsg/sendmmsg here")
    if request.param == "fallback":
        monkeypatch.setattr(_aio_datagram, "HAVE_BATCH", False)
    return request.param


async def endpoint(mode, factory, **kwargs):
    """create_datagram_endpoint through the transport `mode` names."""
    loop = asyncio.get_running_loop()
    if mode == "stdlib":
        transport, protocol = await loop.create_datagram_endpoint(factory, **kwargs)
        assert not isinstance(transport, BatchDatagramTransport)
    else:
        transport, protocol = await aio.create_datagram_endpoint(factory, **kwargs)
        assert isinstance(transport, BatchDatagramTransport)
        assert transport._batch == (mode == "batch")
    # Room for the bursts the tests send before letting the loop read.
    transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
    return transport, protocol


def run(coro):
    async def bounded():
        return await asyncio.wait_for(coro, TIMEOUT)
    return asyncio.run(bounded())


class Collector(asyncio.DatagramProtocol):
    """Records every event; `until(n)` waits for n datagrams."""

    def __init__(self):
        self.loop = asyncio.get_running_loop()
        self.datagrams = []
        self.errors = []
        self.events = []
        self.lost = self.loop.create_future()
        self._want = None

    def connection_made(self, transport):
        self.transport = transport
        self.events.append("made")

    def datagram_received(self, data, addr):
        self.datagrams.append((data, addr))
        if self._want and len(self.datagrams) >= self._want[0] and not self._want[1].done():
            self._want[1].set_result(None)

    def error_received(self, exc):
        self.errors.append(exc)
        self.events.append("error")

    def connection_lost(self, exc):
        self.events.append(("lost", exc))
        self.lost.set_result(exc)

    def pause_writing(self):
        self.events.append("pause")

    def resume_writing(self):
        self.events.append("resume")

    async def until(self, n):
        if len(self.datagrams) < n:
            self._want = (n, self.loop.create_future())
            await self._want[1]
        return self.datagrams


def raw_socket(family=socket.AF_INET, bind=("127.0.0.1", 0)):
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
    if bind is not None:
        s.bind(bind)
    s.setblocking(False)
    return s


class Echo(Collector):
    def datagram_received(self, data, addr):
        super().datagram_received(data, addr)
        self.transport.sendto(data, addr)


def send_each(sock, datas, where):
    for data in datas:
        sock.sendto(data, where)


def payloads(n, size=32):
    return [struct.pack("!I", i) + bytes([i % 251]) * (size - 4) for i in range(n)]


async def recv_all(sock, n, loop):
    got = []
    while len(got) < n:
        got.append(await loop.sock_recvfrom(sock, 65536) if hasattr(loop, "sock_recvfrom")
                   else await _recvfrom(loop, sock))
    return got


async def _recvfrom(loop, sock):  # loop.sock_recvfrom is 3.11+
    while True:
        try:
            return sock.recvfrom(65536)
        except BlockingIOError:
            future = loop.create_future()
            loop.add_reader(sock.fileno(), future.set_result, None)
            try:
                await future
            finally:
                loop.remove_reader(sock.fileno())


# --- reading -----------------------------------------------------------------

def test_burst_arrives_whole_and_in_order(mode):
    """Bursts larger than a batch: every datagram the kernel queued, in order."""
    async def main():
        transport, protocol = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        sender = raw_socket()
        sent = payloads(1000)
        where = transport.get_extra_info("sockname")
        for i in range(0, 1000, 100):  # within the receive buffer
            send_each(sender, sent[i:i + 100], where)
            await protocol.until(i + 100)
        assert [d for d, _ in protocol.datagrams] == sent
        assert {a for _, a in protocol.datagrams} == {sender.getsockname()}
        transport.close()
        sender.close()
        assert await protocol.lost is None
    run(main())


@needs_batch
def test_datagrams_received_gets_batches():
    class Many(Collector):
        def datagrams_received(self, batch):
            self.events.append(len(batch))
            for data, addr in batch:
                self.datagram_received(data, addr)

    async def main():
        transport, protocol = await aio.create_datagram_endpoint(
            Many, local_addr=("127.0.0.1", 0))
        sender = raw_socket()
        sent = payloads(100)
        send_each(sender, sent, transport.get_extra_info("sockname"))
        await protocol.until(100)
        sizes = [e for e in protocol.events if isinstance(e, int)]
        assert sum(sizes) == 100 and max(sizes) > 1  # queued ones come together
        assert max(sizes) <= transport._count
        assert [d for d, _ in protocol.datagrams] == sent
        transport.close()
        sender.close()
    run(main())


@pytest.mark.skipif("pause_reading" not in vars(selector_events._SelectorTransport),
                    reason="datagram transports pause reading from Python 3.11 on")
def test_pause_reading_mid_batch_loses_nothing(mode):
    class Pausing(Collector):
        def datagram_received(self, data, addr):
            super().datagram_received(data, addr)
            if len(self.datagrams) % 7 == 0:
                self.transport.pause_reading()
                self.loop.call_later(0.01, self.transport.resume_reading)

    async def main():
        transport, protocol = await endpoint(mode, Pausing, local_addr=("127.0.0.1", 0))
        sender = raw_socket()
        sent = payloads(100)
        send_each(sender, sent, transport.get_extra_info("sockname"))
        await protocol.until(100)
        assert [d for d, _ in protocol.datagrams] == sent
        transport.close()
        sender.close()
    run(main())


def test_exception_in_protocol_loses_nothing(mode):
    class Raising(Collector):
        def datagram_received(self, data, addr):
            super().datagram_received(data, addr)
            if len(self.datagrams) % 10 == 3:
                raise RuntimeError("protocol bug")

    async def main():
        loop = asyncio.get_running_loop()
        reported = []
        loop.set_exception_handler(lambda loop, context: reported.append(context["exception"]))
        transport, protocol = await endpoint(mode, Raising, local_addr=("127.0.0.1", 0))
        sender = raw_socket()
        sent = payloads(100)
        send_each(sender, sent, transport.get_extra_info("sockname"))
        await protocol.until(100)
        assert [d for d, _ in protocol.datagrams] == sent
        assert len(reported) == 10 and all(isinstance(e, RuntimeError) for e in reported)
        assert not transport.is_closing()
        transport.close()
        sender.close()
    run(main())


def test_close_in_protocol_stops_delivery(mode):
    class Closing(Collector):
        def datagram_received(self, data, addr):
            super().datagram_received(data, addr)
            if len(self.datagrams) == 5:
                self.transport.close()

    async def main():
        transport, protocol = await endpoint(mode, Closing, local_addr=("127.0.0.1", 0))
        sender = raw_socket()
        for data in payloads(50):
            sender.sendto(data, transport.get_extra_info("sockname"))
        assert await protocol.lost is None
        assert len(protocol.datagrams) == 5
        sender.close()
    run(main())


@needs_batch
def test_gro_coalesced_datagrams_are_split():
    """A sender's UDP GSO datagram reaches datagram_received as its segments."""
    async def main():
        transport, protocol = await aio.create_datagram_endpoint(
            Collector, local_addr=("127.0.0.1", 0))
        sender = raw_socket()
        segments = payloads(20, 100)
        try:
            sender.sendmsg([b"".join(segments)],
                           [(socket.SOL_UDP, sockffi.UDP_SEGMENT, struct.pack("=H", 100))],
                           0, transport.get_extra_info("sockname"))
        except OSError as exc:
            pytest.skip(f"no UDP GSO here: {exc}")
        await protocol.until(20)
        assert [d for d, _ in protocol.datagrams] == segments
        transport.close()
        sender.close()
    run(main())


# --- writing -----------------------------------------------------------------

def test_burst_of_sendto_arrives_in_order(mode):
    """sendto in a loop: the first goes at once, the rest in one batch."""
    async def main():
        loop = asyncio.get_running_loop()
        receiver = raw_socket()
        transport, protocol = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        sent = payloads(300) + [b"x" * 10, b"y" * 500]  # equal sizes, then others
        send_each(transport, sent, receiver.getsockname())
        if mode != "stdlib":
            assert transport.get_write_buffer_size() > 0  # queued for this iteration
        got = await recv_all(receiver, len(sent), loop)
        assert [d for d, _ in got] == sent
        assert transport.get_write_buffer_size() == 0
        transport.close()
        receiver.close()
        await protocol.lost
    run(main())


def test_echo_replies_in_order(mode):
    """Replies sent from datagram_received leave together, in order."""
    async def main():
        loop = asyncio.get_running_loop()
        transport, protocol = await endpoint(mode, Echo, local_addr=("127.0.0.1", 0))
        client = raw_socket()
        sent = payloads(100) + payloads(50, 1200) + [b"tail"]
        send_each(client, sent, transport.get_extra_info("sockname"))
        got = await recv_all(client, len(sent), loop)
        assert [d for d, _ in got] == sent
        assert {a for _, a in got} == {transport.get_extra_info("sockname")}
        transport.close()
        client.close()
    run(main())


def test_memoryview_and_bytearray_are_copied(mode):
    async def main():
        loop = asyncio.get_running_loop()
        receiver = raw_socket()
        transport, _ = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        buffer = bytearray(b"first")
        transport.sendto(b"zero", receiver.getsockname())
        transport.sendto(buffer, receiver.getsockname())
        transport.sendto(memoryview(b"second"), receiver.getsockname())
        buffer[:] = b"XXXXX"  # after sendto: must not change what goes
        got = await recv_all(receiver, 3, loop)
        assert [d for d, _ in got] == [b"zero", b"first", b"second"]
        transport.close()
        receiver.close()
    run(main())


def test_bad_arguments_as_stdlib(mode):
    async def main():
        transport, _ = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        with pytest.raises(TypeError, match="data argument must be a bytes-like object, not 'str'"):
            transport.sendto("text", ("127.0.0.1", 9))
        transport.close()
    run(main())


def test_empty_datagram_as_stdlib(mode):
    """Dropped before 3.13, sent from 3.13 on -- as the stdlib does."""
    async def main():
        loop = asyncio.get_running_loop()
        receiver = raw_socket()
        transport, _ = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        transport.sendto(b"", receiver.getsockname())
        transport.sendto(b"", receiver.getsockname())
        transport.sendto(b"end", receiver.getsockname())
        got = [d for d, _ in await recv_all(receiver, 1 if sys.version_info < (3, 13) else 3, loop)]
        assert got == ([b"end"] if sys.version_info < (3, 13) else [b"", b"", b"end"])
        transport.close()
        receiver.close()
    run(main())


def test_flow_control_pauses_and_resumes_writing(mode):
    async def main():
        transport, protocol = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        receiver = raw_socket()
        transport.set_write_buffer_limits(high=100, low=0)
        for _ in range(10):
            transport.sendto(b"x" * 50, receiver.getsockname())
        if mode == "stdlib":  # the stdlib sent them all at once
            assert protocol.events == ["made"]
        else:
            assert protocol.events == ["made", "pause"]
            await asyncio.sleep(0.01)
            assert protocol.events == ["made", "pause", "resume"]
        assert transport.get_write_buffer_size() == 0
        transport.close()
        receiver.close()
    run(main())


@needs_batch
def test_full_socket_waits_for_writable():
    """EAGAIN from the kernel: the rest waits, in order, nothing dropped."""
    async def main():
        loop = asyncio.get_running_loop()
        receiver = raw_socket()
        transport, protocol = await aio.create_datagram_endpoint(
            Collector, local_addr=("127.0.0.1", 0))
        io = transport._io
        real = io.sendmmsg
        calls = []

        def flaky(messages):  # the kernel taking 3, then a full buffer once
            calls.append(len(messages))
            if len(calls) == 1:
                return real(messages[:3])
            if len(calls) == 2:
                raise BlockingIOError
            return real(messages)

        transport._io = type("IO", (), {"__getattr__": lambda s, n: getattr(io, n),
                                        "sendmmsg": staticmethod(flaky)})()
        transport._gso = False
        sent = [b"%d" % i for i in range(20)]
        send_each(transport, sent, receiver.getsockname())
        got = await recv_all(receiver, 20, loop)
        assert [d for d, _ in got] == sent
        assert calls[:2] == [19, 16] and len(calls) == 3
        assert transport.get_write_buffer_size() == 0
        transport._io = io
        transport.close()
        receiver.close()
    run(main())


# --- connected endpoints, errors ----------------------------------------------

def test_connected_endpoint(mode):
    async def main():
        loop = asyncio.get_running_loop()
        peer = raw_socket()
        transport, protocol = await endpoint(mode, Collector, remote_addr=peer.getsockname())
        assert transport.get_extra_info("peername") == peer.getsockname()
        with pytest.raises(ValueError, match="Invalid address"):
            transport.sendto(b"x", ("127.0.0.1", 1))
        for i in range(5):
            transport.sendto(b"%d" % i)
        transport.sendto(b"5", peer.getsockname())
        got = await recv_all(peer, 6, loop)
        assert [d for d, _ in got] == [b"%d" % i for i in range(6)]
        peer.sendto(b"reply", transport.get_extra_info("sockname"))
        assert await protocol.until(1) == [(b"reply", peer.getsockname())]
        transport.close()
        peer.close()
    run(main())


def test_port_unreachable_reaches_error_received(mode):
    async def main():
        gone = raw_socket()
        where = gone.getsockname()
        gone.close()  # ICMP port unreachable from now on
        transport, protocol = await endpoint(mode, Collector, remote_addr=where)
        for _ in range(50):
            transport.sendto(b"anyone?")
            await asyncio.sleep(0.005)
            if protocol.errors:
                break
        assert protocol.errors and isinstance(protocol.errors[0], ConnectionRefusedError)
        assert not transport.is_closing()
        transport.close()
        assert await protocol.lost is None
    run(main())


# --- closing -----------------------------------------------------------------

def test_close_with_data_queued_sends_it_first(mode):
    async def main():
        loop = asyncio.get_running_loop()
        receiver = raw_socket()
        transport, protocol = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        sent = payloads(100)
        send_each(transport, sent, receiver.getsockname())
        transport.close()
        assert transport.is_closing()
        assert await protocol.lost is None
        got = await recv_all(receiver, 100, loop)
        assert [d for d, _ in got] == sent
        assert protocol.events == ["made", ("lost", None)]
        receiver.close()
    run(main())


def test_abort(mode):
    async def main():
        receiver = raw_socket()
        transport, protocol = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        transport.sendto(b"one", receiver.getsockname())
        transport.sendto(b"two", receiver.getsockname())
        transport.abort()
        assert await protocol.lost is None
        assert transport.get_extra_info("socket").fileno() == -1
        receiver.close()
    run(main())


def test_sock_argument_keeps_callers_socket(mode):
    """sock=: the caller's stdlib socket stays the transport's socket (and
    is closed with it); no descriptor is left open."""
    def open_fds():
        return len(os.listdir("/proc/self/fd"))

    async def main():
        before = open_fds()
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        transport, protocol = await endpoint(mode, Collector, sock=sock)
        assert transport.get_extra_info("sockname") == sock.getsockname()
        transport.close()
        await protocol.lost
        assert sock.fileno() == -1
        gc.collect()
        assert open_fds() == before
    run(main())


# --- families ----------------------------------------------------------------

@pytest.mark.skipif(not socket.has_ipv6, reason="no IPv6")
def test_ipv6(mode):
    async def main():
        loop = asyncio.get_running_loop()
        try:
            client = raw_socket(socket.AF_INET6, ("::1", 0))
        except OSError as exc:
            pytest.skip(f"no ::1 here: {exc}")
        transport, _ = await endpoint(mode, Echo, local_addr=("::1", 0))
        sent = payloads(64)
        send_each(client, sent, transport.get_extra_info("sockname")[:2])
        got = await recv_all(client, 64, loop)
        assert [d for d, _ in got] == sent
        assert got[0][1][:2] == transport.get_extra_info("sockname")[:2]
        transport.close()
        client.close()
    run(main())


def test_unix_datagrams(mode):
    """AF_UNIX: named endpoints both ways, and datagrams larger than any
    UDP one arrive whole."""
    async def main():
        with tempfile.TemporaryDirectory() as tmp:
            server_path = os.path.join(tmp, "server")
            client_path = os.path.join(tmp, "client")
            server, _ = await endpoint(mode, Echo, local_addr=server_path,
                                       family=socket.AF_UNIX)
            client, protocol = await endpoint(mode, Collector, local_addr=client_path,
                                              remote_addr=server_path, family=socket.AF_UNIX)
            sent = payloads(50) + [b"b" * 150_000, b"end"]
            for data in sent:
                client.sendto(data)
                await asyncio.sleep(0)  # the big one needs room in the queue
            got = await protocol.until(len(sent))
            assert [d for d, _ in got] == sent
            assert {a for _, a in got} == {server_path}
            client.close()
            server.close()
            await protocol.lost
    run(main())


# --- switches ------------------------------------------------------------------

def test_install_switches_create_datagram_endpoint():
    async def kind():
        transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            Collector, local_addr=("127.0.0.1", 0))
        transport.close()
        return type(transport)

    assert not aio.installed() and run(kind()) is not BatchDatagramTransport
    aio.install()
    try:
        assert aio.installed() and run(kind()) is BatchDatagramTransport
    finally:
        aio.uninstall()
    assert run(kind()) is not BatchDatagramTransport


def test_direct_function_leaves_other_tasks_alone():
    async def main():
        loop = asyncio.get_running_loop()
        ours, _ = await aio.create_datagram_endpoint(Collector, local_addr=("127.0.0.1", 0))
        theirs, _ = await loop.create_datagram_endpoint(Collector, local_addr=("127.0.0.1", 0))
        assert isinstance(ours, BatchDatagramTransport)
        assert not isinstance(theirs, BatchDatagramTransport)
        ours.close()
        theirs.close()
    run(main())


def test_run_option(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(
        "import asyncio, socket\n"
        "async def main():\n"
        "    t, _ = await asyncio.get_running_loop().create_datagram_endpoint(\n"
        "        asyncio.DatagramProtocol, local_addr=('127.0.0.1', 0))\n"
        "    print(type(t).__name__, type(t.get_extra_info('socket')._sock).__module__)\n"
        "    t.close()\n"
        "asyncio.run(main())\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(sockffi.__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-m", "sockffi", "run", "--aio", str(script)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["BatchDatagramTransport", "sockffi"]


class _Spy:
    """The transport's I/O socket, counting the batch calls."""

    def __init__(self, io):
        self._io, self.calls = io, []

    def __getattr__(self, name):
        return getattr(self._io, name)

    def sendmmsg(self, messages):
        self.calls.append(("sendmmsg", len(messages)))
        return self._io.sendmmsg(messages)

    def sendmsg(self, buffers, *args):
        self.calls.append(("sendmsg", len(buffers[0])))
        return self._io.sendmsg(buffers, *args)


@needs_batch
@pytest.mark.parametrize("gso", [False, True])
def test_one_iteration_leaves_in_one_call(gso):
    """What one iteration queued goes in one sendmmsg; with UDP GSO, equal
    sizes to one peer go as GSO datagrams of up to 64 segments."""
    async def main():
        loop = asyncio.get_running_loop()
        receiver = raw_socket()
        transport, _ = await aio.create_datagram_endpoint(Collector, local_addr=("127.0.0.1", 0))
        if gso and not transport._gso:
            pytest.skip("no UDP GSO here")
        transport._gso = gso
        spy = transport._io = _Spy(transport._io)
        sent = payloads(201, 100)
        send_each(transport, sent, receiver.getsockname())
        assert spy.calls == []  # the first went at once, the rest wait for the iteration
        got = await recv_all(receiver, len(sent), loop)
        assert [d for d, _ in got] == sent
        if gso:
            assert spy.calls == [("sendmsg", 6400)] * 3 + [("sendmsg", 800)]
        else:
            assert spy.calls == [("sendmmsg", 200)]
        transport._io = spy._io
        transport.close()
        receiver.close()
    run(main())


def test_bad_destination_reaches_error_received(mode):
    """Port 0 is refused (EINVAL) datagram by datagram, whether sent at
    once, in a batch or as a GSO run; the transport carries on."""
    async def main():
        loop = asyncio.get_running_loop()
        receiver = raw_socket()
        transport, protocol = await endpoint(mode, Collector, local_addr=("127.0.0.1", 0))
        send_each(transport, [b"x" * 20] * 3, ("127.0.0.1", 0))
        for _ in range(100):
            if len(protocol.errors) == 3:
                break
            await asyncio.sleep(0.001)
        assert [type(e) for e in protocol.errors] == [OSError] * 3
        assert protocol.errors[0].errno == errno.EINVAL
        if mode == "batch" and _aio_datagram._UDP_SEGMENT is not None:
            assert transport._gso  # not blamed on GSO
        sent = payloads(10)
        send_each(transport, sent, receiver.getsockname())
        got = await recv_all(receiver, 10, loop)
        assert [d for d, _ in got] == sent
        transport.close()
        receiver.close()
    run(main())


def test_the_transport_is_a_datagram_transport():
    """As typeshed types create_datagram_endpoint's result, on every version
    (the stdlib's own selector transport is one only from 3.12 on)."""
    assert issubclass(BatchDatagramTransport, asyncio.DatagramTransport)
    assert issubclass(BatchDatagramTransport, selector_events._SelectorDatagramTransport)
