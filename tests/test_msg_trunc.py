"""recvmsg(bufsize, ancbufsize, MSG_TRUNC) of a datagram longer than bufsize:
the kernel returns the datagram's full length, and the data returned must
still be only what fits the buffer (CPython's makeval_recvmsg only shrinks).

PyPy's own socket.recvmsg aborts the interpreter on exactly this call (an
RPython AssertionError in str_from_buffer, then abort()).  That is what
killed a full PyPy run once with "Fatal Python error: Aborted" in
test_fuzz_msg.py's _recvmsg helper, whenever hypothesis drew MSG_TRUNC with a
payload longer than bufsize: the fuzz test no longer asks PyPy's module that
question, and the subprocess test below pins the cause down."""

import array
import os
import resource
import signal
import subprocess
import sys

import pytest

import sockffi
from socket_support import IS_PYPY, pypy_stdlib_differs

PAYLOAD = b"\x05!OVn-c\x97"  # the datagram of the reviewer's crash (8 bytes)


@pytest.mark.parametrize("bufsize", [0, 3, len(PAYLOAD) - 1])
def test_recvmsg_msg_trunc_returns_what_fits(mod, bufsize):
    pypy_stdlib_differs(mod, "its recvmsg aborts the interpreter on MSG_TRUNC")
    a, b = mod.socketpair(mod.AF_UNIX, mod.SOCK_DGRAM)
    with a, b:
        a.send(PAYLOAD)
        data, anc, flags, addr = b.recvmsg(bufsize, 64, mod.MSG_TRUNC)
        assert (data, anc, addr) == (PAYLOAD[:bufsize], [], None)
        assert flags & mod.MSG_TRUNC


def test_recvmsg_msg_trunc_with_fds(mod):
    pypy_stdlib_differs(mod, "its recvmsg aborts the interpreter on MSG_TRUNC")
    r, w = os.pipe()
    a, b = mod.socketpair(mod.AF_UNIX, mod.SOCK_DGRAM)
    try:
        with a, b:
            a.sendmsg([PAYLOAD], [(mod.SOL_SOCKET, mod.SCM_RIGHTS, array.array("i", [r, w]))])
            data, anc, flags, _ = b.recvmsg(2, mod.CMSG_SPACE(8), mod.MSG_TRUNC)
            assert data == PAYLOAD[:2] and flags & mod.MSG_TRUNC
            [(level, kind, fds)] = anc
            assert (level, kind, len(fds)) == (mod.SOL_SOCKET, mod.SCM_RIGHTS, 8)
            for fd in array.array("i", fds):
                os.close(fd)
    finally:
        os.close(r)
        os.close(w)


_SCRIPT = """
import sys
mod = __import__(sys.argv[1])
a, b = mod.socketpair(mod.AF_UNIX, mod.SOCK_DGRAM)
a.send({payload!r})
print(b.recvmsg(0, 0, mod.MSG_TRUNC | mod.MSG_DONTWAIT)[0], flush=True)
""".format(payload=PAYLOAD)


def _run(module: str) -> subprocess.CompletedProcess:
    """The reviewer's call in a child interpreter (no core file if it aborts)."""
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, module], capture_output=True, timeout=60,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)))


def test_sockffi_survives_the_call_that_aborts_pypy():
    done = _run("sockffi")  # in the SOCKFFI_MODE of this run
    assert (done.returncode, done.stdout) == (0, b"b''\n"), done.stderr


@pytest.mark.skipif(not IS_PYPY, reason="PyPy's own socket module")
def test_pypy_own_recvmsg_aborts_on_msg_trunc():
    done = _run("socket")
    assert done.returncode == -signal.SIGABRT and b"str_from_buffer" in done.stderr, (
        "PyPy's socket.recvmsg no longer aborts on MSG_TRUNC past the buffer: "
        "the PyPy guards in test_fuzz_msg.py and test_fuzz_socket.py can go", done)
