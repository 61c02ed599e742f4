"""The Python walk over received control data (sockffi._msg.walk_control,
used in both binding modes) against the C library's own CMSG_FIRSTHDR /
CMSG_NXTHDR / CMSG_DATA macros, on arbitrary -- hostile -- buffers.

The reference is compiled here at test time (skipped without a compiler):
the loop of CPython's sock_recvmsg_guts with its cmsg_min_space /
get_cmsg_data_len checks, on the real macros."""


import pytest
from hypothesis import given, settings, strategies as st

from sockffi import _msg
from sockffi._binding import ffi
from socket_support import compile_c_reference

REFERENCE_C = r"""
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

/* The header at cmsgh, and `space` bytes from it, lie inside the buffer. */
static int fits(struct msghdr *msg, struct cmsghdr *cmsgh, size_t space)
{
    size_t end_of_len = offsetof(struct cmsghdr, cmsg_len) + sizeof(cmsgh->cmsg_len);
    size_t at = (char *)cmsgh - (char *)msg->msg_control;
    if (space < end_of_len)
        space = end_of_len;
    return at <= (size_t)-1 - space && at + space <= msg->msg_controllen;
}

/* 0: data whole, 1: cut short by the buffer's end, -1: no valid header. */
static int data_len(struct msghdr *msg, struct cmsghdr *cmsgh, size_t *len)
{
    size_t wanted, at;
    if (!fits(msg, cmsgh, CMSG_LEN(0)) || cmsgh->cmsg_len < CMSG_LEN(0))
        return -1;
    wanted = cmsgh->cmsg_len - CMSG_LEN(0);
    at = (char *)CMSG_DATA(cmsgh) - (char *)msg->msg_control;
    if (at > msg->msg_controllen)
        return -1;
    if (msg->msg_controllen - at >= wanted) {
        *len = wanted;
        return 0;
    }
    *len = msg->msg_controllen - at;
    return 1;
}

int ref_walk(void *control, size_t controllen, long long *out, int max)
{
    struct msghdr msg;
    struct cmsghdr *c;
    int n = 0;
    memset(&msg, 0, sizeof msg);
    msg.msg_control = control;
    msg.msg_controllen = controllen;
    for (c = controllen > 0 ? CMSG_FIRSTHDR(&msg) : NULL; c != NULL && n < max;
         c = CMSG_NXTHDR(&msg, c)) {
        size_t len = 0;
        int status = data_len(&msg, c, &len);
        long long *row = out + 5 * n++;
        row[0] = status;
        if (status < 0)
            break;
        row[1] = c->cmsg_level;
        row[2] = c->cmsg_type;
        row[3] = (char *)CMSG_DATA(c) - (char *)control;
        row[4] = (long long)len;
        if (status)
            break;
    }
    return n;
}
"""


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return compile_c_reference(
        tmp_path_factory, "_sockffi_cmsg_reference",
        "int ref_walk(void *control, size_t controllen, long long *out, int max);",
        REFERENCE_C, "the C reference")


def c_walk(reference, raw: bytes, controllen: int):
    buf = reference.ffi.new("char[]", raw)
    out = reference.ffi.new("long long[]", 5 * 64)
    n = reference.lib.ref_walk(buf, controllen, out, 64)
    rows = [tuple(out[5 * i:5 * i + 5]) for i in range(n)]
    return [row if row[0] >= 0 else (row[0], 0, 0, 0, 0) for row in rows]


def py_walk(raw: bytes, controllen: int):
    buf = ffi.new("char[]", raw)
    return [tuple(item) for item in _msg.walk_control(buf, controllen)][:64]


HDR = _msg.CMSG_HEADER
INTERESTING_LENGTHS = [0, 1, HDR - 1, HDR, HDR + 1, HDR + 3, HDR + 4, HDR + 8, HDR + 9,
                       2 * HDR, 255, 4096, 2 ** 31 - 1, 2 ** 32, 2 ** 63, 2 ** 64 - 1]


def header(length: int, level: int, kind: int) -> bytes:
    cell = ffi.new("struct cmsghdr *")
    cell.cmsg_len, cell.cmsg_level, cell.cmsg_type = length, level, kind
    return ffi.buffer(cell)[:]


items = st.tuples(
    st.one_of(st.sampled_from(INTERESTING_LENGTHS),
              st.integers(0, 200), st.integers(0, 2 ** 64 - 1)),
    st.integers(-2 ** 31, 2 ** 31 - 1), st.integers(-2 ** 31, 2 ** 31 - 1),
    st.binary(max_size=40))


@st.composite
def control_buffers(draw):
    raw = b"".join(header(length, level, kind) + data
                   for length, level, kind, data in draw(st.lists(items, max_size=6)))
    raw += draw(st.binary(max_size=24))
    return raw, draw(st.integers(0, len(raw)))


@st.composite
def boundary_buffers(draw):
    """Well-formed messages (maybe with one bad length), cut at or next to
    the edges where CMSG_NXTHDR's decisions change."""
    raw, edges = b"", [0]
    for length, level, kind, data in draw(st.lists(items, min_size=1, max_size=5)):
        if draw(st.booleans()):
            length = HDR + len(data)
        chunk = header(length, level, kind) + data
        chunk += b"\0" * (-len(chunk) % _msg.CMSG_ALIGN)
        raw += chunk
        edges.append(len(raw))
    raw += draw(st.binary(max_size=24))
    edge = draw(st.sampled_from(edges))
    delta = draw(st.sampled_from([-_msg.CMSGHDR_SIZE - 1, -_msg.CMSGHDR_SIZE, -8, -1, 0, 1,
                                  _msg.CMSGHDR_SIZE - 1, _msg.CMSGHDR_SIZE,
                                  _msg.CMSGHDR_SIZE + 1]))
    return raw, min(max(edge + delta, 0), len(raw))


@settings(max_examples=400, deadline=None)
@given(boundary_buffers())
def test_walk_matches_the_c_macros_at_the_edges(reference, case):
    raw, controllen = case
    assert py_walk(raw, controllen) == c_walk(reference, raw, controllen)


@settings(max_examples=400, deadline=None)
@given(control_buffers())
def test_walk_matches_the_c_macros(reference, case):
    raw, controllen = case
    assert py_walk(raw, controllen) == c_walk(reference, raw, controllen)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120), st.data())
def test_walk_matches_on_random_bytes(reference, raw, data):
    controllen = data.draw(st.integers(0, len(raw)))
    assert py_walk(raw, controllen) == c_walk(reference, raw, controllen)


@settings(max_examples=300, deadline=None)
@given(control_buffers())
def test_walk_stays_inside_controllen(case):
    raw, controllen = case
    for status, level, kind, start, size in py_walk(raw, controllen):
        if status >= 0:
            assert 0 <= start and start + size <= controllen
