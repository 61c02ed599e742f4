"""The composite calls behind inet_aton and getaddrinfo (_binding.py): the
API build's C helpers and their pure-Python twins (ABI mode) give the same
results, and the pooled C cells of the twins and of inet_pton stay correct
when the pool is empty and when threads share it."""

import socket as stdlib_socket
import sys
import threading

import pytest

import sockffi
from sockffi import _binding, _convert
from sockffi._binding import ffi

ATON = {"python": _binding._py_inet_aton}
GAI = {"python shared hints": _binding._py_getaddrinfo_shared,  # (CPython's)
       "python pooled hints": _binding._py_getaddrinfo_pooled}  # (PyPy's)
if _binding.MODE == "api":
    ATON["c"] = _binding.lib.sockffi_inet_aton
    GAI["c"] = _binding.lib.sockffi_getaddrinfo


def test_the_loaded_mode_uses_its_own_implementation():
    mode = "c" if _binding.MODE == "api" else "python"
    assert _binding.inet_aton_value is ATON[mode]
    if mode == "python":  # each interpreter its own twin (see _binding)
        mode += " pooled hints" if sys.implementation.name == "pypy" else " shared hints"
    assert _binding.getaddrinfo_hinted is GAI[mode]


@pytest.mark.parametrize("impl", sorted(ATON))
@pytest.mark.parametrize("text", [b"1.2.3.4", b"127.1", b"0x7f.1", b"255.255.255.255",
                                  b"0.0.0.0", b"1.2.3.4 junk", b"", b"1.2.3.256", b"::1"])
def test_inet_aton_value_is_s_addr_as_stored(impl, text):
    value = ATON[impl](text)
    try:
        expected = stdlib_socket.inet_aton(text.decode())
    except OSError:
        assert value == -1
    else:
        assert value.to_bytes(4, sys.byteorder) == expected


@pytest.mark.parametrize("impl", sorted(GAI))
@pytest.mark.parametrize("node,service,family,socktype,flags", [
    (b"127.0.0.1", b"80", stdlib_socket.AF_INET, stdlib_socket.SOCK_STREAM,
     stdlib_socket.AI_NUMERICHOST),
    (b"::1", b"53", stdlib_socket.AF_INET6, stdlib_socket.SOCK_DGRAM, 0),
    (b"localhost", b"0", 0, 0, 0),
    (b"not an address", b"80", 0, 0, stdlib_socket.AI_NUMERICHOST),   # EAI_NONAME
    (b"127.0.0.1", b"80", 12345, 0, 0),                                 # EAI_FAMILY
])
def test_getaddrinfo_hinted_matches_the_hints_struct(impl, node, service, family, socktype,
                                                     flags):
    """The helper and a hand-filled hints struct give the same code and list."""
    lib = _binding.lib

    def walk(res):
        out, info = [], res[0]
        while info != ffi.NULL:
            out.append((info.ai_family, info.ai_socktype, info.ai_protocol,
                        ffi.unpack(ffi.cast("char *", info.ai_addr), info.ai_addrlen)))
            info = info.ai_next
        lib.freeaddrinfo(res[0])
        return out

    res = ffi.new("struct addrinfo **")
    code = GAI[impl](node, service, family, socktype, 0, flags, res)
    got = (code, walk(res) if code == 0 else None)
    hints = ffi.new("struct addrinfo *")
    hints.ai_family, hints.ai_socktype, hints.ai_flags = family, socktype, flags
    ref = ffi.new("struct addrinfo **")
    want_code = lib.getaddrinfo(node, service, hints, ref)
    assert got == (want_code, walk(ref) if want_code == 0 else None)


def _drained(take):
    """Every cell of a pool, taken out (the caller gives them back)."""
    cells = []
    while True:
        try:
            cells.append(take())
        except IndexError:
            return cells


