"""Calls in flight: what makes close() safe while another thread is inside a
call on the same socket.

Linux does not wake a thread blocked in recv/accept when another thread
closes the fd, and the number goes to the next socket at once: a call that
read it before close() would land on someone else's socket.  So every call
that can block registers in the socket's `_ops` list (list append/pop are
atomic) before it reads `_fd`.  close() sets `_fd` to -1 (new calls get
EBADF) and, with calls in flight, shuts the socket down to wake them instead
of closing it; the last call out closes the fd.  The lock is only taken by
close(), detach() and a call leaving a closed socket.  With nothing in
flight, close() is the plain close(2).

A call that was in flight when the socket was closed keeps what it really
got (bytes sent, data, a connection, descriptors); a failure, or a read the
shutdown ended (nothing received), becomes EBADF, as for any call on a
closed socket.  Calls that cannot block (options, names, bind, listen,
shutdown, blocking mode, dup) are not registered: they read the number right
before their C call, as the stdlib's module does.

The protocol is written out once, in REGISTERED_CALL below.  Methods off
the hot paths take it through `registered()` (a wrapper frame); the hot
data methods (recv, send, ...) have it compiled around their bodies by
`hot_method()`, from the same text, because a wrapper frame costs them
1-3% per call (see benchmarks: socketpair ping-pong).
"""

from __future__ import annotations

import marshal
import os
import sys
from _thread import allocate_lock
from errno import EBADF, ECONNRESET
from functools import update_wrapper
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional

from ._binding import ffi, lib, CONSTANTS
from ._errors import os_error

SHUT_RDWR = CONSTANTS["SHUT_RDWR"]

_close_lock = allocate_lock()
# Its methods bound once: `with _close_lock:` binds __enter__ and __exit__
# anew each time, about 1,000 instructions more per use than these (a
# close() was 15,076 instructions with it, callgrind, CPython 3.11).  Bound
# again with the new lock after a fork.
_lock, _unlock = _close_lock.acquire, _close_lock.release

# The descriptors close() had to leave open for calls in flight, by socket
# id (kept out of the socket object: one slot less on every socket; by id,
# so a subclass's __eq__/__hash__ plays no part).
_left_open: Dict[int, Any] = {}

# A call in flight is an item in _ops: the process generation it started in.
# A forked child has only the thread that forked, so the calls of the
# parent's other threads are not in flight there: the child counts only the
# items of its own generation, and its close() is the plain close(2), not
# the shutdown that would end the parent's connection under it.  (Items are
# popped from the end: each thread pops after its own append, so a child's
# pops never take the parent's items, which stay at the front.)
_generation = 0

# A socket's _ops starts with these four Nones, which no call ever pops (each
# pops only its own item, from the end).  An empty list reallocates its
# items on every append and again on every pop, which was 760 of a
# socketpair round trip's 6,669 instructions (callgrind, CPython 3.11):
# above four items it stays at eight slots.  (No None is a generation, so
# `_generation in ops` counts only calls.)
_PADDING = (None,) * 4

# Module namespaces that hot methods were compiled into: they read
# _generation as a global of their own, updated here after a fork.
_namespaces: List[dict] = []


def _forget_calls_in_flight() -> None:
    global _close_lock, _lock, _unlock, _generation
    _generation += 1
    for namespace in _namespaces:
        namespace["_generation"] = _generation
    _close_lock = allocate_lock()  # perhaps held by a thread that is gone
    _lock, _unlock = _close_lock.acquire, _close_lock.release
    entries = list(_left_open.values())
    _left_open.clear()
    for sock, fd in entries:
        lib.close(fd)  # the child's copy, left open for the parent's calls


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_calls_in_flight)


def failed_after_close(sock, entered: int, exc: BaseException) -> None:
    """A call failed on a socket closed while it ran: EBADF, as the stdlib
    gives for any call on a closed socket (the shutdown woke it)."""
    sock._last_out()
    if entered != -1 and isinstance(exc, Exception):
        raise os_error(EBADF) from exc


