"""Byte order, address text <-> packed bytes and CMSG sizes, compared with
the stdlib on the same inputs (results, exception types)."""

import socket as std
import sys
import warnings

import pytest

import sockffi
from socket_support import IS_PYPY, Index, outcome, same


class IntOnly:
    """An object with __int__ only (Python 3.9 converts it, with a warning)."""

    def __int__(self):
        return 5


SHORT_INPUTS = [0, 1, 0x1234, 0xFFFF, True, Index(0x102)]
SHORT_BAD = [0x10000, 0x7FFFFFFF, -1, 2**31, -2**31 - 1, 2**40, 2**64, 1.5, "1", None, b"1"]
LONG_INPUTS = [0, 1, 0x12345678, 0xFFFFFFFF, 2**31, True]
LONG_BAD = [-1, 2**32, 2**63, 2**64, 1.5, "1", None]


@pytest.mark.parametrize("name", ["htons", "ntohs"])
@pytest.mark.parametrize("value", SHORT_INPUTS, ids=repr)
def test_short_order(name, value):
    same(name, value)


@pytest.mark.filterwarnings("ignore:.*silent truncation:DeprecationWarning")
@pytest.mark.parametrize("name", ["htons", "ntohs"])
@pytest.mark.parametrize("value", SHORT_BAD, ids=repr)
def test_short_order_range(name, value):
    # Up to Python 3.9 (PyPy too) a value above 0xFFFF is truncated, since
    # 3.10 it raises OverflowError.
    same(name, value)


@pytest.mark.parametrize("name", ["htonl", "ntohl"])
@pytest.mark.parametrize("value", LONG_INPUTS + LONG_BAD, ids=repr)
def test_long_order(name, value):
    same(name, value)


def test_long_order_refuses_index_objects():
    # CPython takes only int instances for htonl (no __index__); PyPy does.
    with pytest.raises(TypeError):
        sockffi.htonl(Index(1))


@pytest.mark.skipif(sys.byteorder != "little", reason="a little-endian figure")
def test_byte_order_values():
    assert sockffi.htons(0x1234) == 0x3412
    assert sockffi.ntohs(0x3412) == 0x1234
    assert sockffi.htonl(0x12345678) == 0x78563412
    assert sockffi.ntohl(0x78563412) == 0x12345678
    assert sockffi.htonl(0xFF) == 0xFF000000


