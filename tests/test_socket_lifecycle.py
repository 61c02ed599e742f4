"""A socket's life, against the stdlib: creation (incl. socket(fileno=...)
detection), attributes and enums, repr, weak references, pickling refused,
close/detach/dup, inheritability (PEP 446), the context manager, and the
finaliser's ResourceWarning."""

import copy
import errno
import gc
import os
import pickle
import warnings
import weakref

import pytest

import sockffi
from socket_support import IS_PYPY, pypy_stdlib_differs, tcp_pair


def _collect():
    for _ in range(3):
        gc.collect()


def test_attributes_are_enums(mod):
    with mod.socket(mod.AF_INET6, mod.SOCK_DGRAM) as s:
        assert s.family is mod.AddressFamily.AF_INET6
        assert s.type is mod.SocketKind.SOCK_DGRAM
        assert s.proto == 0 and type(s.proto) is int
        assert s.timeout is None and s.gettimeout() is None
        assert s.getblocking() is True


def test_unknown_type_stays_an_int(mod):
    # A type with no SocketKind member is returned as a plain int.
    fd = mod.socket(mod.AF_INET, mod.SOCK_DGRAM).detach()
    with mod.socket(mod.AF_INET, 0x7777, 0, fileno=fd) as s:
        assert s.type == 0x7777 and type(s.type) is int


def test_type_masks_nonblock_and_cloexec(mod):
    with mod.socket(mod.AF_INET, mod.SOCK_STREAM | mod.SOCK_NONBLOCK | mod.SOCK_CLOEXEC) as s:
        assert s.type is mod.SocketKind.SOCK_STREAM
        assert s.gettimeout() == 0.0 and s.getblocking() is False
        assert os.get_blocking(s.fileno()) is False


def test_fileno_detection(mod, tmp_path):
    cases = [(mod.AF_INET, mod.SOCK_STREAM, mod.IPPROTO_TCP),
             (mod.AF_INET6, mod.SOCK_DGRAM, mod.IPPROTO_UDP),
             (mod.AF_UNIX, mod.SOCK_SEQPACKET, 0)]
    for family, kind, proto in cases:
        with mod.socket(family, kind) as original:
            with mod.socket(fileno=os.dup(original.fileno())) as s:
                assert (s.family, s.type, s.proto) == (family, kind, proto)
                # Explicit values win over detection.
            with mod.socket(mod.AF_INET, mod.SOCK_DGRAM, 17,
                            fileno=os.dup(original.fileno())) as s:
                assert (s.family, s.type, s.proto) == (mod.AF_INET, mod.SOCK_DGRAM, 17)


def test_fileno_detection_of_the_protocol(mod):
    with mod.socket(mod.AF_INET, mod.SOCK_STREAM) as original:
        with mod.socket(fileno=original.detach()) as s:
            assert s.proto == mod.IPPROTO_TCP


def test_fileno_keeps_blocking_mode_when_no_default_timeout(mod):
    # With no default timeout the fd's O_NONBLOCK is left as it is.
    pypy_stdlib_differs(mod, "it makes the fd blocking")
    a, b = mod.socketpair()
    with a, b:
        os.set_blocking(a.fileno(), False)
        with mod.socket(fileno=os.dup(a.fileno())) as s:
            assert s.gettimeout() is None
            assert os.get_blocking(s.fileno()) is False


def test_default_timeout_applies_at_creation(mod):
    old = mod.getdefaulttimeout()
    mod.setdefaulttimeout(2.5)
    try:
        with mod.socket() as s:
            assert s.gettimeout() == 2.5
            assert os.get_blocking(s.fileno()) is False
        a, b = mod.socketpair()
        with a, b:
            assert a.gettimeout() == b.gettimeout() == 2.5
        with mod.socket(type=mod.SOCK_STREAM | mod.SOCK_NONBLOCK) as s:
            assert s.gettimeout() == 0.0
    finally:
        mod.setdefaulttimeout(old)
    with mod.socket() as s:
        assert s.gettimeout() is None


