"""The platform boundary (sockffi/_platform): the one ImportError on a
platform sockffi does not support, the plain netdb calls under a lock (the
path taken where the reentrant *_r calls are absent, forced here on Linux),
the sockaddr helper that hides sa_len, and the hooks the core asks for."""

import re
import socket as std
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import sockffi
from sockffi import _binding, _netdb, _platform
from sockffi._binding import ffi, lib

PACKAGE = Path(sockffi.__file__).resolve().parent


# --- the one ImportError ------------------------------------------------------

@pytest.mark.parametrize("platform", ["darwin", "freebsd14", "win32", "sunos5"])
def test_unsupported_platform_fails_with_one_clear_import_error(platform):
    code = (f"import sys; sys.platform = {platform!r}\n"
            "try:\n"
            "    import sockffi\n"
            "except ImportError as exc:\n"
            "    print(type(exc).__name__, exc.__cause__, exc.__context__, sep='|')\n"
            "    print(exc)\n"
            "    print('_binding loaded:', 'sockffi._binding' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, cwd=str(PACKAGE.parent)).stdout.splitlines()
    assert out[0] == "ImportError|None|None"  # no chain: the first and only error
    assert f"sys.platform is {platform!r}" in out[1]
    assert "supported: linux" in out[1] and "docs/PORTING.md" in out[1]
    assert out[2] == "_binding loaded: False"  # refused before any C binding


def test_linux_is_served_by_its_own_module():
    assert _platform.module_name("linux") == "linux"
    assert _platform.native.NAME == "linux"
    with pytest.raises(ImportError, match="'darwin'"):
        _platform.module_name("darwin")


def test_the_core_never_names_a_platform_module():
    # Only the boundary chooses: the core asks `native`.
    pattern = re.compile(r"_platform\s+import\s+(?!native\b)\w+|_platform\.(?!native\b)\w+")
    offenders = [p.name for p in PACKAGE.glob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


# --- netdb: the plain calls under a lock ----------------------------------------

@pytest.fixture
def locked(monkeypatch):
    """The path a platform without the *_r calls takes."""
    monkeypatch.setattr(_netdb, "_reentrant", False)


LOOKUPS = [
    ("gethostbyname_ex", ("localhost",)),
    ("gethostbyaddr", ("127.0.0.1",)),
    ("getservbyname", ("http", "tcp")),
    ("getservbyname", ("domain",)),
    ("getservbyname", ("no-such-service", "tcp")),
    ("getservbyport", (53, "udp")),
    ("getservbyport", (80,)),
    ("getservbyport", (1, "no-such-proto")),
    ("getprotobyname", ("udp",)),
    ("getprotobyname", ("no-such-protocol",)),
]


def _outcome(func, *args):
    try:
        return "ok", func(*args)
    except OSError as exc:
        return "raise", type(exc), exc.args


@pytest.mark.parametrize("name,args", LOOKUPS)
def test_locked_lookups_answer_as_the_reentrant_ones(name, args, monkeypatch):
    reentrant = _outcome(getattr(sockffi, name), *args)
    monkeypatch.setattr(_netdb, "_reentrant", False)
    assert _outcome(getattr(sockffi, name), *args) == reentrant
    assert reentrant == _outcome(getattr(std, name), *args)


def test_locked_host_lookup_failure_reads_h_errno(locked):
    with pytest.raises(sockffi.herror) as info:
        sockffi.gethostbyaddr("10.255.255.1")  # no such entry, no DNS
    assert info.value.errno in (sockffi.HOST_NOT_FOUND, sockffi.TRY_AGAIN, sockffi.NO_RECOVERY)
    assert info.value.args[1] == ffi.string(lib.hstrerror(info.value.errno)).decode()


def test_locked_lookups_wait_for_the_lock(locked):
    results = []
    worker = threading.Thread(target=lambda: results.append(sockffi.getservbyname("http")))
    with _netdb._plain_lock:
        worker.start()
        worker.join(0.3)
        assert worker.is_alive() and results == []  # serialised behind the holder
    worker.join(10)
    assert results == [80]


def test_locked_lookups_from_threads(locked):
    calls = [(sockffi.getservbyname, ("http", "tcp")), (sockffi.getservbyport, (22, "tcp")),
             (sockffi.getprotobyname, ("tcp",)), (sockffi.gethostbyname_ex, ("localhost",)),
             (sockffi.gethostbyaddr, ("127.0.0.1",))]
    expected = [func(*args) for func, args in calls]
    wrong, start = [], threading.Barrier(6)

    def worker(offset):
        start.wait()
        for step in range(100):
            i = (offset + step) % len(calls)
            func, args = calls[i]
            got = func(*args)
            if got != expected[i]:
                wrong.append((func.__name__, got))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert wrong == []


def test_h_errno_hook_reads_this_threads_value():
    assert lib.gethostbyaddr(b"\x0a\xff\xff\x01", 4, sockffi.AF_INET) == ffi.NULL
    assert _platform.native.h_errno() in (
        sockffi.HOST_NOT_FOUND, sockffi.TRY_AGAIN, sockffi.NO_RECOVERY)


# --- the sockaddr helper and its twin ---------------------------------------------

@pytest.mark.parametrize("family,length", [
    (sockffi.AF_INET, 16), (sockffi.AF_INET6, 28), (sockffi.AF_UNIX, 5),
    (sockffi.AF_UNIX, 110), (0xFF, 300)])
def test_sockaddr_init_and_its_twin_write_the_same_bytes(family, length):
    written = []
    for init in (getattr(lib, "sockffi_sockaddr_init", None), _binding._py_sockaddr_init):
        if init is None:
            continue  # ABI mode: only the twin
        storage = ffi.new("struct sockaddr_storage *")
        ffi.memmove(storage, b"\xaa" * ffi.sizeof(storage[0]), ffi.sizeof(storage[0]))
        init(storage, family, length)
        written.append(bytes(ffi.buffer(storage)))
        assert ffi.cast("struct sockaddr *", storage).sa_family == family
    assert all(w == written[0] for w in written)
    # Linux's layout: the family at offset 0, nothing else touched.
    expected = family.to_bytes(2, sys.byteorder) + b"\xaa" * (len(written[0]) - 2)
    assert written[0] == expected


def test_inet_prefix_is_what_the_kernel_writes():
    server = sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM)
    with server:
        server.bind(("127.0.0.1", 0))
        storage = ffi.new("struct sockaddr_storage *")
        size = ffi.new("socklen_t *", ffi.sizeof(storage[0]))
        assert lib.getsockname(server.fileno(), ffi.cast("struct sockaddr *", storage), size) == 0
        raw = bytes(ffi.buffer(storage, size[0]))
    assert raw.startswith(sockffi._address.INET_PREFIX)


# --- hooks the core asks for -------------------------------------------------------

@pytest.mark.parametrize("offset,length,controllen,glibc,musl", [
    (0, 20, 64, 24, 24),
    (0, 20, 40, 24, None),    # musl wants a byte to spare after the next header
    (0, 20, 39, None, None),
    (0, 15, 64, None, None),  # shorter than a header: no next, never a loop
    (24, 16, 56, 40, None),
])
def test_cmsg_walk_rules_of_each_libc(offset, length, controllen, glibc, musl):
    from sockffi._platform import linux
    if ffi.sizeof("struct cmsghdr") != 16:
        pytest.skip("figures for a 16-byte cmsghdr")
    assert linux._cmsg_next_glibc(offset, length, controllen) == glibc
    assert linux._cmsg_next_musl(offset, length, controllen) == musl


def test_linux_hooks():
    native = _platform.native
    assert native.accept4 is not None and native.recvmmsg is not None
    assert native.sendmmsg is not None
    assert native.UDP_GRO == (sockffi.SOL_UDP, sockffi.UDP_GRO)
    assert native.WIDE_OPTION_FAMILIES == {sockffi.AF_VSOCK}
    assert native.ACCEPT_WITHOUT_ADDRESS == {sockffi.AF_ALG}
    assert native.REENTRANT_NETDB is native.GLIBC is True  # this suite runs on glibc
    assert native.ABSTRACT_UNIX_NAMES is True
    families = {sockffi.AF_NETLINK, sockffi.AF_PACKET, sockffi.AF_VSOCK, sockffi.AF_ALG,
                sockffi.AF_TIPC, sockffi.AF_CAN, sockffi.AF_QIPCRTR}
    assert families <= set(sockffi._address._SIZES)


def test_tcp_info_follows_the_platform_layout():
    names = [n for n, code in _platform.native.TCP_INFO_LAYOUT if code != "bits"]
    assert set(names) <= set(sockffi.TCPInfo._fields)
    assert "snd_wscale" in sockffi.TCPInfo._fields
