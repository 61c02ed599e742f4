"""Arbitrary address objects for every family, fed to connect() and bind()
of the stdlib and of sockffi: same peer/name, or the same exception type.

connect() on a datagram socket sends nothing (it records the default
peer), so any host is safe to try; bind() is only tried on loopback,
wildcard and abstract AF_UNIX names.  Hosts are numeric, `localhost`, or
invalid before any resolver is asked (the machine has no DNS)."""

import socket as stdlib

from hypothesis import given, strategies as st

import sockffi
from fuzz_support import FUZZ, any_int_arg, assert_same, c_ints, junk
from socket_support import outcome

# --- hosts ------------------------------------------------------------------

ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).map(str)
scope = st.one_of(st.integers(0, 2**33).map(str), st.sampled_from(["lo", "eth0", "nosuchif", "", "%"]))
ipv6_scoped = st.builds(lambda a, s: f"{a}%{s}", ipv6, scope)
special = st.sampled_from([
    "", "localhost", "<broadcast>", "255.255.255.255", "0.0.0.0", "::", "::1",
    "127.0.0.1", "127.1", "0x7f.1", "0177.0.0.1", "2130706433", "1.2.3", "::ffff:127.0.0.1",
    "fe80::1%lo", "fe80::1%1", "::1%lo", "1.2.3.4%lo", "<BROADCAST>", " 127.0.0.1",
])
# Never reach a resolver: an empty label ("..") makes the name invalid for DNS
# and for IDNA; NUL, lone surrogates and wrong types fail in Python.
undeliverable = st.one_of(
    st.text("0123456789abcdefx.:%", max_size=30).map(lambda s: s + ".." + s[::-1]),
    st.text(max_size=20).map(lambda s: s + "..é"),
    st.text(max_size=10).map(lambda s: s + "\0"),
    st.just("\udc80.1"),
    st.text(max_size=10).map(lambda s: "\ud800" + s),
)
host_text = st.one_of(ipv4, ipv6, ipv6_scoped, special, undeliverable)
host = st.one_of(
    host_text,
    host_text.map(lambda h: h.encode("utf-8", "surrogatepass")),
    host_text.map(lambda h: bytearray(h.encode("utf-8", "surrogatepass"))),
    host_text.map(lambda h: memoryview(h.encode("utf-8", "surrogatepass"))),
    junk,
    c_ints,
)

# --- tuples -----------------------------------------------------------------

port = any_int_arg
inet_tuple = st.one_of(
    st.tuples(host, port),
    st.tuples(host),
    st.tuples(host, port, any_int_arg),
    st.tuples(),
)
inet6_tuple = st.one_of(
    st.tuples(host, port),
    st.tuples(host, port, any_int_arg),
    st.tuples(host, port, any_int_arg, any_int_arg),
    st.tuples(host, port, any_int_arg, any_int_arg, any_int_arg),
    st.tuples(host),
)
unix_path = st.one_of(
    st.binary(max_size=120),
    st.binary(min_size=100, max_size=112),           # around sizeof(sun_path)
    st.binary(max_size=112).map(lambda b: b"\0" + b),  # abstract
    st.text(max_size=120),
    st.text(min_size=100, max_size=112).map(lambda s: "\0" + s),
)
unix_bytes = st.one_of(
    st.binary(max_size=120),
    st.binary(min_size=100, max_size=112),             # around sizeof(sun_path)
    st.binary(max_size=112).map(lambda b: b"\0" + b),  # abstract
)
unix_address = st.one_of(
    unix_path,
    unix_bytes.map(bytearray),
    unix_bytes.map(memoryview),
)
address = st.one_of(
    inet_tuple, inet6_tuple, unix_address,
    inet_tuple.map(list), junk, c_ints,
)

FAMILIES = ("AF_INET", "AF_INET6", "AF_UNIX")


def _connect(mod, family, addr):
    with mod.socket(getattr(mod, family), mod.SOCK_DGRAM) as s:
        s.connect(addr)
        return s.getpeername()


def _connect_ex(mod, family, addr):
    with mod.socket(getattr(mod, family), mod.SOCK_DGRAM) as s:
        return s.connect_ex(addr)


@FUZZ
@given(family=st.sampled_from(FAMILIES), addr=address)
def test_connect_any_address(family, addr):
    assert_same(outcome(_connect, sockffi, family, addr), outcome(_connect, stdlib, family, addr))


@FUZZ
@given(family=st.sampled_from(("AF_INET", "AF_INET6")),
       addr=st.one_of(inet_tuple, inet6_tuple))
def test_connect_ex_any_inet_address(family, addr):
    assert_same(outcome(_connect_ex, sockffi, family, addr), outcome(_connect_ex, stdlib, family, addr))


# --- bind: local addresses only ---------------------------------------------

local_inet = st.tuples(st.sampled_from(["127.0.0.1", b"127.0.0.1", "localhost", "", "0.0.0.0"]), port)
local_inet6 = st.one_of(
    st.tuples(st.sampled_from(["::1", b"::1", "", "::"]), port),
    st.tuples(st.sampled_from(["::1", "::"]), port, any_int_arg),
    st.tuples(st.sampled_from(["::1", "::", "fe80::1%lo"]), port, any_int_arg, any_int_arg),
)


def _bind(mod, family, addr):
    with mod.socket(getattr(mod, family), mod.SOCK_DGRAM) as s:
        s.bind(addr)
        name = s.getsockname()
        if isinstance(name, tuple):
            return name[0]  # the port is the kernel's choice when 0
        return name


@FUZZ
@given(addr=local_inet)
def test_bind_inet(addr):
    assert_same(outcome(_bind, sockffi, "AF_INET", addr), outcome(_bind, stdlib, "AF_INET", addr))


@FUZZ
@given(addr=local_inet6)
def test_bind_inet6(addr):
    assert_same(outcome(_bind, sockffi, "AF_INET6", addr), outcome(_bind, stdlib, "AF_INET6", addr))


abstract_name = st.binary(max_size=107).map(lambda b: b"\0sockffi-fuzz-" + b)


@FUZZ
@given(name=st.one_of(abstract_name, abstract_name.map(bytearray),
                      abstract_name.map(lambda b: b.decode("latin-1"))))
def test_bind_unix_abstract(name):
    # The stdlib binds first and closes, then sockffi reuses the name.
    assert_same(outcome(_bind, sockffi, "AF_UNIX", name), outcome(_bind, stdlib, "AF_UNIX", name))


@FUZZ
@given(name=st.binary(min_size=1, max_size=107).map(lambda b: b"\0" + b))
def test_unix_abstract_roundtrip_through_kernel(name):
    """A name the kernel returns (getsockname, recvfrom) decodes to exactly
    the bytes that were bound, whatever they are."""
    with sockffi.socket(sockffi.AF_UNIX, sockffi.SOCK_DGRAM) as a, \
            sockffi.socket(sockffi.AF_UNIX, sockffi.SOCK_DGRAM) as b:
        try:
            a.bind(name)
        except OSError:  # EADDRINUSE: someone holds this name
            return
        b.sendto(b"x", name)
        assert a.getsockname() == name
        assert a.recvfrom(1)[0] == b"x"
