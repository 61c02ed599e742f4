# The public interface of sockffi.aio (batch datagrams for asyncio), as a
# type checker sees it; the implementation is sockffi/aio.py and
# sockffi/_aio_datagram.py.
from asyncio import AbstractEventLoop, BaseProtocol, DatagramTransport, Future
from typing import Any, Callable, Mapping, Optional, Tuple, TypeVar, Union

_ProtocolT = TypeVar("_ProtocolT", bound=BaseProtocol)

__all__ = ["create_datagram_endpoint", "install", "uninstall", "installed",
           "BatchDatagramTransport", "HAVE_BATCH"]

HAVE_BATCH: bool

class BatchDatagramTransport(DatagramTransport):
    """A DatagramTransport reading with recvmmsg and writing with sendmmsg."""

    udp_gro: bool
    udp_gso: bool
    max_size: int
    # Made by the loop's transport factory (create_datagram_endpoint), as
    # the stdlib's own datagram transport is.
    def __init__(self, loop: AbstractEventLoop, sock: Any, protocol: BaseProtocol,
                 address: Optional[Any] = None, waiter: Optional[Future[None]] = None,
                 extra: Optional[Mapping[str, Any]] = None) -> None: ...
    def sendto(self, data: Union[bytes, bytearray, memoryview], addr: Any = None) -> None: ...
    def get_write_buffer_size(self) -> int: ...
    def set_protocol(self, protocol: Any) -> None: ...
    def resume_reading(self) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...

async def create_datagram_endpoint(protocol_factory: Callable[[], _ProtocolT],
                                   local_addr: Optional[Any] = None,
                                   remote_addr: Optional[Any] = None,
                                   **kwargs: Any) -> Tuple[DatagramTransport, _ProtocolT]: ...
def install() -> None: ...
def uninstall() -> None: ...
def installed() -> bool: ...