def test_an_empty_pool_still_gives_right_answers():
    pools = [(_binding._take_int, _binding._give_int),
             (_binding._take_in_addr, _binding._give_in_addr),
             (_binding._take_hints, _binding._give_hints),
             (_convert._take_cell, _convert._give_cell)]
    taken = [(_drained(take), give) for take, give in pools]
    try:
        assert _binding._py_inet_aton(b"10.1.2.3") >= 0
        assert sockffi.inet_pton(sockffi.AF_INET6, "::1") == stdlib_socket.inet_pton(
            stdlib_socket.AF_INET6, "::1")
        with stdlib_socket.socket() as s:
            assert _binding._py_setsockopt_int(s.fileno(), stdlib_socket.SOL_SOCKET,
                                               stdlib_socket.SO_REUSEADDR, 1) == 0
            assert _binding._py_getsockopt_int(s.fileno(), stdlib_socket.SOL_SOCKET,
                                               stdlib_socket.SO_REUSEADDR) == 1
        res = ffi.new("struct addrinfo **")
        assert _binding._py_getaddrinfo_pooled(b"127.0.0.1", b"1", 0, 0, 0, 0, res) == 0
        _binding.lib.freeaddrinfo(res[0])
    finally:
        for cells, give in taken:
            for cell in cells:
                give(cell)


def _pool_size(take, give) -> int:
    cells = _drained(take)
    for cell in cells:
        give(cell)
    return len(cells)


def test_a_cell_is_given_back_when_the_call_raises():
    pton = (_convert._take_cell, _convert._give_cell)
    ints = (_binding._take_int, _binding._give_int)
    sizes = _pool_size(*pton), _pool_size(*ints)
    with pytest.raises(OSError):
        sockffi.inet_pton(sockffi.AF_INET6, "not an address")
    with pytest.raises(OSError):
        sockffi.inet_pton(12345, "::1")
    with stdlib_socket.socket() as s:
        with pytest.raises(OverflowError):
            _binding._py_setsockopt_int(s.fileno(), 1, 2, 2**40)
        with pytest.raises(TypeError):
            _binding._py_getsockopt_int(s.fileno(), 1.5, 2)
    assert (_pool_size(*pton), _pool_size(*ints)) == sizes


def test_threads_sharing_the_pools_get_their_own_answers():
    """Many threads converting different addresses at once: each gets the
    stdlib's answer for its own input (a shared cell would mix them)."""
    v6 = [f"2001:db8::{n:x}" for n in range(1, 200)]
    v4 = [f"10.0.{n // 256}.{n % 256}" for n in range(200)]
    errors = []

    def work(offset):
        try:
            for i in range(300):
                text6 = v6[(i + offset) % len(v6)]
                text4 = v4[(i * 7 + offset) % len(v4)]
                assert sockffi.inet_pton(sockffi.AF_INET6, text6) == \
                    stdlib_socket.inet_pton(stdlib_socket.AF_INET6, text6)
                assert sockffi.inet_aton(text4) == stdlib_socket.inet_aton(text4)
                port = 1000 + i
                assert sockffi.getaddrinfo(text4, port, sockffi.AF_INET, sockffi.SOCK_STREAM,
                                           0, sockffi.AI_NUMERICHOST)[0][4] == (text4, port)
        except Exception as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n * 13,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_hints_are_made_once_per_combination_and_bounded():
    """ABI mode's getaddrinfo on CPython keeps the hints of each (family, socktype,
    protocol, flags): the same cdata again, holding exactly those values,
    and never more than _HINTS_MAX of them (every answer still right)."""
    res = ffi.new("struct addrinfo **")

    def resolve(family, socktype, flags):
        code = _binding._py_getaddrinfo_shared(b"127.0.0.1", b"7", family, socktype, 0, flags,
                                               res)
        if code == 0:
            _binding.lib.freeaddrinfo(res[0])
        return code

    assert resolve(stdlib_socket.AF_INET, stdlib_socket.SOCK_STREAM, 0) == 0
    key = (stdlib_socket.AF_INET, stdlib_socket.SOCK_STREAM, 0, 0)
    hints = _binding._hints_made[key]
    assert resolve(stdlib_socket.AF_INET, stdlib_socket.SOCK_STREAM, 0) == 0
    assert _binding._hints_made[key] is hints
    assert (hints.ai_family, hints.ai_socktype, hints.ai_protocol, hints.ai_flags) == key
    for flags in range(2 * _binding._HINTS_MAX):  # AI_* bits in every combination
        try:
            stdlib_socket.getaddrinfo("127.0.0.1", 7, stdlib_socket.AF_INET,
                                      stdlib_socket.SOCK_DGRAM, 0, flags)
            want = 0
        except stdlib_socket.gaierror as exc:  # (EAI_BADFLAGS for most combinations)
            want = exc.errno
        assert resolve(stdlib_socket.AF_INET, stdlib_socket.SOCK_DGRAM, flags) == want, flags
        assert len(_binding._hints_made) <= _binding._HINTS_MAX
