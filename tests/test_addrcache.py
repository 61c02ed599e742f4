"""The memoised address conversions of the hot paths (sockffi/_addrcache.py)
and the scratch pool (sockffi/_scratch.py): a cached answer must be the one
the uncached code gives, and nothing that may change or must raise is ever
served from the cache."""

import socket as stdlib_socket
import threading

import pytest

import sockffi
from sockffi import _addrcache, _address, _scratch
from sockffi._binding import ffi
from socket_support import kind, outcome

AF_INET, AF_INET6 = sockffi.AF_INET, sockffi.AF_INET6


def raw_bytes(sa, length):
    return ffi.unpack(ffi.cast("char *", sa), length)


@pytest.mark.parametrize("family, address", [
    (AF_INET, ("127.0.0.1", 9)),
    (AF_INET, ("10.1.2.3", 65535)),
    (AF_INET6, ("::1", 9)),
    (AF_INET6, ("fe80::1", 9, 5, 1)),
    (sockffi.AF_UNIX, "/tmp/some.sock"),
    (sockffi.AF_UNIX, b"\0abstract"),
])
def test_a_numeric_address_is_cached_and_equal_to_the_plain_encoding(family, address):
    _addrcache._encoded[family].clear()
    first = _addrcache.encode(family, address, "sendto")
    again = _addrcache.encode(family, address, "sendto")
    assert again is first  # served from the cache
    owner, sa, length = _address.encode(family, address, "sendto")
    assert length == first[2]
    assert raw_bytes(first[1], length) == raw_bytes(sa, length)


def test_a_host_name_is_never_cached():
    _addrcache._encoded[AF_INET].clear()
    _addrcache.encode(AF_INET, ("localhost", 9), "sendto")
    assert _addrcache._encoded[AF_INET] == {}


@pytest.mark.parametrize("bad", [("127.0.0.1", 9.0), ("127.0.0.1", True), (b"127.0.0.1", 9),
                                 (), ("127.0.0.1",), ("127.0.0.1", 9, 0), ["127.0.0.1", 9]])
def test_an_equal_address_of_other_types_does_not_meet_the_cached_one(bad):
    """(h, 9.0) == (h, 9) and hashes alike: it must still raise (or be
    converted) exactly as the uncached path does."""
    _addrcache._encoded[AF_INET].clear()
    _addrcache.encode(AF_INET, ("127.0.0.1", 9), "sendto")
    def encoded(encode):
        return raw_bytes(*encode(AF_INET, bad, "sendto")[1:])
    expected = outcome(encoded, _address.encode)  # the uncached path first
    assert outcome(encoded, _addrcache.encode) == expected


def test_the_cache_is_bounded():
    _addrcache._encoded[AF_INET].clear()
    for port in range(_addrcache.MAX * 2):
        _addrcache.encode(AF_INET, ("127.0.0.1", port), "sendto")
    assert len(_addrcache._encoded[AF_INET]) <= _addrcache.MAX


def test_decode_serves_what_the_plain_decoder_gives():
    owner, sa, length = _address.encode(AF_INET6, ("::1", 4242, 7, 3), "sendto")
    raw = raw_bytes(sa, length)
    _addrcache._decoded.clear()
    first = _addrcache.decode(AF_INET6, raw, length)
    assert first == _address.decode(sa, length) == ("::1", 4242, 7, 3)
    assert _addrcache.decode(AF_INET6, raw, length) is first


@pytest.mark.parametrize("host, port", [("127.0.0.1", 0), ("10.200.3.4", 65535), ("0.0.0.0", 80)])
def test_the_inet_shortcut_decodes_as_the_plain_decoder(host, port):
    owner, sa, length = _address.encode(AF_INET, (host, port), "sendto")
    raw = raw_bytes(sa, length)
    assert _addrcache.decode(AF_INET, raw, length, remember=False) == _address.decode(sa, length) == (host, port)


def test_the_host_memo_serves_each_host_on_any_port_and_is_bounded():
    """accept()'s peers: not remembered whole (a new port each time), but
    the host text by its four bytes; every answer is the plain decoder's."""
    _addrcache._hosts.clear()
    hosts = [f"10.{i >> 8 & 255}.{i & 255}.{i % 7}" for i in range(_addrcache.MAX + 40)]
    for round_ in range(2):
        for i, host in enumerate(hosts):
            port = (i * 7919 + round_) & 0xFFFF
            owner, sa, length = _address.encode(AF_INET, (host, port), "sendto")
            got = _addrcache.decode(AF_INET, raw_bytes(sa, length), length, remember=False)
            assert got == _address.decode(sa, length) == (host, port)
            assert 0 < len(_addrcache._hosts) <= _addrcache.MAX
    assert all(stdlib_socket.inet_ntoa(packed) == text
               for packed, text in _addrcache._hosts.items())


def test_a_short_address_decodes_from_zeroed_memory():
    """An unnamed AF_UNIX peer: the kernel writes only the family."""
    owner, sa, length = _address.encode(sockffi.AF_UNIX, "/x", "sendto")
    raw = raw_bytes(sa, 2)
    _addrcache._decoded.clear()
    assert _addrcache.decode(sockffi.AF_UNIX, raw, 2) == _address.decode(sa, 2)


