"""Address forms, against the stdlib: AF_INET, AF_INET6 (2- to 4-tuples in,
4-tuples out), AF_UNIX (paths, the Linux abstract namespace, autobind), and
the Linux families (AF_NETLINK, AF_PACKET, AF_VSOCK, AF_QIPCRTR, AF_TIPC,
AF_CAN, AF_ALG).

A family the kernel here cannot create is still tested for its argument
checks: a socket object is made for it over a UDP descriptor
(socket(family, type, proto, fileno=...)), so the address is converted as
for a real one and only the kernel's bind() refuses it, alike for both."""

import os
import shutil
import subprocess
import sys

import pytest

import socket as stdlib
import sockffi
from socket_support import assert_same, outcome, pypy_stdlib_differs


def _bound_name(mod, family, kind, address):
    with mod.socket(family, kind) as s:
        s.bind(address)
        return s.getsockname()


def _same(call):
    theirs = outcome(call, stdlib)
    ours = outcome(call, sockffi)
    return ours, theirs


# --- AF_INET / AF_INET6 ----------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", b"127.0.0.1", bytearray(b"127.0.0.1"),
                                  "localhost", "", "0.0.0.0"], ids=repr)
def test_inet_hosts(host):
    ours, theirs = _same(lambda m: _bound_name(m, m.AF_INET, m.SOCK_DGRAM, (host, 0))[0])
    assert_same(ours, theirs)


@pytest.mark.parametrize("address", [
    ("::1", 0), ("::1", 0, 0), ("::1", 0, 0, 0), ("::1", 0, 5), ("::1", 0, 0xFFFFF),
    ("::1", 0, 0x100000), ("::1", 0, -1), ("::1", 0, 0, 1), ("::1", 0, 0, 2 ** 32 + 1),
    ("::1", 0, 2 ** 32), ("::1",), ("::1", 0, 0, 0, 0), ("::1", 65536), ("::1", -1),
    ("127.0.0.1", 0), ("<broadcast>", 0), ("fe80::1%lo", 0), ("", 0), ("::1", 0, "x"),
    ("::1", 0, 0, 1.5), "::1", ["::1", 0],
], ids=repr)
def test_inet6_address_forms(address):
    def run(m):
        name = _bound_name(m, m.AF_INET6, m.SOCK_DGRAM, address)
        return (name[0], name[1] > 0) + name[2:]  # the port is the kernel's pick
    ours, theirs = _same(run)
    assert_same(ours, theirs)


def test_inet6_names_are_four_tuples(mod):
    name = _bound_name(mod, mod.AF_INET6, mod.SOCK_DGRAM, ("::1", 0))
    assert len(name) == 4 and name[0] == "::1" and name[2:] == (0, 0)


def test_inet6_scope_id_round_trip(mod):
    pypy_stdlib_differs(mod, "no if_nametoindex")
    index = mod.if_nametoindex("lo")
    with mod.socket(mod.AF_INET6, mod.SOCK_DGRAM) as s:
        try:
            s.bind(("fe80::1", 0, 0, index))
        except OSError as exc:
            pytest.skip(f"no link-local address here: {exc}")
        assert s.getsockname()[3] == index


def test_inet6_flowinfo_sent_and_received():
    import socket as std
    for mod in (std, sockffi):
        with mod.socket(mod.AF_INET6, mod.SOCK_DGRAM) as a, \
                mod.socket(mod.AF_INET6, mod.SOCK_DGRAM) as b:
            b.bind(("::1", 0))
            b.settimeout(5)
            a.sendto(b"x", ("::1", b.getsockname()[1], 0x12345, 0))
            data, sender = b.recvfrom(10)
            assert data == b"x" and len(sender) == 4


@pytest.mark.parametrize("address", [
    ("127.0.0.1", 0), ("127.0.0.1", 65535), ("127.0.0.1", 65536), ("127.0.0.1", -1),
    ("127.0.0.1", 2 ** 31), ("127.0.0.1", 2 ** 64), ("127.0.0.1", True),
    ("::1", 0), ("127.0.0.1\0", 0), (b"127.0.0.1\0", 0), (None, 0), (1, 0),
    ("\u00e9.invalid", 0), ("\udcff.invalid", 0), ("x" * 300, 0),
    ("127.0.0.1",), ("127.0.0.1", 0, 0), "127.0.0.1", ("256.1.1.1", 0),
], ids=repr)
def test_inet_address_errors(address):
    ours, theirs = _same(lambda m: m.socket(m.AF_INET, m.SOCK_DGRAM).connect(address))
    if ours[0] == "raise" and ours[1] in (stdlib.gaierror,):
        ours, theirs = ours[:2], theirs[:2]  # resolver wording may vary
    assert_same(ours, theirs)


