"""The composite calls of _binding.py: the API build's C helpers and their
pure-Python twins (ABI mode) must give the same results and errors on real
sockets.  Whichever mode is loaded, the Python twins are checked; in API
mode the C helpers are checked against them."""

import errno
import fcntl
import os
import socket as stdlib_socket
import sys

import pytest

from sockffi import _binding
from sockffi._binding import ffi

IMPLEMENTATIONS = {
    "python": (_binding._py_setsockopt_int, _binding._py_getsockopt_int,
               _binding._os_set_blocking),
    "os": (_binding._py_setsockopt_int, _binding._py_getsockopt_int, os.set_blocking),
}
if _binding.MODE == "api":
    lib = _binding.lib
    IMPLEMENTATIONS["c"] = (lib.sockffi_setsockopt_int, lib.sockffi_getsockopt_int,
                            _binding._c_set_blocking)


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def calls(request):
    return IMPLEMENTATIONS[request.param]


@pytest.fixture
def sock():
    with stdlib_socket.socket() as s:
        yield s


SOL, REUSE, RCVBUF = stdlib_socket.SOL_SOCKET, stdlib_socket.SO_REUSEADDR, stdlib_socket.SO_RCVBUF


def test_the_loaded_mode_uses_its_own_implementation():
    expected = IMPLEMENTATIONS["c" if _binding.MODE == "api" else "python"]
    assert (_binding.setsockopt_int, _binding.getsockopt_int) == expected[:2]
    if sys.implementation.name != "pypy":
        assert _binding.set_blocking is os.set_blocking  # CPython's one ioctl
    else:
        assert _binding.set_blocking is (_binding._c_set_blocking if _binding.MODE == "api"
                                         else _binding._os_set_blocking)


@pytest.mark.parametrize("value", [0, 1, 7])
def test_setsockopt_then_getsockopt_agree_with_the_stdlib(calls, sock, value):
    set_int, get_int, _ = calls
    assert set_int(sock.fileno(), SOL, REUSE, value) == 0
    assert get_int(sock.fileno(), SOL, REUSE) == sock.getsockopt(SOL, REUSE) == (1 if value else 0)


def test_an_int_option_round_trips(calls, sock):
    set_int, get_int, _ = calls
    assert set_int(sock.fileno(), SOL, RCVBUF, 65536) == 0
    assert get_int(sock.fileno(), SOL, RCVBUF) == sock.getsockopt(SOL, RCVBUF)


def test_errors_are_reported_through_errno(calls, sock):
    set_int, get_int, set_blocking = calls
    fd = os.dup(sock.fileno())
    os.close(fd)  # a closed descriptor: EBADF everywhere
    assert set_int(fd, SOL, REUSE, 1) == -1 and ffi.errno == errno.EBADF
    assert get_int(fd, SOL, REUSE) == _binding.GETSOCKOPT_FAILED and ffi.errno == errno.EBADF
    with pytest.raises(OSError) as info:
        set_blocking(fd, True)
    assert info.value.errno == errno.EBADF and type(info.value) is OSError
    assert get_int(sock.fileno(), SOL, 0x7FFF) == _binding.GETSOCKOPT_FAILED
    assert ffi.errno == errno.ENOPROTOOPT


def test_a_negative_option_value_is_not_an_error(calls, sock):
    """SO_PEEK_OFF is -1 until set: a value, not the failure marker."""
    _, get_int, _ = calls
    peek_off = getattr(stdlib_socket, "SO_PEEK_OFF", 42)
    with stdlib_socket.socket(stdlib_socket.AF_UNIX) as unix:
        try:
            expected = unix.getsockopt(SOL, peek_off)
        except OSError:
            pytest.skip("no SO_PEEK_OFF")
        assert get_int(unix.fileno(), SOL, peek_off) == expected


@pytest.mark.parametrize("blocking", [False, True, False])
def test_set_blocking_sets_the_descriptor_flag(calls, sock, blocking):
    _, _, set_blocking = calls
    assert set_blocking(sock.fileno(), blocking) is None
    assert os.get_blocking(sock.fileno()) is blocking


def test_set_blocking_keeps_the_other_status_flags(calls):
    """Only O_NONBLOCK moves: a flag set beside it (O_APPEND) survives."""
    _, _, set_blocking = calls
    read_end, write_end = os.pipe()
    try:
        flags = fcntl.fcntl(write_end, fcntl.F_GETFL)
        fcntl.fcntl(write_end, fcntl.F_SETFL, flags | os.O_APPEND)
        for blocking in (False, False, True, True):
            set_blocking(write_end, blocking)
            now = fcntl.fcntl(write_end, fcntl.F_GETFL)
            assert now & os.O_APPEND and bool(now & os.O_NONBLOCK) is not blocking
    finally:
        os.close(read_end)
        os.close(write_end)
