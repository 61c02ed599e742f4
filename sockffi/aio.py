"""Batch datagrams for asyncio's selector event loop.

New code, in place of `loop.create_datagram_endpoint(...)` (same arguments,
same result):

    transport, protocol = await sockffi.aio.create_datagram_endpoint(
        MyProtocol, local_addr=("0.0.0.0", 9999))

An existing program, with one line before its loop starts (or
`python -m sockffi run --aio program.py`):

    sockffi.aio.install()   # every create_datagram_endpoint: batch transport

The transport (sockffi._aio_datagram.BatchDatagramTransport) reads with one
recvmmsg per readiness event and sends what one loop iteration queued with
one sendmmsg (UDP GSO for equal-sized runs to one peer).  A protocol with a
`datagrams_received(list_of_(data, addr))` method gets each batch in one
call instead of one datagram_received call per datagram.

The stdlib's create_datagram_endpoint does all the argument handling
(resolution, reuse_port, allow_broadcast, sock=, AF_UNIX); only the
transport it builds at the end is ours.  Other loops (uvloop, the proactor)
keep their own transports.
"""

from __future__ import annotations

import contextvars
from asyncio import get_running_loop, selector_events
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Any, Callable, Optional, Tuple

from ._aio_datagram import BatchDatagramTransport, make_transport, HAVE_BATCH

__all__ = ["create_datagram_endpoint", "install", "uninstall", "installed",
           "BatchDatagramTransport", "HAVE_BATCH"]

_Loop = selector_events.BaseSelectorEventLoop
_stdlib_make = _Loop._make_datagram_transport
_installed = False
_wanted: contextvars.ContextVar = contextvars.ContextVar("sockffi_aio_batch", default=False)


def _make_datagram_transport(self, sock, protocol, address=None, waiter=None, extra=None):
    """The selector loop's transport factory: ours while installed or for
    a create_datagram_endpoint of this module, else the stdlib's."""
    if _installed or _wanted.get():
        return make_transport(self, sock, protocol, address, waiter, extra)
    return _stdlib_make(self, sock, protocol, address, waiter, extra)


def _hook() -> None:
    # Idempotent, and inert (the stdlib's factory) unless asked for.
    if _Loop._make_datagram_transport is not _make_datagram_transport:
        _Loop._make_datagram_transport = _make_datagram_transport


async def create_datagram_endpoint(protocol_factory: Callable[[], Any],
                                   local_addr: Optional[Any] = None,
                                   remote_addr: Optional[Any] = None,
                                   **kwargs: Any) -> Tuple[Any, Any]:
    """loop.create_datagram_endpoint() of the running loop, returning the
    batch transport where that loop is a selector loop."""
    loop = get_running_loop()
    _hook()
    token = _wanted.set(True)
    try:
        return await loop.create_datagram_endpoint(
            protocol_factory, local_addr, remote_addr, **kwargs)
    finally:
        _wanted.reset(token)


def install() -> None:
    """From now on every selector loop's create_datagram_endpoint returns
    the batch transport.  Idempotent."""
    global _installed
    _hook()
    _installed = True


def uninstall() -> None:
    """The stdlib's transport again for endpoints created from now on (the
    class keeps the inert hook, so a create_datagram_endpoint of this
    module still in progress is unaffected)."""
    global _installed
    _installed = False


def installed() -> bool:
    """True between install() and uninstall()."""
    return _installed