def test_broadcast_host(mod):
    with mod.socket(mod.AF_INET, mod.SOCK_DGRAM) as s:
        s.setsockopt(mod.SOL_SOCKET, mod.SO_BROADCAST, 1)
        try:
            s.connect(("<broadcast>", 9))
        except OSError as exc:
            pytest.skip(f"no broadcast route: {exc}")
        assert s.getpeername() == ("255.255.255.255", 9)


# --- AF_UNIX -----------------------------------------------------------------------

def test_unix_paths(mod, tmp_path):
    path = str(tmp_path / "sock")
    assert _bound_name(mod, mod.AF_UNIX, mod.SOCK_DGRAM, path) == path
    os.unlink(path)
    assert _bound_name(mod, mod.AF_UNIX, mod.SOCK_DGRAM, os.fsencode(path)) == path
    os.unlink(path)
    assert _bound_name(mod, mod.AF_UNIX, mod.SOCK_DGRAM, bytearray(os.fsencode(path))) == path
    os.unlink(path)
    odd = str(tmp_path / "\udcff")  # an undecodable byte, via surrogateescape
    assert _bound_name(mod, mod.AF_UNIX, mod.SOCK_DGRAM, odd) == odd


def test_unix_abstract_namespace(mod):
    name = b"\0sockffi-%d-%s" % (os.getpid(), mod.__name__.encode())
    assert _bound_name(mod, mod.AF_UNIX, mod.SOCK_STREAM, name) == name
    with mod.socket(mod.AF_UNIX, mod.SOCK_STREAM) as server:
        server.bind(name)
        server.listen()
        with mod.socket(mod.AF_UNIX, mod.SOCK_STREAM) as client:
            client.connect(name)
            conn, peer = server.accept()
            with conn:
                assert client.getpeername() == name
                assert peer == "" and conn.getsockname() == name


def test_unix_abstract_exact_length(mod):
    # An abstract name is taken at its exact length, NULs and all.
    longest = b"\0" + b"x" * 107
    name = longest[:-1] + (b"%d" % (os.getpid() % 10))
    assert _bound_name(mod, mod.AF_UNIX, mod.SOCK_DGRAM, name) == name
    with pytest.raises(OSError, match="AF_UNIX path too long"):
        _bound_name(mod, mod.AF_UNIX, mod.SOCK_DGRAM, longest + b"x")
    trailing = b"\0sockffi-nul-%d\0\0" % os.getpid()
    assert _bound_name(mod, mod.AF_UNIX, mod.SOCK_DGRAM, trailing) == trailing


def test_unix_autobind(mod):
    with mod.socket(mod.AF_UNIX, mod.SOCK_DGRAM) as s:
        s.bind("")
        name = s.getsockname()
        assert isinstance(name, bytes) and name[:1] == b"\0" and len(name) == 6
    with mod.socket(mod.AF_UNIX, mod.SOCK_DGRAM) as s:
        assert s.getsockname() == ""  # unbound


@pytest.mark.parametrize("address", [
    "x" * 107, "x" * 108, b"x" * 108, 5, ("a",), None, memoryview(b"/nonexistent"),
    "/nonexistent/\0x", b"", "", memoryview(b"abcdef")[::2],
], ids=lambda a: repr(a)[:30])
def test_unix_address_errors(address):
    ours, theirs = _same(lambda m: m.socket(m.AF_UNIX, m.SOCK_DGRAM).connect(address))
    assert_same(ours, theirs)


# --- families without an address form, and getsockaddrlen ------------------------

def _claimed(mod, family, kind=None, proto=0):
    """A socket object that takes itself for `family`, over a UDP fd."""
    kind = kind if kind is not None else mod.SOCK_DGRAM
    fd = mod.socket(mod.AF_INET, mod.SOCK_DGRAM).detach()
    return mod.socket(family, kind, proto, fileno=fd)


@pytest.mark.parametrize("call", ["getsockname", "getpeername", "bind", "connect", "sendto",
                                  "recvfrom", "accept"])