def detailed(func, *args):
    """outcome() with the exception's message and the warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = outcome(func, *args)
    return result + tuple((w.category, str(w.message)) for w in caught)


# Calls whose messages (and warnings) changed between CPython versions.
MESSAGE_CALLS = [(name, (value,)) for name in ("htons", "ntohs", "htonl", "ntohl")
                 for value in (0x10000, 0x7FFFFFFF, -1, 2**31, -2**31 - 1, 2**64, 1.5, "1",
                               Index(0x10000), IntOnly())]
MESSAGE_CALLS += [("inet_aton", (1,)), ("inet_aton", (b"1.2.3.4",)), ("CMSG_LEN", (1.5,)),
                  ("CMSG_SPACE", ("1",)), ("CMSG_LEN", (2**64,)), ("inet_pton", (1.5, "::1")),
                  ("inet_pton", (IntOnly(), "::1")), ("inet_ntop", (2**31, b"1234"))]


@pytest.mark.skipif(IS_PYPY, reason="PyPy's socket module words its errors its own way")
@pytest.mark.parametrize("name,args", MESSAGE_CALLS, ids=repr)
def test_messages_and_warnings_of_this_python(name, args):
    assert detailed(getattr(sockffi, name), *args) == detailed(getattr(std, name), *args)


def test_byte_order_range_messages():
    if sys.version_info >= (3, 10):
        with pytest.raises(OverflowError, match="htons: Python int too large"):
            sockffi.htons(0x10000)
    else:
        with pytest.warns(DeprecationWarning, match=r"htons: Python int too large.*truncation"):
            assert sockffi.htons(0x10102) == 0x0201
    with pytest.raises(OverflowError, match="ntohs: can't convert negative"):
        sockffi.ntohs(-1)
    with pytest.raises(OverflowError, match="int larger than 32 bits"):
        sockffi.htonl(2**32)
    with pytest.raises(TypeError, match="expected int, float found"):
        sockffi.ntohl(1.0)


ATON = ["1.2.3.4", "127.1", "0x7f.1", "0177.0.0.1", "10.1.2", "4294967295",
        "1.2.3.4 junk", "1.2.3.4\n", "255.255.255.255", "0.0.0.0"]
ATON_BAD = ["1.2.3.4junk", "", " 1.2.3.4", "256.1.1.1", "1.2.3.256", "4294967296",
            "1.2.3.4.5", "\u00e9", "0x", "08.1.1.1", "::1"]


@pytest.mark.parametrize("text", ATON + ATON_BAD)
def test_inet_aton(text):
    same("inet_aton", text)


@pytest.mark.parametrize("value", [b"1.2.3.4", None, 1, "1.2.3.4\0", "\udcff"], ids=repr)
def test_inet_aton_bad_types(value):
    # PyPy accepts a NUL (the C string ends there) and lone surrogates.
    same("inet_aton", value, pypy=value not in ("1.2.3.4\0", "\udcff"))


@pytest.mark.parametrize("name,args", [("inet_aton", ("\udcff\0",)),
                                       ("inet_aton", ("1\0\udcff",)),
                                       ("inet_pton", (std.AF_INET6, "::\udcff\0"))], ids=repr)
def test_a_lone_surrogate_wins_over_a_nul(name, args):
    # PyArg "s" encodes first (UnicodeEncodeError), then looks for a NUL.
    same(name, *args, pypy=False)


def test_inet_aton_lenient_values():
    assert sockffi.inet_aton("127.1") == b"\x7f\x00\x00\x01"
    assert sockffi.inet_aton("0x7f.1") == b"\x7f\x00\x00\x01"
    assert sockffi.inet_aton("1.2.3.4 anything") == b"\x01\x02\x03\x04"
    with pytest.raises(OSError, match="illegal IP address string passed to inet_aton"):
        sockffi.inet_aton("1.2.3.4x")


@pytest.mark.parametrize("packed", [b"\x01\x02\x03\x04", bytearray(b"\xff" * 4),
                                    memoryview(b"\x7f\x00\x00\x01"), b"123", b"12345", b"",
                                    "1234", None, 5], ids=repr)
def test_inet_ntoa(packed):
    same("inet_ntoa", packed)


PTON = [(std.AF_INET, "1.2.3.4"), (std.AF_INET, "::1"), (std.AF_INET, "127.1"),
        (std.AF_INET, ""), (std.AF_INET6, "::1"), (std.AF_INET6, "1.2.3.4"),
        (std.AF_INET6, "::ffff:1.2.3.4"), (std.AF_INET6, "fe80::1%lo"),
        (std.AF_INET6, "1:2:3:4:5:6:7:8"), (std.AF_INET6, "1:2:3:4:5:6:7:8:9"),
        (std.AF_INET, "\u00e9"), (std.AF_INET, b"1.2.3.4"), (std.AF_INET6, None),
        (1.5, "1.2.3.4"), ("2", "1.2.3.4"), (2**40, "1.2.3.4"), (Index(2), "1.2.3.4")]
# Families other than AF_INET/AF_INET6: CPython passes errno EAFNOSUPPORT on.
PTON_BAD_FAMILY = [(std.AF_UNIX, "1.2.3.4"), (12345, "::1"), (-1, "1.2.3.4")]


@pytest.mark.parametrize("family,text", PTON, ids=repr)
def test_inet_pton(family, text):
    # PyPy raises TypeError for an __index__ object, OSError for 2**40.
    same("inet_pton", family, text, pypy=not isinstance(family, Index) and family != 2**40)


@pytest.mark.parametrize("family,text", PTON_BAD_FAMILY, ids=repr)
def test_inet_pton_bad_family(family, text):
    same("inet_pton", family, text, pypy=False)  # PyPy: no errno


def test_inet_pton_nul():
    # PyPy ends the C string at the NUL; CPython refuses it.
    with pytest.raises(ValueError):
        sockffi.inet_pton(sockffi.AF_INET, "1.2.3.4\0")


V6 = b"\xfe\x80" + b"\0" * 13 + b"\x01"
NTOP = [(std.AF_INET, b"\x01\x02\x03\x04"), (std.AF_INET, bytearray(4)),
        (std.AF_INET, b"\0" * 16), (std.AF_INET, b""), (std.AF_INET6, b"\0" * 16),
        (std.AF_INET6, V6), (std.AF_INET6, b"\0" * 10 + b"\xff\xff\x01\x02\x03\x04"),
        (std.AF_INET6, b"\0" * 12 + b"\x01\x02\x03\x04"), (std.AF_INET6, b"\0" * 15),
        (std.AF_INET6, memoryview(V6)), (std.AF_INET6, b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x01"),
        (std.AF_INET, "1234"), (std.AF_INET, None), (1.5, b"1234")]
NTOP_BAD_FAMILY = [(std.AF_UNIX, b"1234"), (-1, b""), (2**40, b"1234")]


@pytest.mark.parametrize("family,packed", NTOP, ids=repr)
def test_inet_ntop(family, packed):
    same("inet_ntop", family, packed)


@pytest.mark.parametrize("family,packed", NTOP_BAD_FAMILY, ids=repr)
def test_inet_ntop_bad_family(family, packed):
    same("inet_ntop", family, packed, pypy=False)  # PyPy: OSError, not ValueError


def test_pton_ntop_round_trip():
    for text in ("::", "::1", "fe80::1", "2001:db8::8:800:200c:417a", "::ffff:10.0.0.1"):
        packed = sockffi.inet_pton(sockffi.AF_INET6, text)
        assert len(packed) == 16
        assert sockffi.inet_ntop(sockffi.AF_INET6, packed) == text
    packed = sockffi.inet_pton(sockffi.AF_INET, "10.9.8.7")
    assert sockffi.inet_ntop(sockffi.AF_INET, packed) == "10.9.8.7"


CMSG_INPUTS = [0, 1, 4, 7, 8, 100, -1, True, Index(3), 2**31 - 1, 2**31 - 17, 2**31 - 16,
               2**31 - 24, 2**31 - 25, 2**31 - 23, 2**63, 1.5, "1", None]


@pytest.mark.parametrize("name", ["CMSG_LEN", "CMSG_SPACE"])
@pytest.mark.parametrize("value", CMSG_INPUTS, ids=repr)
def test_cmsg_sizes(name, value):
    same(name, value)


def test_cmsg_sizes_values():
    header = sockffi.CMSG_LEN(0)
    assert header == sockffi.CMSG_SPACE(0) > 0
    assert sockffi.CMSG_LEN(4) == header + 4
    assert sockffi.CMSG_SPACE(4) >= sockffi.CMSG_LEN(4)
    assert sockffi.CMSG_SPACE(4) % 4 == 0
    with pytest.raises(OverflowError, match=r"CMSG_LEN\(\) argument out of range"):
        sockffi.CMSG_LEN(-1)
    with pytest.raises(OverflowError, match=r"CMSG_SPACE\(\) argument out of range"):
        sockffi.CMSG_SPACE(2**31)
