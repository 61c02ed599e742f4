"""Arbitrary arguments for the lookup functions (getaddrinfo, getnameinfo,
gethostby*, getserv*, getprotobyname, if_*): the same result as the stdlib,
or the same exception type.

The machine may have no DNS, and CI must not query one: hosts are numeric,
`localhost`, or names no resolver is asked about (an empty label, NUL,
wrong types); reverse lookups are numeric except for loopback, which
/etc/hosts answers."""

import socket as stdlib
import sys

from hypothesis import assume, example, given, strategies as st

from fuzz_support import FUZZ, any_int_arg, assert_same_call, c_ints, junk

ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).map(str)
local_names = st.sampled_from(["localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "127.1",
                               "0x7f000001", "::ffff:127.0.0.1", "fe80::1%lo", "fe80::1%1",
                               "255.255.255.255", "<broadcast>", ""])
undeliverable = st.one_of(
    st.text("0123456789abcdefx.:%", max_size=20).map(lambda s: s + ".." + s),
    st.text(max_size=10).map(lambda s: s + "\0"),
    st.text(max_size=10).map(lambda s: "\ud800" + s),
    st.text(max_size=10).map(lambda s: s + "..é"),
)
host_text = st.one_of(ipv4, ipv6, local_names, undeliverable)
host = st.one_of(
    host_text,
    host_text.map(lambda h: h.encode("utf-8", "surrogatepass")),
    host_text.map(lambda h: bytearray(h.encode("utf-8", "surrogatepass"))),
    st.none(), junk, c_ints,
)
service_names = st.sampled_from(["http", "https", "ssh", "domain", "0", "65535", "65536", "-1",
                                 "nosuchservice", "", "80 ", "0x50", "http\0"])
port = st.one_of(
    st.integers(-70000, 70000), c_ints, service_names,
    service_names.map(str.encode), st.none(), st.booleans(), junk,
    st.text(max_size=8),
)
small_int = st.one_of(st.sampled_from([0, stdlib.AF_INET, stdlib.AF_INET6, stdlib.AF_UNIX,
                                       stdlib.SOCK_STREAM, stdlib.SOCK_DGRAM, stdlib.SOCK_RAW,
                                       stdlib.IPPROTO_TCP, stdlib.IPPROTO_UDP]),
                      any_int_arg)
ai_flags = st.one_of(
    st.sets(st.sampled_from([stdlib.AI_PASSIVE, stdlib.AI_CANONNAME, stdlib.AI_NUMERICHOST,
                             stdlib.AI_NUMERICSERV, stdlib.AI_V4MAPPED, stdlib.AI_ALL,
                             stdlib.AI_ADDRCONFIG])).map(sum),
    any_int_arg,
)


# sockffi follows CPython 3.13 where the stdlib changed (see _convert.py and
# _netdb.py); older stdlibs differ on these inputs only.
OLD_STDLIB = sys.version_info < (3, 13)
C_LONG = range(-2**63, 2**63)


@FUZZ
@given(host=host, port=port, family=small_int, type=small_int, proto=small_int, flags=ai_flags)
def test_getaddrinfo(host, port, family, type, proto, flags):
    assume(not (OLD_STDLIB and port.__class__ is int and port not in C_LONG))  # 3.13: any int
    assert_same_call("getaddrinfo", host, port, family, type, proto, flags)


@FUZZ
@given(host=host, port=port)
def test_getaddrinfo_two_arguments(host, port):
    assume(not (OLD_STDLIB and port.__class__ is int and port not in C_LONG))  # 3.13: any int
    assert_same_call("getaddrinfo", host, port)


NUMERIC = stdlib.NI_NUMERICHOST
ni_flags = st.sets(st.sampled_from([stdlib.NI_NUMERICHOST, stdlib.NI_NUMERICSERV,
                                    stdlib.NI_NOFQDN, stdlib.NI_NAMEREQD, stdlib.NI_DGRAM,
                                    0x4000, 1 << 20])).map(sum)