def test_family_without_address_form(call):
    family = sockffi.AF_APPLETALK  # no address conversion in either module

    def run(m):
        with _claimed(m, family) as s:
            s.settimeout(0.5)
            return {"getsockname": s.getsockname, "getpeername": s.getpeername,
                    "bind": lambda: s.bind(("x", 1)), "connect": lambda: s.connect(("x", 1)),
                    "sendto": lambda: s.sendto(b"x", ("x", 1)),
                    "recvfrom": lambda: s.recvfrom(1), "accept": s.accept}[call]()
    ours, theirs = _same(run)
    assert_same(ours, theirs, OSError)


def test_unknown_family_decodes_as_family_and_bytes():
    from sockffi import _address
    from sockffi._binding import ffi
    storage = ffi.new("struct sockaddr_storage *")
    raw = ffi.cast("struct sockaddr *", storage)
    raw.sa_family = sockffi.AF_APPLETALK
    ffi.memmove(ffi.cast("char *", storage) + 2, b"0123456789abcdef", 16)
    assert _address.decode(storage, 16) == (sockffi.AF_APPLETALK, b"0123456789abcd")
    assert _address.decode(storage, 0) is None


# --- Linux families ----------------------------------------------------------------

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux families")


def _claimed_outcome(family_name, kind_name, proto, call):
    def run(m):
        with _claimed(m, getattr(m, family_name), getattr(m, kind_name), proto) as s:
            return call(s)
    return _same(run)


NETLINK = [(0, 0), (os.getpid() + 0x7000000, 0), (-1, 0), (2 ** 32 + 5, 0), ("x", 0), (0,),
           (0, 0, 0), [0, 0], 0, (1.5, 0)]


@linux
@pytest.mark.parametrize("address", NETLINK, ids=repr)
def test_netlink_address_forms(address):
    def run(m):
        with m.socket(m.AF_NETLINK, m.SOCK_RAW, m.NETLINK_ROUTE) as s:
            s.bind(address)
            pid, groups = s.getsockname()
            return (pid == address[0]) if address[0] else groups
    ours, theirs = _same(run)
    assert_same(ours, theirs)


@linux
def test_netlink_kernel_answers(mod):
    # Ask the kernel for its links (RTM_GETLINK) and read the reply with
    # recvfrom: the sender is the kernel, (0, 0).
    import struct
    with mod.socket(mod.AF_NETLINK, mod.SOCK_RAW, mod.NETLINK_ROUTE) as s:
        s.bind((0, 0))
        s.settimeout(5)
        request = struct.pack("=LHHLL", 32, 18, 0x301, 1, 0) + bytes(16)  # ifinfomsg
        s.sendto(request, (0, 0))
        data, sender = s.recvfrom(65536)
        assert sender == (0, 0) and len(data) >= 16


def _packet_socket(mod, kind):
    try:
        return mod.socket(mod.AF_PACKET, kind, 0)
    except PermissionError:
        pytest.skip("AF_PACKET needs CAP_NET_RAW")


@linux
@pytest.mark.parametrize("address", [
    ("lo", 0), ("lo", 3), ("lo", 0x0800, 0), ("lo", 0x0800, 0, 772),
    ("lo", 0x0800, 0, 772, b"\0" * 6), ("lo", 0x0800, 0, 0, b"\1" * 9),
    ("lo", 65536), ("lo", -1), ("lo", 2 ** 31), ("nosuchif0", 0), (b"lo", 0), ("lo",),
    ("lo", 0, 0, 0, "abc"), ("lo", 0, 0, 0, b"", 0), "lo", ("lo\0", 0), ("l" * 40, 0),
], ids=repr)
def test_packet_address_forms(address):
    def run(m):
        with _packet_socket(m, m.SOCK_DGRAM) as s:
            s.bind(address)
            return s.getsockname()
    ours, theirs = _same(run)
    assert_same(ours, theirs)


@linux
def test_packet_received_addresses_decode_alike():
    # Loopback traffic seen by a packet socket on "lo": the same address form.
    import socket as std
    names = {}
    for mod in (std, sockffi):
        with _packet_socket(mod, mod.SOCK_DGRAM) as s, \
                mod.socket(mod.AF_INET, mod.SOCK_DGRAM) as u:
            s.bind(("lo", 0x0800))  # ETH_P_IP
            s.settimeout(5)
            u.sendto(b"probe", ("127.0.0.1", 9))
            _, address = s.recvfrom(65536)
            names[mod] = (address[0], address[1], address[3], address[4])
    assert names[std] == names[sockffi]
    assert names[sockffi][0] == "lo" and names[sockffi][1] == 0x0800


