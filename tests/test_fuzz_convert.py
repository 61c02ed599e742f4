"""Arbitrary values for the conversion functions (hton*, inet_*, CMSG_*):
the same result as the stdlib, or the same exception type."""

import socket as stdlib

import pytest
from hypothesis import given, strategies as st

from fuzz_support import FUZZ, any_int_arg, assert_same, assert_same_call, junk, require
from socket_support import outcome


@FUZZ
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # 3.9: truncation, __int__
@given(name=st.sampled_from(["htons", "ntohs", "htonl", "ntohl"]), value=any_int_arg)
def test_byte_order(name, value):
    # Out-of-range htons/ntohs values: truncated up to 3.9, OverflowError
    # since 3.10, in sockffi as in the running stdlib.
    assert_same_call(name, value)


ipv4_text = st.one_of(
    st.ip_addresses(v=4).map(str),
    st.text("0123456789xXabcdefABCDEF. \t\n", max_size=25),
    st.sampled_from(["127.1", "0x7f.1", "0177.0.0.1", "1.2.3.4 ", "1.2.3.4 junk", "4294967295",
                     "4294967296", "1.2.3.256", "", " ", "1.2.3.4\0", "0x", "1.2.3.4.5"]),
    st.text(max_size=20),
)
ipv6_text = st.one_of(
    st.ip_addresses(v=6).map(str),
    st.text("0123456789abcdefABCDEF:.%", max_size=50),
    st.sampled_from(["::", "::1", "::ffff:1.2.3.4", "1::2::3", ":::", "::1%lo", "0" * 50,
                     "1:2:3:4:5:6:7:8:9", "::1.2.3.4", "::1.2.3", "fe80::1%1"]),
    st.text(max_size=60),
)
text_arg = st.one_of(
    ipv4_text, ipv6_text,
    ipv4_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    ipv6_text.map(lambda s: bytearray(s.encode("utf-8", "surrogatepass"))),
    junk,
)
packed = st.one_of(
    st.binary(max_size=20),
    st.binary(min_size=4, max_size=4),
    st.binary(min_size=16, max_size=16),
    st.binary(min_size=4, max_size=4).map(bytearray),
    st.binary(min_size=16, max_size=16).map(memoryview),
    st.text(max_size=16),
    junk,
)
family = st.one_of(st.sampled_from([stdlib.AF_INET, stdlib.AF_INET6, stdlib.AF_UNIX, 0]),
                   any_int_arg)


@FUZZ
@given(text=text_arg)
def test_inet_aton(text):
    assert_same_call("inet_aton", text)


@FUZZ
@given(data=packed)
def test_inet_ntoa(data):
    assert_same_call("inet_ntoa", data)


@FUZZ
@given(fam=family, text=text_arg)
def test_inet_pton(fam, text):
    assert_same_call("inet_pton", fam, text)


@FUZZ
@given(fam=family, data=packed)
def test_inet_ntop(fam, data):
    assert_same_call("inet_ntop", fam, data)


@FUZZ
@given(family=st.sampled_from([stdlib.AF_INET, stdlib.AF_INET6]),
       data=st.one_of(st.binary(min_size=4, max_size=4), st.binary(min_size=16, max_size=16)))
def test_inet_ntop_pton_roundtrip(family, data):
    ntop, pton = require("inet_ntop"), require("inet_pton")
    ours = outcome(ntop, family, data)
    assert_same(ours, outcome(stdlib.inet_ntop, family, data))
    if ours[0] == "ok":
        assert pton(family, ours[1]) == data


@FUZZ
@given(name=st.sampled_from(["CMSG_LEN", "CMSG_SPACE"]), value=any_int_arg)
def test_cmsg_sizes(name, value):
    if not hasattr(stdlib, name):
        pytest.skip(f"the stdlib has no {name} here")
    assert_same_call(name, value)