sockaddr = st.one_of(
    st.tuples(st.one_of(host_text, junk), any_int_arg),
    st.tuples(st.one_of(ipv6, local_names), any_int_arg, any_int_arg),
    st.tuples(st.one_of(ipv6, local_names), any_int_arg, any_int_arg, any_int_arg),
    st.tuples(ipv4, any_int_arg, any_int_arg, any_int_arg, any_int_arg),
    st.tuples(), junk, st.lists(st.integers(), max_size=2),
)


@FUZZ
@given(addr=sockaddr, flags=st.one_of(ni_flags, any_int_arg))
@example(addr=("\ud800\x00", None), flags=0)  # (the host is encoded before its NUL is seen)
def test_getnameinfo(addr, flags):
    if isinstance(flags, int) and not isinstance(flags, bool):
        host = addr[0] if isinstance(addr, tuple) and addr else None
        if host not in ("127.0.0.1", "::1", "localhost"):
            flags |= NUMERIC  # no reverse DNS for other addresses
    assert_same_call("getnameinfo", addr, flags)


# gethostbyname_r() sends inet_aton's odd forms ("0x7f000001") to DNS, and
# leaves h_errno unset (a random value) for "::ffff:a.b.c.d": not these.
gethost_names = st.sampled_from(["localhost", "127.0.0.1", "127.1", "::1", "::", "fe80::1%lo",
                                 "255.255.255.255", "<broadcast>", "", "0.0.0.0"])
gethost_arg = st.one_of(ipv4, gethost_names, undeliverable,
                        gethost_names.map(str.encode),
                        gethost_names.map(lambda s: bytearray(s, "ascii")),
                        junk, c_ints)


@FUZZ
@given(name=st.sampled_from(["gethostbyname", "gethostbyname_ex"]), host=gethost_arg)
def test_gethostbyname(name, host):
    assert_same_call(name, host)


@FUZZ
@given(addr=st.one_of(st.sampled_from(["127.0.0.1", "::1", "localhost", b"127.0.0.1"]),
                      undeliverable, junk, c_ints))
def test_gethostbyaddr(addr):
    assert_same_call("gethostbyaddr", addr)


proto_name = st.one_of(st.sampled_from(["tcp", "udp", "icmp", "ip", "sctp", "TCP", "nosuch", "",
                                        "tcp\0"]),
                       st.text(max_size=8), junk)


@FUZZ
@given(service=st.one_of(service_names, st.text(max_size=10), junk),
       proto=st.one_of(st.none(), proto_name), with_proto=st.booleans())
def test_getservbyname(service, proto, with_proto):
    assert_same_call("getservbyname", service, *([proto] if with_proto else []))


@FUZZ
@given(port=st.one_of(st.integers(-10, 70000), any_int_arg),
       proto=st.one_of(st.none(), proto_name), with_proto=st.booleans())
def test_getservbyport(port, proto, with_proto):
    assert_same_call("getservbyport", port, *([proto] if with_proto else []))


@FUZZ
@given(proto=proto_name)
def test_getprotobyname(proto):
    assert_same_call("getprotobyname", proto)


if_name = st.one_of(st.sampled_from(["lo", "eth0", "nosuchif", "", "lo\0", "x" * 20]),
                    st.text(max_size=20), st.binary(max_size=20), junk, c_ints)


@FUZZ
@given(name=if_name)
def test_if_nametoindex(name):
    assert_same_call("if_nametoindex", name)


@FUZZ
@given(index=st.one_of(st.integers(-3, 10), any_int_arg))
def test_if_indextoname(index):
    # 3.13 raises OverflowError past unsigned int; older versions truncated.
    assume(not (OLD_STDLIB and isinstance(index, int) and index > 0xFFFFFFFF))
    assert_same_call("if_indextoname", index)