@linux
@pytest.mark.parametrize("address", [
    (sockffi.VMADDR_CID_ANY, sockffi.VMADDR_PORT_ANY), (-1, 0), ("x", 0), (0,), [0, 0],
    (1, 2, 3), 0,
], ids=repr)
def test_vsock_address_forms(address):
    def run(m):
        with m.socket(m.AF_VSOCK, m.SOCK_STREAM) as s:
            s.bind(address)
            cid, port = s.getsockname()
            return cid, type(port)  # the port is the transport's pick
    ours, theirs = _same(run)
    if ours[0] == theirs[0] == "raise" and ours[2] is not None:
        ours, theirs = ours[:3], theirs[:3]  # errno from the vsock transport
    assert_same(ours, theirs)


@linux
def test_vsock_options_are_64_bit(mod):
    pypy_stdlib_differs(mod, "no AF_VSOCK")
    with mod.socket(mod.AF_VSOCK, mod.SOCK_STREAM) as s:
        size = s.getsockopt(mod.AF_VSOCK, mod.SO_VM_SOCKETS_BUFFER_SIZE)
        assert isinstance(size, int) and size > 0
        s.setsockopt(mod.AF_VSOCK, mod.SO_VM_SOCKETS_BUFFER_SIZE, size)
        with pytest.raises(OSError, match="getsockopt string buffer not allowed"):
            s.getsockopt(mod.AF_VSOCK, mod.SO_VM_SOCKETS_BUFFER_SIZE, 8)


CLAIMED = [
    ("AF_TIPC", "SOCK_RDM", 0, [
        (sockffi.TIPC_ADDR_NAME, 1, 2, 3), (sockffi.TIPC_ADDR_NAMESEQ, 1, 2, 3, 1),
        (sockffi.TIPC_ADDR_ID, 1, 2, 0), (9, 1, 2, 3), (2, 1, 2), (2, 1, 2, 3, 4, 5),
        [2, 1, 2, 3], (2, "x", 2, 3), (2, -1, 2, 3)]),
    ("AF_QIPCRTR", "SOCK_DGRAM", 0, [(1, 2), (1,), (1, 2, 3), [1, 2], ("x", 1), (-1, 1)]),
    ("AF_ALG", "SOCK_SEQPACKET", 0, [
        ("hash", "sha256"), ("hash", "sha256", 1, 2), ("h" * 13, "x"), ("h" * 14, "x"),
        ("hash", "n" * 63), ("hash", "n" * 64), ("hash",), ("hash", "a", 1, 2, 3),
        (b"hash", "sha256"), ("hash\0", "sha256"), ["hash", "sha256"], ("hash", "x", 2 ** 20)]),
    ("AF_CAN", "SOCK_RAW", 1, [("",), ("lo",), ("nosuchcan0",), ("c" * 16,), (b"lo",), ("lo", 1),
                               "lo", ("lo\0",)]),
    ("AF_CAN", "SOCK_DGRAM", 6, [("", 1, 2), ("lo", 1, 2), ("", 1), ("", -1, 2), ("c" * 16, 1, 2)]),
    ("AF_CAN", "SOCK_DGRAM", 7, [("", 1, 2, 3), ("", 2 ** 64 - 1, 2, 255), ("", 1, 2),
                                 ("c" * 16, 1, 2, 3)]),
    ("AF_CAN", "SOCK_DGRAM", 99, [("",)]),
]


@linux
@pytest.mark.parametrize("family, kind, proto, address", [
    (f, k, p, a) for f, k, p, addresses in CLAIMED for a in addresses],
    ids=[f"{f}-{p}-{a!r}" for f, k, p, addresses in CLAIMED for a in addresses])
def test_claimed_family_address_checks(family, kind, proto, address):
    # Conversion errors are the module's; a well-formed address reaches the
    # kernel, which refuses it on this UDP descriptor (EINVAL/EAFNOSUPPORT).
    ours, theirs = _claimed_outcome(family, kind, proto, lambda s: s.bind(address))
    assert_same(ours, theirs)


@linux
def test_linux_address_layouts_match_the_headers():
    """The byte layouts _platform/linux_families.py packs by hand, against the C
    headers (needs a C compiler)."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler")
    source = r"""