def returned_after_close(sock, entered: int, result, empty: Optional[Callable]):
    """A call returned on a socket closed while it ran: its result, unless
    `empty(result)` says it is the shutdown's end-of-file."""
    sock._last_out()
    if entered != -1 and empty is not None and empty(result):
        raise os_error(EBADF)
    return result


# What counts as "nothing received" per kind of result.
def nothing(result) -> bool:
    return not result


def nothing_first(result) -> bool:
    return not result[0]


def nothing_and_no_ancillary(result) -> bool:
    return not result[0] and not result[1]


# The protocol around a call, as text: `registered()` runs it around a
# method, `hot_method()` around an inline body.
REGISTERED_CALL = """\
def {name}(self, {params}):
{before}
    ops = self._ops
    if ops is None:
        ops = self._in_flight()
    ops.append(_generation)
    fd = self._fd  # read after registering: close() sees us, or we see -1
    try:
{body}
    except BaseException as exc:
{on_error}
        ops.pop()
        if self._fd == -1:
            _failed_after_close(self, fd, exc)
        raise
    ops.pop()
    if self._fd == -1:
        return _returned_after_close(self, fd, result, {empty})
    return result
"""

_PROTOCOL_NAMES = {
    "_failed_after_close": failed_after_close,
    "_returned_after_close": returned_after_close,
    "_nothing": nothing,
    "_nothing_first": nothing_first,
    "_nothing_and_no_ancillary": nothing_and_no_ancillary,
}


def _indented(code: str, depth: int) -> str:
    import textwrap  # (only when a method is compiled, not loaded from the cache)
    return textwrap.indent(textwrap.dedent(code).strip("\n"), " " * depth) or " " * depth + "pass"


# The compiled methods are kept as marshalled code in __pycache__, as
# import keeps a module's: compiling them costs about 7 ms at every import
# (python -m benchmarks: import_time), loading them a fraction of one.  One
# file holds them all, each under its name with everything it is made from
# (its key), read in one call: marshal.load() on a file reads piece by piece,
# and 18 files read that way cost 1 ms of every import (callgrind).
_CACHE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                           f"inflight.{sys.implementation.cache_tag}.bin")
_cache: Optional[dict] = None  # {filename: (key, code)}, read on first use


def _cached() -> dict:
    global _cache
    if _cache is None:
        try:
            with open(_CACHE_PATH, "rb") as cached:
                _cache = marshal.loads(cached.read())
            if not isinstance(_cache, dict):
                _cache = {}
        except (OSError, EOFError, ValueError, TypeError):
            _cache = {}
    return _cache


def _code(name: str, params: str, body: str, before: str, on_error: str, empty: str,
          filename: str):
    key = repr((REGISTERED_CALL, name, params, body, before, on_error, empty))
    cache = _cached()
    entry = cache.get(filename)
    if type(entry) is tuple and len(entry) == 2 and entry[0] == key:
        return entry[1]
    source = REGISTERED_CALL.format(
        name=name, params=params, before=_indented(before, 4),
        body=_indented(body, 8), on_error=_indented(on_error, 8), empty=empty)
    code = compile(source, filename, "exec")
    cache[filename] = (key, code)  # (a method changed: its old entry goes)
    try:  # written whole or not at all: another process may be reading
        os.makedirs(os.path.dirname(_CACHE_PATH), exist_ok=True)
        partial = f"{_CACHE_PATH}.{os.getpid()}"
        with open(partial, "wb") as out:
            out.write(marshal.dumps(cache))
        os.replace(partial, _CACHE_PATH)
    except OSError:
        pass  # a read-only install compiles at every import
    return code


def _compile(name: str, params: str, body: str, before: str, on_error: str,
             empty: str, namespace: dict, qualname: str, doc: Optional[str]):
    if namespace not in _namespaces:
        _namespaces.append(namespace)
        namespace["_generation"] = _generation
        namespace.update(_PROTOCOL_NAMES)
    compiled: dict = {}
    exec(_code(name, params, body, before, on_error, empty,
               f"<sockffi calls in flight: {qualname}>"), namespace, compiled)
    function = compiled[name]
    function.__qualname__ = qualname
    function.__module__ = namespace["__name__"]
    function.__doc__ = doc
    return function