def test_recvfrom_reports_each_sender_even_with_a_warm_cache():
    """Differential: the addresses recvfrom reports, over many senders and
    repeats, are the stdlib's."""
    for mod in (stdlib_socket, sockffi):
        rx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
        rx.bind(("127.0.0.1", 0))
        senders = [mod.socket(mod.AF_INET, mod.SOCK_DGRAM) for _ in range(4)]
        try:
            for s in senders:
                s.bind(("127.0.0.1", 0))
            for _ in range(3):
                for k, s in enumerate(senders):
                    s.sendto(bytes([k]), rx.getsockname())
                    data, address = rx.recvfrom(16)
                    assert data == bytes([k]) and address == s.getsockname()
        finally:
            rx.close()
            for s in senders:
                s.close()


def test_a_stream_recvfrom_after_a_warm_ipv4_sender_reports_no_address():
    """The pooled storage still holds the last IPv4 sender; a connected TCP
    socket's recvfrom (the kernel reports length 0) must not meet it in
    the head memo: None, as the stdlib gives."""
    results = []
    for mod in (stdlib_socket, sockffi):
        rx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
        tx = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
        listener = mod.create_server(("127.0.0.1", 0))
        client = mod.create_connection(listener.getsockname())
        server, _ = listener.accept()
        try:
            rx.bind(("127.0.0.1", 0))
            tx.bind(("127.0.0.1", 0))
            for _ in range(2):  # the second one is a head-memo hit
                tx.sendto(b"d", rx.getsockname())
                assert rx.recvfrom(8) == (b"d", tx.getsockname())
            client.sendall(b"s")
            results.append(server.recvfrom(8))
        finally:
            for s in (rx, tx, listener, client, server):
                s.close()
    assert results[0] == results[1] == (b"s", None)


def test_the_head_memo_is_bounded_and_each_entry_is_an_inet_sender():
    rx = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM)
    tx = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM)
    try:
        rx.bind(("127.0.0.1", 0))
        tx.bind(("127.0.0.1", 0))
        for _ in range(_addrcache.MAX + 5):
            other = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM)
            with other:
                other.bind(("127.0.0.1", 0))
                other.sendto(b"x", rx.getsockname())
                assert rx.recvfrom(8) == (b"x", other.getsockname())
        tx.sendto(b"y", rx.getsockname())
        assert rx.recvfrom(8) == (b"y", tx.getsockname())
        assert 0 < len(_addrcache.decoded_head) <= _addrcache.MAX
        assert all(address[0] == "127.0.0.1" for address in _addrcache.decoded_head.values())
    finally:
        rx.close()
        tx.close()


def test_scratch_blocks_are_never_shared_and_the_pool_keeps_its_size():
    held = []
    while True:
        try:
            held.append(_scratch.take())
        except IndexError:
            break
    assert len(held) == _scratch.BLOCKS
    assert len({id(b[0]) for b in held}) == len(held)
    for block in held:
        _scratch.give(block)


def test_recv_from_many_threads_at_once_gets_each_its_own_data():
    """More threads in recv than scratch blocks: the extra ones allocate,
    and no thread sees another's bytes."""
    pairs = [sockffi.socketpair() for _ in range(_scratch.BLOCKS + 4)]
    results = {}

    def reader(k, sock):
        results[k] = sock.recv(64)

    threads = [threading.Thread(target=reader, args=(k, b)) for k, (a, b) in enumerate(pairs)]
    for t in threads:
        t.start()
    for k, (a, b) in enumerate(pairs):
        a.sendall(bytes([k]) * (k + 1))
    for t in threads:
        t.join(10)
    try:
        assert results == {k: bytes([k]) * (k + 1) for k in range(len(pairs))}
    finally:
        for a, b in pairs:
            a.close()
            b.close()


def test_the_last_address_object_is_reused_only_for_its_family():
    """The identity memo: the same tuple object for another family must be
    encoded (or refused) for that family."""
    address = ("127.0.0.1", 9)
    first = _addrcache.encode(AF_INET, address, "sendto")
    assert _addrcache.last[1] is address
    assert _addrcache.encode(AF_INET, address, "sendto") is first
    def length(encode):
        return encode(AF_INET6, address, "sendto")[2]
    assert outcome(length, _addrcache.encode)[:2] == outcome(length, _address.encode)[:2]


def test_sendto_after_sending_to_another_family_with_the_same_tuple():
    with sockffi.socket(AF_INET, sockffi.SOCK_DGRAM) as a, \
            sockffi.socket(AF_INET6, sockffi.SOCK_DGRAM) as b:
        a.bind(("127.0.0.1", 0))
        target = a.getsockname()
        assert a.sendto(b"x", target) == 1
        assert a.recvfrom(4) == (b"x", target)
        outcomes = [kind(outcome(b.sendto, b"y", address))
                    for address in (target, tuple(list(target)))]  # the same object, then an equal one
        assert outcomes[0] == outcomes[1]