#include <stdio.h>
#include <stddef.h>
#include <sys/socket.h>
#include <linux/can.h>
#include <linux/tipc.h>
#include <linux/qrtr.h>
int main(void) {
  printf("%zu %zu %zu %zu %zu %zu %zu\n", sizeof(struct sockaddr_can),
         offsetof(struct sockaddr_can, can_ifindex), offsetof(struct sockaddr_can, can_addr.tp.rx_id),
         offsetof(struct sockaddr_can, can_addr.tp.tx_id), offsetof(struct sockaddr_can, can_addr.j1939.name),
         offsetof(struct sockaddr_can, can_addr.j1939.pgn), offsetof(struct sockaddr_can, can_addr.j1939.addr));
  printf("%zu %zu %zu %zu %zu\n", sizeof(struct sockaddr_tipc), offsetof(struct sockaddr_tipc, addrtype),
         offsetof(struct sockaddr_tipc, scope), offsetof(struct sockaddr_tipc, addr.id.ref),
         offsetof(struct sockaddr_tipc, addr.id.node));
  printf("%zu %zu %zu\n", sizeof(struct sockaddr_qrtr), offsetof(struct sockaddr_qrtr, sq_node),
         offsetof(struct sockaddr_qrtr, sq_port));
  return 0;
}
"""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        c_file, exe = os.path.join(tmp, "layout.c"), os.path.join(tmp, "layout")
        with open(c_file, "w") as f:
            f.write(source)
        built = subprocess.run([cc, "-o", exe, c_file], capture_output=True, text=True)
        if built.returncode:
            pytest.skip(f"headers missing: {built.stderr[:200]}")
        lines = subprocess.run([exe], capture_output=True, text=True, check=True).stdout.split("\n")
    from sockffi._platform import linux_families as L
    can = [int(x) for x in lines[0].split()]
    assert can == [L._CAN_SIZE, 4, 8, 12, 8, 16, 20]
    assert L._CAN_J1939.size == L._CAN_SIZE and L._CAN_TP.size == 16
    tipc = [int(x) for x in lines[1].split()]
    assert tipc == [L._TIPC_SIZE, 2, 3, 4, 8] and L._TIPC.size == L._TIPC_SIZE
    qrtr = [int(x) for x in lines[2].split()]
    assert qrtr == [L._QRTR_SIZE, 4, 8] and L._QRTR.size == L._QRTR_SIZE


@linux
def test_linux_decoders():
    """Kernel-filled addresses of families this machine cannot create,
    decoded as CPython's makesockaddr() does."""
    import struct
    from sockffi import _address
    from sockffi._binding import ffi

    def decode(family_bytes, proto=0):
        storage = ffi.new("struct sockaddr_storage *")
        ffi.memmove(storage, family_bytes, len(family_bytes))
        return _address.decode(storage, len(family_bytes), -1, proto)

    tipc = sockffi.AF_TIPC
    assert decode(struct.pack("=HBbIII", tipc, 2, 2, 10, 20, 0)) == (2, 10, 20, 20, 2)
    assert decode(struct.pack("=HBbIII", tipc, 1, -1, 10, 20, 30)) == (1, 10, 20, 30, 2 ** 32 - 1)
    assert decode(struct.pack("=HBbIII", tipc, 3, 2, 7, 8, 0)) == (3, 8, 7, 0, 2)
    with pytest.raises(ValueError, match="Invalid address type"):
        decode(struct.pack("=HBbIII", tipc, 9, 2, 0, 0, 0))
    assert decode(struct.pack("=H2xII", sockffi.AF_QIPCRTR, 5, 6)) == (5, 6)
    can = struct.pack("=H2xiII", sockffi.AF_CAN, 0, 0x123, 0x456) + bytes(8)
    assert decode(can, sockffi.CAN_RAW) == ("",)
    assert decode(can, sockffi.CAN_ISOTP) == ("", 0x123, 0x456)
    j1939 = struct.pack("=H2xiQIB3x", sockffi.AF_CAN, 0, 2 ** 63, 0x12345, 0x80)
    assert decode(j1939, sockffi.CAN_J1939) == ("", 2 ** 63, 0x12345, 0x80)
    alg = struct.pack("=H14sII64s", sockffi.AF_ALG, b"hash", 1, 2, b"sha256") + bytes(2)
    assert decode(alg) == ("hash", "sha256", 1, 2)
    assert decode(struct.pack("=HHII", sockffi.AF_VSOCK, 0, 1234, 3)) == (3, 1234)