def hot_method(owner: str, name: str, params: str, body: str, *, namespace: dict,
               before: str = "", on_error: str = "", empty: str = "None",
               doc: Optional[str] = None):
    """A method `name(self, params)` that runs `body` (which sets `result`,
    and may use `fd`) as a registered call in flight, with `before` run
    ahead of the registration and `on_error` when the body raises.  Names
    in the code are the globals of `namespace` (the calling module's)."""
    return _compile(name, params, body, before, on_error, empty, namespace,
                    f"{owner}.{name}", doc)


def registered(empty: Optional[Callable] = None):
    """A decorator: the method as a registered call in flight (for the calls
    off the hot paths: accept, connect, messages, batch I/O, sendfile)."""
    def wrap(method):
        namespace = {"__name__": method.__module__, "method": method, "empty": empty}
        params, args = _forwarding(method.__code__)
        wrapper = _compile(method.__name__, params, f"result = method(self, {args})",
                           "", "", "empty", namespace, method.__qualname__, None)
        if params != _PACKED:
            wrapper.__defaults__ = method.__defaults__
        return update_wrapper(wrapper, method)
    return wrap


_PACKED = "*args, **kwargs"
# Names the wrapper's code uses itself: a parameter of the same name would
# shadow them, so such a method is forwarded packed.
_TEMPLATE_NAMES = frozenset({"self", "ops", "fd", "result", "exc", "method", "empty",
                             "_generation", *_PROTOCOL_NAMES})


def _forwarding(code) -> tuple:
    """The wrapper's parameters and the call's arguments: the method's own
    positional parameters where it has only those (no packing of *args and
    **kwargs: a tenth of connect + accept, callgrind), else *args, **kwargs."""
    names = code.co_varnames[1:code.co_argcount]
    if (code.co_kwonlyargcount or code.co_flags & 0x0C  # CO_VARARGS | CO_VARKEYWORDS
            or _TEMPLATE_NAMES.intersection(names)):
        return _PACKED, _PACKED
    params = list(names)
    if code.co_posonlyargcount > 1:
        params.insert(code.co_posonlyargcount - 1, "/")
    return ", ".join(params), ", ".join(names)


class InFlight:
    """The socket's side of the protocol: its list of calls in flight, and
    the closing that respects them."""

    __slots__ = ()

    def _in_flight(self) -> list:
        """self._ops, made on a socket's first call that can block (an idle
        socket does not carry it)."""
        _lock()
        try:
            ops = self._ops
            if ops is None:
                ops = self._ops = list(_PADDING)
        finally:
            _unlock()
        return ops

    def _real_close(self, _close=lib.close, _shutdown=lib.shutdown) -> None:
        # New calls get EBADF from here on, a call in flight is woken, and
        # the last one out closes the fd.
        _lock()
        try:
            fd = self._fd
            self._fd = -1
            if fd == -1:
                return
            ops = self._ops
            if ops is not None and _generation in ops:
                _left_open[id(self)] = (self, fd)
                _shutdown(fd, SHUT_RDWR)
                return
        finally:
            _unlock()
        # No retry on EINTR: the fd is gone either way (see close(2)).
        if _close(fd) < 0:
            err = ffi.errno
            if err != ECONNRESET:  # the peer may have reset already
                raise os_error(err)

    def _last_out(self, _close=lib.close) -> None:
        """A call leaves a closed socket: if no other call is in flight,
        close the fd that close() had to leave open."""
        _lock()
        try:
            ops = self._ops
            if ops is not None and _generation in ops:
                return
            entry = _left_open.pop(id(self), None)
        finally:
            _unlock()
        if entry is not None:
            _close(entry[1])

    def detach(self) -> int:
        """detach() -> file descriptor

        Close the socket object without closing the underlying file
        descriptor.  The object cannot be used after this call, but the
        file descriptor can be reused for other purposes.  The file
        descriptor is returned."""
        self._closed = True
        _lock()
        try:
            fd = self._fd  # -1 when closed already (its fd goes with the last call in flight)
            self._fd = -1
        finally:
            _unlock()
        return fd