def test_repr(mod):
    with mod.socket(mod.AF_UNIX, mod.SOCK_STREAM) as s:
        text = repr(s)  # unbound AF_UNIX: getsockname() is '', so no laddr
        assert "fd=%i" % s.fileno() in text
        assert "family=%s" % mod.AF_UNIX in text and "type=%s" % mod.SOCK_STREAM in text
        assert "proto=0" in text and "laddr" not in text and "raddr" not in text
    with mod.socket(mod.AF_INET, mod.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        assert "laddr=%s" % (s.getsockname(),) in repr(s)
    assert "[closed]" in repr(s) and "fd=-1" in repr(s) and "laddr" not in repr(s)
    client, server = tcp_pair(mod)
    with client, server:
        assert "raddr=%s" % (server.getsockname(),) in repr(client)


def test_repr_names_the_class(mod):
    class Sub(mod.socket):
        pass
    with Sub() as s:
        assert repr(s).startswith("<%s.%s fd=" % (Sub.__module__, Sub.__qualname__))


def test_weakref(mod):
    s = mod.socket()
    ref = weakref.ref(s)
    proxy = weakref.proxy(s)
    assert proxy.fileno() == s.fileno()
    s.close()
    del s
    _collect()
    assert ref() is None
    with pytest.raises(ReferenceError):
        proxy.fileno()


def test_pickle_and_copy_refused(mod):
    with mod.socket() as s:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            with pytest.raises(TypeError, match="cannot pickle 'socket' object"):
                pickle.dumps(s, protocol)
        for protocol in (0, 1):  # copyreg's path: refused all the same
            with pytest.raises(TypeError):
                pickle.dumps(s, protocol)
        with pytest.raises(TypeError):
            copy.copy(s)


def test_no_instance_dict(mod):
    with mod.socket() as s:
        with pytest.raises(AttributeError):
            s.anything = 1
        for name in ("family", "type", "proto", "timeout"):
            with pytest.raises(AttributeError):
                setattr(s, name, 1)


def test_subclass_gets_a_dict(mod):
    class Sub(mod.socket):
        pass
    with Sub() as s:
        s.anything = 1
        assert s.anything == 1
        dup = s.dup()
        with dup:
            assert type(dup) is Sub


def test_close_is_idempotent_and_sets_fd_minus_one(mod):
    s = mod.socket()
    s.close()
    s.close()
    assert s.fileno() == -1
    with pytest.raises(OSError) as info:
        s.getsockname()
    assert info.value.errno == errno.EBADF


def test_close_reports_ebadf_when_fd_already_closed(mod):
    s = mod.socket()
    os.close(s.fileno())
    with pytest.raises(OSError) as info:
        s.close()
    assert info.value.errno == errno.EBADF
    assert s.fileno() == -1


def test_detach_returns_the_fd_unclosed(mod):
    s = mod.socket()
    fd = s.detach()
    assert s.fileno() == -1 and "[closed]" in repr(s)
    os.fstat(fd)  # still open
    s.close()  # does not close the detached fd
    os.fstat(fd)
    os.close(fd)


def test_context_manager(mod):
    with mod.socket() as s:
        assert s.__enter__() is s
    assert s.fileno() == -1
    s.__exit__(None, None, None)  # a closed socket's exit does nothing


def test_dup(mod):
    client, server = tcp_pair(mod)
    with client, server:
        client.settimeout(3.5)
        dup = client.dup()
        with dup:
            assert dup.fileno() != client.fileno()
            assert (dup.family, dup.type, dup.proto) == (client.family, client.type, client.proto)
            assert dup.gettimeout() == 3.5
            assert dup.get_inheritable() is False
            dup.sendall(b"via dup")
            assert server.recv(100) == b"via dup"
        client.sendall(b"still open")
        assert server.recv(100) == b"still open"


def test_inheritable_flags(mod):
    with mod.socket() as s:
        assert s.get_inheritable() is False  # PEP 446
        s.set_inheritable(True)
        assert s.get_inheritable() is True and os.get_inheritable(s.fileno())
        s.set_inheritable(False)
        assert s.get_inheritable() is False
    a, b = mod.socketpair()
    with a, b:
        assert a.get_inheritable() is False and b.get_inheritable() is False
    client, server = tcp_pair(mod)
    with client, server:
        assert server.get_inheritable() is False  # accept4(SOCK_CLOEXEC)


def test_accepted_socket_blocking_rule(mod):
    # bpo-7995: with no default timeout, the accepted socket is blocking
    # even when the listener has a timeout.
    with mod.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(5)
        with mod.create_connection(listener.getsockname()):
            conn, _ = listener.accept()
            with conn:
                assert conn.gettimeout() is None
                assert os.get_blocking(conn.fileno()) is True


def test_accept_inherits_default_timeout(mod):
    old = mod.getdefaulttimeout()
    with mod.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with mod.create_connection(listener.getsockname()):
            mod.setdefaulttimeout(1.5)
            try:
                conn, _ = listener.accept()
            finally:
                mod.setdefaulttimeout(old)
            with conn:
                assert conn.gettimeout() == 1.5


@pytest.mark.skipif(IS_PYPY, reason="PyPy runs finalisers at collection, not at last reference")
def test_finaliser_warns_and_closes(mod):
    s = mod.socket()
    fd = s.fileno()
    text = repr(s)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del s
        _collect()
    messages = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert len(messages) == 1
    assert str(messages[0].message) == "unclosed " + text
    with pytest.raises(OSError):
        os.fstat(fd)


def test_finaliser_warns_on_pypy_too():
    s = sockffi.socket()
    fd = s.fileno()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del s
        _collect()
    assert any(issubclass(w.category, ResourceWarning) for w in caught)
    with pytest.raises(OSError):
        os.fstat(fd)


def test_finaliser_silent_after_close_and_detach(mod):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = mod.socket()
        s.close()
        t = mod.socket()
        fd = t.detach()
        del s, t
        _collect()
    os.close(fd)
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_makefile_holds_the_socket_open(mod):
    client, server = tcp_pair(mod)
    with server:
        f = client.makefile("rwb")
        client.close()
        assert client.fileno() != -1  # the stream still references it
        f.write(b"line\n")
        f.flush()
        assert server.recv(100) == b"line\n"
        f.close()
        assert client.fileno() == -1


_AUDIT_SCRIPT = r"""
import sys
mod = __import__(sys.argv[1])
events = []
def hook(event, args):
    if event.startswith("socket."):  # (the addresses hold ports that change)
        events.append((event, [int(a) for a in args[1:]] if event == "socket.__new__" else []))
sys.addaudithook(hook)
listener = mod.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
client = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
client.connect(listener.getsockname())
conn, _ = listener.accept()
pair = mod.socketpair()
copy = client.dup()
other = mod.fromfd(conn.fileno(), mod.AF_INET, mod.SOCK_STREAM)
print(events)
"""


def test_audit_events_of_every_socket_made_match_the_stdlib():
    """socket.__new__ for accept()'s, socketpair()'s, dup()'s and fromfd()'s
    sockets too, with the same numbers (a process each: hooks stay)."""
    import subprocess
    import sys
    if not hasattr(sys, "addaudithook"):
        pytest.skip("no audit hooks")
    runs = [subprocess.run([sys.executable, "-c", _AUDIT_SCRIPT, name], capture_output=True,
                           text=True, timeout=60, env=dict(os.environ, PYTHONPATH=os.pathsep.join(
                               p for p in sys.path if p)))
            for name in ("socket", "sockffi")]
    assert [r.returncode for r in runs] == [0, 0], [r.stderr[-1000:] for r in runs]
    assert runs[1].stdout == runs[0].stdout
    assert runs[0].stdout.count("socket.__new__") == 7


def test_audit_events(mod):
    import sys
    if not hasattr(sys, "addaudithook"):
        pytest.skip("no audit hooks")
    seen = []

    def hook(event, args):
        if event.startswith("socket.") and event in ("socket.__new__", "socket.bind",
                                                     "socket.connect", "socket.sendto"):
            seen.append((event, type(args[0]).__module__ == mod.__name__
                         or isinstance(args[0], mod.socket)))
    sys.addaudithook(hook)  # hooks cannot be removed: this one only records
    before = len(seen)
    with mod.socket(mod.AF_INET, mod.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        s.connect(s.getsockname())
        s.sendto(b"x", s.getsockname())
    events = [e for e, _ in seen[before:]]
    assert events == ["socket.__new__", "socket.bind", "socket.connect", "socket.sendto"]
