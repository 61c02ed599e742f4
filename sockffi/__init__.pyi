# The static face of sockffi: the types typeshed gives the stdlib's `socket`
# module (stdlib/socket.pyi, _socket.pyi), so code typed against `socket`
# checks unchanged against `import sockffi as socket`, plus sockffi's own
# names.  The constants and enums exist only at run time (from the platform
# tables); their declarations at the end are generated from the same tables
# by tools/gen_stubs.py: edit there, not here.

import socket as _stdlib_socket
from _typeshed import ReadableBuffer, Unused, WriteableBuffer
from collections.abc import Iterable
from enum import IntEnum, IntFlag
from io import BufferedReader, BufferedRWPair, BufferedWriter, IOBase, RawIOBase, TextIOWrapper
from typing import Any, Final, Literal, NamedTuple, Protocol, SupportsIndex, overload, type_check_only

from typing_extensions import Self, TypeAlias

__version__: str
MODE: Literal["api", "abi"]

_Address: TypeAlias = tuple[Any, ...] | str | ReadableBuffer
_RetAddress: TypeAlias = Any
_CMSG: TypeAlias = tuple[int, int, bytes]
_CMSGArg: TypeAlias = tuple[int, int, ReadableBuffer]

# The exception classes are the stdlib's own (or, for timeout on 3.9, a
# subclass of both of the stdlib's), so `except` clauses written for either
# module catch both.
error = OSError
timeout = TimeoutError
from socket import gaierror as gaierror, herror as herror

CAPI: object  # the stdlib's capsule, re-exported on CPython
has_ipv6: bool

@type_check_only
class _SendableFile(Protocol):
    def read(self, size: int, /) -> bytes: ...
    def seek(self, offset: int, /) -> object: ...

class socket:
    def __init__(
        self, family: AddressFamily | int = -1, type: SocketKind | int = -1, proto: int = -1, fileno: int | None = None
    ) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *args: Unused) -> None: ...
    @property
    def family(self) -> AddressFamily: ...
    @property
    def type(self) -> SocketKind: ...
    @property
    def proto(self) -> int: ...
    @property
    def timeout(self) -> float | None: ...
    def dup(self) -> Self: ...
    def accept(self) -> tuple[socket, _RetAddress]: ...
    def bind(self, address: _Address, /) -> None: ...
    def close(self) -> None: ...
    def connect(self, address: _Address, /) -> None: ...
    def connect_ex(self, address: _Address, /) -> int: ...
    def detach(self) -> int: ...
    def fileno(self) -> int: ...
    def getpeername(self) -> _RetAddress: ...
    def getsockname(self) -> _RetAddress: ...
    @overload
    def getsockopt(self, level: int, optname: int, /) -> int: ...
    @overload
    def getsockopt(self, level: int, optname: int, buflen: int, /) -> bytes: ...
    def getblocking(self) -> bool: ...
    def gettimeout(self) -> float | None: ...
    def get_inheritable(self) -> bool: ...
    def set_inheritable(self, inheritable: bool) -> None: ...
    def listen(self, backlog: int = ..., /) -> None: ...
    def recv(self, bufsize: int, flags: int = 0, /) -> bytes: ...
    def recvfrom(self, bufsize: int, flags: int = 0, /) -> tuple[bytes, _RetAddress]: ...
    def recvmsg(self, bufsize: int, ancbufsize: int = 0, flags: int = 0, /) -> tuple[bytes, list[_CMSG], int, Any]: ...
    def recvmsg_into(
        self, buffers: Iterable[WriteableBuffer], ancbufsize: int = 0, flags: int = 0, /
    ) -> tuple[int, list[_CMSG], int, Any]: ...
    def recvfrom_into(self, buffer: WriteableBuffer, nbytes: int = 0, flags: int = 0) -> tuple[int, _RetAddress]: ...
    def recv_into(self, buffer: WriteableBuffer, nbytes: int = 0, flags: int = 0) -> int: ...
    def send(self, data: ReadableBuffer, flags: int = 0, /) -> int: ...
    def sendall(self, data: ReadableBuffer, flags: int = 0, /) -> None: ...
    @overload
    def sendto(self, data: ReadableBuffer, address: _Address, /) -> int: ...
    @overload
    def sendto(self, data: ReadableBuffer, flags: int, address: _Address, /) -> int: ...
    def sendmsg(
        self,
        buffers: Iterable[ReadableBuffer],
        ancdata: Iterable[_CMSGArg] = ...,
        flags: int = 0,
        address: _Address | None = None,
        /,
    ) -> int: ...
    def sendmsg_afalg(
        self, msg: Iterable[ReadableBuffer] = ..., *, op: int, iv: Any = ..., assoclen: int = ..., flags: int = 0
    ) -> int: ...
    def sendfile(self, file: _SendableFile, offset: int = 0, count: int | None = None) -> int: ...
    def setblocking(self, flag: bool, /) -> None: ...
    def settimeout(self, value: float | None, /) -> None: ...
    @overload
    def setsockopt(self, level: int, optname: int, value: int | ReadableBuffer, /) -> None: ...
    @overload
    def setsockopt(self, level: int, optname: int, value: None, optlen: int, /) -> None: ...
    def shutdown(self, how: int, /) -> None: ...
    # makefile: the IO type follows the mode and buffering, as in the stdlib.
    @overload
    def makefile(
        self,
        mode: Literal["b", "rb", "br", "wb", "bw", "rwb", "rbw", "wrb", "wbr", "brw", "bwr"],
        buffering: Literal[0],
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> SocketIO: ...
    @overload
    def makefile(
        self,
        mode: Literal["rwb", "rbw", "wrb", "wbr", "brw", "bwr"],
        buffering: Literal[-1, 1] | None = None,
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> BufferedRWPair: ...
    @overload
    def makefile(
        self,
        mode: Literal["rb", "br"],
        buffering: Literal[-1, 1] | None = None,
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> BufferedReader: ...
    @overload
    def makefile(
        self,
        mode: Literal["wb", "bw"],
        buffering: Literal[-1, 1] | None = None,
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> BufferedWriter: ...
    @overload
    def makefile(
        self,
        mode: Literal["b", "rb", "br", "wb", "bw", "rwb", "rbw", "wrb", "wbr", "brw", "bwr"],
        buffering: int,
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> IOBase: ...
    @overload
    def makefile(
        self,
        mode: Literal["r", "w", "rw", "wr", ""] = "r",
        buffering: int | None = None,
        *,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> TextIOWrapper: ...
    # Beyond the stdlib: batch datagram I/O (recvmmsg/sendmmsg).
    def recvmmsg(
        self, count: int, bufsize: int, flags: int = 0, timeout: float | None = None
    ) -> list[tuple[bytes, _RetAddress]]: ...
    def recvmmsg_into(self, buffers: Iterable[WriteableBuffer], flags: int = 0) -> list[tuple[int, _RetAddress]]: ...
    def sendmmsg(self, messages: Iterable[ReadableBuffer | tuple[ReadableBuffer, _Address]], flags: int = 0) -> int: ...

SocketType = socket

class SocketIO(RawIOBase):
    def __init__(self, sock: socket, mode: Literal["r", "w", "rw", "rb", "wb", "rwb"]) -> None: ...
    def readinto(self, b: WriteableBuffer) -> int | None: ...
    def write(self, b: ReadableBuffer) -> int | None: ...
    @property
    def name(self) -> int: ...
    @property
    def mode(self) -> Literal["rb", "wb", "rwb"]: ...

def socketpair(
    family: int | AddressFamily | None = None, type: SocketKind | int = ..., proto: int = 0
) -> tuple[socket, socket]: ...
def fromfd(fd: SupportsIndex, family: AddressFamily | int, type: SocketKind | int, proto: int = 0) -> socket: ...
def dup(fd: SupportsIndex, /) -> int: ...
def close(fd: SupportsIndex, /) -> None: ...
def getdefaulttimeout() -> float | None: ...
def setdefaulttimeout(timeout: float | None) -> None: ...
def create_connection(
    address: tuple[str | None, bytes | str | int | None],
    timeout: float | None = ...,
    source_address: _Address | None = None,
    *,
    all_errors: bool = False,
) -> socket: ...
def create_server(
    address: _Address, *, family: int = ..., backlog: int | None = None, reuse_port: bool = False, dualstack_ipv6: bool = False
) -> socket: ...
def has_dualstack_ipv6() -> bool: ...
def send_fds(
    sock: socket, buffers: Iterable[ReadableBuffer], fds: Iterable[int], flags: Unused = 0, address: Unused = None
) -> int: ...
def recv_fds(sock: socket, bufsize: int, maxfds: int, flags: int = 0) -> tuple[bytes, list[int], int, Any]: ...

# Names and addresses.
_GetAddrInfoResult: TypeAlias = list[
    tuple[Literal[AddressFamily.AF_INET], SocketKind, int, str, tuple[str, int]]
    | tuple[Literal[AddressFamily.AF_INET6], SocketKind, int, str, tuple[str, int, int, int] | tuple[int, bytes]]
]

def getaddrinfo(
    host: bytes | str | None, port: bytes | str | int | None, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
) -> _GetAddrInfoResult: ...
def getnameinfo(sockaddr: tuple[str, int] | tuple[str, int, int, int] | tuple[int, bytes], flags: int, /) -> tuple[str, str]: ...
def gethostbyname(hostname: str, /) -> str: ...
def gethostbyname_ex(hostname: str, /) -> tuple[str, list[str], list[str]]: ...
def gethostbyaddr(ip_address: str, /) -> tuple[str, list[str], list[str]]: ...
def gethostname() -> str: ...
def sethostname(name: str, /) -> None: ...
def getfqdn(name: str = "") -> str: ...
def getservbyname(servicename: str, protocolname: str = ..., /) -> int: ...
def getservbyport(port: int, protocolname: str = ..., /) -> str: ...
def getprotobyname(protocolname: str, /) -> int: ...
def if_nameindex() -> list[tuple[int, str]]: ...
def if_nametoindex(if_name: str, /) -> int: ...
def if_indextoname(if_index: int, /) -> str: ...

# Byte order and address conversion.
def htons(x: int, /) -> int: ...
def ntohs(x: int, /) -> int: ...
def htonl(x: int, /) -> int: ...
def ntohl(x: int, /) -> int: ...
def inet_aton(string: str, /) -> bytes: ...
def inet_ntoa(packed_ip: ReadableBuffer, /) -> str: ...
def inet_pton(address_family: int, ip_string: str, /) -> bytes: ...
def inet_ntop(address_family: int, packed_ip: ReadableBuffer, /) -> str: ...
def CMSG_LEN(length: int, /) -> int: ...
def CMSG_SPACE(length: int, /) -> int: ...

# Beyond the stdlib: TCP_INFO, whole-program use, handing sockets over.
def tcp_info(sock: socket | _stdlib_socket.socket) -> TCPInfo: ...
def install(tls: bool = True) -> None: ...
def uninstall() -> None: ...
def installed() -> bool: ...
def from_stdlib(sock: _stdlib_socket.socket) -> socket: ...
def to_stdlib(sock: socket) -> _stdlib_socket.socket: ...

__all__ = [
    "MODE", "error", "timeout", "herror", "gaierror",
    "socket", "SocketType", "socketpair", "getdefaulttimeout", "setdefaulttimeout",
    "htons", "ntohs", "htonl", "ntohl", "inet_aton", "inet_ntoa", "inet_pton", "inet_ntop",
    "CMSG_LEN", "CMSG_SPACE",
    "getaddrinfo", "getnameinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
    "gethostname", "sethostname", "getfqdn", "getservbyname", "getservbyport",
    "getprotobyname",
    "if_nameindex", "if_nametoindex", "if_indextoname",
    "create_connection", "create_server", "has_dualstack_ipv6", "has_ipv6",
    "fromfd", "dup", "close", "send_fds", "recv_fds", "CAPI",
]

# BEGIN GENERATED by tools/gen_stubs.py from sockffi/_abi/*_values.py,
# sockffi/_constants.py and sockffi/_tcpinfo.py: do not edit by hand.

class AddressFamily(IntEnum):
    AF_ALG = 38
    AF_APPLETALK = 5
    AF_ASH = 18
    AF_ATMPVC = 8
    AF_ATMSVC = 20
    AF_AX25 = 3
    AF_BLUETOOTH = 31
    AF_BRIDGE = 7
    AF_CAIF = 37
    AF_CAN = 29
    AF_ECONET = 19
    AF_IB = 27
    AF_IEEE802154 = 36
    AF_INET = 2
    AF_INET6 = 10
    AF_IPX = 4
    AF_IRDA = 23
    AF_ISDN = 34
    AF_IUCV = 32
    AF_KCM = 41
    AF_KEY = 15
    AF_LLC = 26
    AF_MCTP = 45
    AF_MPLS = 28
    AF_NETBEUI = 13
    AF_NETLINK = 16
    AF_NETROM = 6
    AF_NFC = 39
    AF_PACKET = 17
    AF_PHONET = 35
    AF_PPPOX = 24
    AF_QIPCRTR = 42
    AF_RDS = 21
    AF_ROSE = 11
    AF_ROUTE = 16
    AF_RXRPC = 33
    AF_SECURITY = 14
    AF_SMC = 43
    AF_SNA = 22
    AF_TIPC = 30
    AF_UNIX = 1
    AF_UNSPEC = 0
    AF_VSOCK = 40
    AF_WANPIPE = 25
    AF_X25 = 9
    AF_XDP = 44

AF_ALG: Final = AddressFamily.AF_ALG
AF_APPLETALK: Final = AddressFamily.AF_APPLETALK
AF_ASH: Final = AddressFamily.AF_ASH
AF_ATMPVC: Final = AddressFamily.AF_ATMPVC
AF_ATMSVC: Final = AddressFamily.AF_ATMSVC
AF_AX25: Final = AddressFamily.AF_AX25
AF_BLUETOOTH: Final = AddressFamily.AF_BLUETOOTH
AF_BRIDGE: Final = AddressFamily.AF_BRIDGE
AF_CAIF: Final = AddressFamily.AF_CAIF
AF_CAN: Final = AddressFamily.AF_CAN
AF_ECONET: Final = AddressFamily.AF_ECONET
AF_IB: Final = AddressFamily.AF_IB
AF_IEEE802154: Final = AddressFamily.AF_IEEE802154
AF_INET: Final = AddressFamily.AF_INET
AF_INET6: Final = AddressFamily.AF_INET6
AF_IPX: Final = AddressFamily.AF_IPX
AF_IRDA: Final = AddressFamily.AF_IRDA
AF_ISDN: Final = AddressFamily.AF_ISDN
AF_IUCV: Final = AddressFamily.AF_IUCV
AF_KCM: Final = AddressFamily.AF_KCM
AF_KEY: Final = AddressFamily.AF_KEY
AF_LLC: Final = AddressFamily.AF_LLC
AF_MCTP: Final = AddressFamily.AF_MCTP
AF_MPLS: Final = AddressFamily.AF_MPLS
AF_NETBEUI: Final = AddressFamily.AF_NETBEUI
AF_NETLINK: Final = AddressFamily.AF_NETLINK
AF_NETROM: Final = AddressFamily.AF_NETROM
AF_NFC: Final = AddressFamily.AF_NFC
AF_PACKET: Final = AddressFamily.AF_PACKET
AF_PHONET: Final = AddressFamily.AF_PHONET
AF_PPPOX: Final = AddressFamily.AF_PPPOX
AF_QIPCRTR: Final = AddressFamily.AF_QIPCRTR
AF_RDS: Final = AddressFamily.AF_RDS
AF_ROSE: Final = AddressFamily.AF_ROSE
AF_ROUTE: Final = AddressFamily.AF_ROUTE
AF_RXRPC: Final = AddressFamily.AF_RXRPC
AF_SECURITY: Final = AddressFamily.AF_SECURITY
AF_SMC: Final = AddressFamily.AF_SMC
AF_SNA: Final = AddressFamily.AF_SNA
AF_TIPC: Final = AddressFamily.AF_TIPC
AF_UNIX: Final = AddressFamily.AF_UNIX
AF_UNSPEC: Final = AddressFamily.AF_UNSPEC
AF_VSOCK: Final = AddressFamily.AF_VSOCK
AF_WANPIPE: Final = AddressFamily.AF_WANPIPE
AF_X25: Final = AddressFamily.AF_X25
AF_XDP: Final = AddressFamily.AF_XDP

class SocketKind(IntEnum):
    SOCK_CLOEXEC = 524288
    SOCK_DCCP = 6
    SOCK_DGRAM = 2
    SOCK_NONBLOCK = 2048
    SOCK_PACKET = 10
    SOCK_RAW = 3
    SOCK_RDM = 4
    SOCK_SEQPACKET = 5
    SOCK_STREAM = 1

SOCK_CLOEXEC: Final = SocketKind.SOCK_CLOEXEC
SOCK_DCCP: Final = SocketKind.SOCK_DCCP
SOCK_DGRAM: Final = SocketKind.SOCK_DGRAM
SOCK_NONBLOCK: Final = SocketKind.SOCK_NONBLOCK
SOCK_PACKET: Final = SocketKind.SOCK_PACKET
SOCK_RAW: Final = SocketKind.SOCK_RAW
SOCK_RDM: Final = SocketKind.SOCK_RDM
SOCK_SEQPACKET: Final = SocketKind.SOCK_SEQPACKET
SOCK_STREAM: Final = SocketKind.SOCK_STREAM

class MsgFlag(IntFlag):
    MSG_BATCH = 262144
    MSG_CMSG_CLOEXEC = 1073741824
    MSG_CONFIRM = 2048
    MSG_CTRUNC = 8
    MSG_DONTROUTE = 4
    MSG_DONTWAIT = 64
    MSG_EOR = 128
    MSG_ERRQUEUE = 8192
    MSG_FASTOPEN = 536870912
    MSG_FIN = 512
    MSG_MORE = 32768
    MSG_NOSIGNAL = 16384
    MSG_OOB = 1
    MSG_PEEK = 2
    MSG_PROXY = 16
    MSG_RST = 4096
    MSG_SYN = 1024
    MSG_TRUNC = 32
    MSG_WAITALL = 256
    MSG_WAITFORONE = 65536
    MSG_ZEROCOPY = 67108864

MSG_BATCH: Final = MsgFlag.MSG_BATCH
MSG_CMSG_CLOEXEC: Final = MsgFlag.MSG_CMSG_CLOEXEC
MSG_CONFIRM: Final = MsgFlag.MSG_CONFIRM
MSG_CTRUNC: Final = MsgFlag.MSG_CTRUNC
MSG_DONTROUTE: Final = MsgFlag.MSG_DONTROUTE
MSG_DONTWAIT: Final = MsgFlag.MSG_DONTWAIT
MSG_EOR: Final = MsgFlag.MSG_EOR
MSG_ERRQUEUE: Final = MsgFlag.MSG_ERRQUEUE
MSG_FASTOPEN: Final = MsgFlag.MSG_FASTOPEN
MSG_FIN: Final = MsgFlag.MSG_FIN
MSG_MORE: Final = MsgFlag.MSG_MORE
MSG_NOSIGNAL: Final = MsgFlag.MSG_NOSIGNAL
MSG_OOB: Final = MsgFlag.MSG_OOB
MSG_PEEK: Final = MsgFlag.MSG_PEEK
MSG_PROXY: Final = MsgFlag.MSG_PROXY
MSG_RST: Final = MsgFlag.MSG_RST
MSG_SYN: Final = MsgFlag.MSG_SYN
MSG_TRUNC: Final = MsgFlag.MSG_TRUNC
MSG_WAITALL: Final = MsgFlag.MSG_WAITALL
MSG_WAITFORONE: Final = MsgFlag.MSG_WAITFORONE
MSG_ZEROCOPY: Final = MsgFlag.MSG_ZEROCOPY

class AddressInfo(IntFlag):
    AI_ADDRCONFIG = 32
    AI_ALL = 16
    AI_CANONIDN = 128
    AI_CANONNAME = 2
    AI_IDN = 64
    AI_NUMERICHOST = 4
    AI_NUMERICSERV = 1024
    AI_PASSIVE = 1
    AI_V4MAPPED = 8

AI_ADDRCONFIG: Final = AddressInfo.AI_ADDRCONFIG
AI_ALL: Final = AddressInfo.AI_ALL
AI_CANONIDN: Final = AddressInfo.AI_CANONIDN
AI_CANONNAME: Final = AddressInfo.AI_CANONNAME
AI_IDN: Final = AddressInfo.AI_IDN
AI_NUMERICHOST: Final = AddressInfo.AI_NUMERICHOST
AI_NUMERICSERV: Final = AddressInfo.AI_NUMERICSERV
AI_PASSIVE: Final = AddressInfo.AI_PASSIVE
AI_V4MAPPED: Final = AddressInfo.AI_V4MAPPED

AF_DECnet: Final[int]
AF_FILE: Final[int]
AF_LOCAL: Final[int]
AF_MAX: Final[int]
ALG_OP_DECRYPT: Final[int]
ALG_OP_ENCRYPT: Final[int]
ALG_OP_SIGN: Final[int]
ALG_OP_VERIFY: Final[int]
ALG_SET_AEAD_ASSOCLEN: Final[int]
ALG_SET_AEAD_AUTHSIZE: Final[int]
ALG_SET_DRBG_ENTROPY: Final[int]
ALG_SET_IV: Final[int]
ALG_SET_KEY: Final[int]
ALG_SET_OP: Final[int]
ALG_SET_PUBKEY: Final[int]
CAN_BCM: Final[int]
CAN_BCM_CAN_FD_FRAME: Final[int]
CAN_BCM_RX_ANNOUNCE_RESUME: Final[int]
CAN_BCM_RX_CHANGED: Final[int]
CAN_BCM_RX_CHECK_DLC: Final[int]
CAN_BCM_RX_DELETE: Final[int]
CAN_BCM_RX_FILTER_ID: Final[int]
CAN_BCM_RX_NO_AUTOTIMER: Final[int]
CAN_BCM_RX_READ: Final[int]
CAN_BCM_RX_RTR_FRAME: Final[int]
CAN_BCM_RX_SETUP: Final[int]
CAN_BCM_RX_STATUS: Final[int]
CAN_BCM_RX_TIMEOUT: Final[int]
CAN_BCM_SETTIMER: Final[int]
CAN_BCM_STARTTIMER: Final[int]
CAN_BCM_TX_ANNOUNCE: Final[int]
CAN_BCM_TX_COUNTEVT: Final[int]
CAN_BCM_TX_CP_CAN_ID: Final[int]
CAN_BCM_TX_DELETE: Final[int]
CAN_BCM_TX_EXPIRED: Final[int]
CAN_BCM_TX_READ: Final[int]
CAN_BCM_TX_RESET_MULTI_IDX: Final[int]
CAN_BCM_TX_SEND: Final[int]
CAN_BCM_TX_SETUP: Final[int]
CAN_BCM_TX_STATUS: Final[int]
CAN_EFF_FLAG: Final[int]
CAN_EFF_ID_BITS: Final[int]
CAN_EFF_MASK: Final[int]
CAN_ERR_FLAG: Final[int]
CAN_ERR_MASK: Final[int]
CAN_FD_FRAME: Final[int]
CAN_INV_FILTER: Final[int]
CAN_ISOTP: Final[int]
CAN_ISOTP_CF_BROADCAST: Final[int]
CAN_ISOTP_CHK_PAD_DATA: Final[int]
CAN_ISOTP_CHK_PAD_LEN: Final[int]
CAN_ISOTP_DEFAULT_EXT_ADDRESS: Final[int]
CAN_ISOTP_DEFAULT_FLAGS: Final[int]
CAN_ISOTP_DEFAULT_FRAME_TXTIME: Final[int]
CAN_ISOTP_DEFAULT_LL_MTU: Final[int]
CAN_ISOTP_DEFAULT_LL_TX_DL: Final[int]
CAN_ISOTP_DEFAULT_LL_TX_FLAGS: Final[int]
CAN_ISOTP_DEFAULT_PAD_CONTENT: Final[int]
CAN_ISOTP_DEFAULT_RECV_BS: Final[int]
CAN_ISOTP_DEFAULT_RECV_STMIN: Final[int]
CAN_ISOTP_DEFAULT_RECV_WFTMAX: Final[int]
CAN_ISOTP_EXTEND_ADDR: Final[int]
CAN_ISOTP_FORCE_RXSTMIN: Final[int]
CAN_ISOTP_FORCE_TXSTMIN: Final[int]
CAN_ISOTP_FRAME_TXTIME_ZERO: Final[int]
CAN_ISOTP_HALF_DUPLEX: Final[int]
CAN_ISOTP_LISTEN_MODE: Final[int]
CAN_ISOTP_LL_OPTS: Final[int]
CAN_ISOTP_OPTS: Final[int]
CAN_ISOTP_RECV_FC: Final[int]
CAN_ISOTP_RX_EXT_ADDR: Final[int]
CAN_ISOTP_RX_PADDING: Final[int]
CAN_ISOTP_RX_STMIN: Final[int]
CAN_ISOTP_SF_BROADCAST: Final[int]
CAN_ISOTP_TX_PADDING: Final[int]
CAN_ISOTP_TX_STMIN: Final[int]
CAN_ISOTP_WAIT_TX_DONE: Final[int]
CAN_J1939: Final[int]
CAN_MAX_DLC: Final[int]
CAN_MAX_DLEN: Final[int]
CAN_MAX_RAW_DLC: Final[int]
CAN_MCNET: Final[int]
CAN_MTU: Final[int]
CAN_NPROTO: Final[int]
CAN_RAW: Final[int]
CAN_RAW_ERR_FILTER: Final[int]
CAN_RAW_FD_FRAMES: Final[int]
CAN_RAW_FILTER: Final[int]
CAN_RAW_FILTER_MAX: Final[int]
CAN_RAW_JOIN_FILTERS: Final[int]
CAN_RAW_LOOPBACK: Final[int]
CAN_RAW_RECV_OWN_MSGS: Final[int]
CAN_RTR_FLAG: Final[int]
CAN_SFF_ID_BITS: Final[int]
CAN_SFF_MASK: Final[int]
CAN_TP16: Final[int]
CAN_TP20: Final[int]
EAI_ADDRFAMILY: Final[int]
EAI_AGAIN: Final[int]
EAI_ALLDONE: Final[int]
EAI_BADFLAGS: Final[int]
EAI_CANCELED: Final[int]
EAI_FAIL: Final[int]
EAI_FAMILY: Final[int]
EAI_IDN_ENCODE: Final[int]
EAI_INPROGRESS: Final[int]
EAI_INTR: Final[int]
EAI_MEMORY: Final[int]
EAI_NODATA: Final[int]
EAI_NONAME: Final[int]
EAI_NOTCANCELED: Final[int]
EAI_OVERFLOW: Final[int]
EAI_SERVICE: Final[int]
EAI_SOCKTYPE: Final[int]
EAI_SYSTEM: Final[int]
ETHERTYPE_AARP: Final[int]
ETHERTYPE_ARP: Final[int]
ETHERTYPE_AT: Final[int]
ETHERTYPE_IP: Final[int]
ETHERTYPE_IPV6: Final[int]
ETHERTYPE_IPX: Final[int]
ETHERTYPE_LOOPBACK: Final[int]
ETHERTYPE_NTRAILER: Final[int]
ETHERTYPE_PUP: Final[int]
ETHERTYPE_REVARP: Final[int]
ETHERTYPE_SPRITE: Final[int]
ETHERTYPE_TRAIL: Final[int]
ETHERTYPE_VLAN: Final[int]
ETH_P_1588: Final[int]
ETH_P_8021AD: Final[int]
ETH_P_8021AH: Final[int]
ETH_P_8021Q: Final[int]
ETH_P_80221: Final[int]
ETH_P_802_2: Final[int]
ETH_P_802_3: Final[int]
ETH_P_802_3_MIN: Final[int]
ETH_P_802_EX1: Final[int]
ETH_P_AARP: Final[int]
ETH_P_AF_IUCV: Final[int]
ETH_P_ALL: Final[int]
ETH_P_AOE: Final[int]
ETH_P_ARCNET: Final[int]
ETH_P_ARP: Final[int]
ETH_P_ATALK: Final[int]
ETH_P_ATMFATE: Final[int]
ETH_P_ATMMPOA: Final[int]
ETH_P_AX25: Final[int]
ETH_P_BATMAN: Final[int]
ETH_P_BPQ: Final[int]
ETH_P_CAIF: Final[int]
ETH_P_CAN: Final[int]
ETH_P_CANFD: Final[int]
ETH_P_CANXL: Final[int]
ETH_P_CFM: Final[int]
ETH_P_CONTROL: Final[int]
ETH_P_CUST: Final[int]
ETH_P_DDCMP: Final[int]
ETH_P_DEC: Final[int]
ETH_P_DIAG: Final[int]
ETH_P_DNA_DL: Final[int]
ETH_P_DNA_RC: Final[int]
ETH_P_DNA_RT: Final[int]
ETH_P_DSA: Final[int]
ETH_P_DSA_8021Q: Final[int]
ETH_P_DSA_A5PSW: Final[int]
ETH_P_ECONET: Final[int]
ETH_P_EDSA: Final[int]
ETH_P_ERSPAN: Final[int]
ETH_P_ERSPAN2: Final[int]
ETH_P_ETHERCAT: Final[int]
ETH_P_FCOE: Final[int]
ETH_P_FIP: Final[int]
ETH_P_HDLC: Final[int]
ETH_P_HSR: Final[int]
ETH_P_IBOE: Final[int]
ETH_P_IEEE802154: Final[int]
ETH_P_IEEEPUP: Final[int]
ETH_P_IEEEPUPAT: Final[int]
ETH_P_IFE: Final[int]
ETH_P_IP: Final[int]
ETH_P_IPV6: Final[int]
ETH_P_IPX: Final[int]
ETH_P_IRDA: Final[int]
ETH_P_LAT: Final[int]
ETH_P_LINK_CTL: Final[int]
ETH_P_LLDP: Final[int]
ETH_P_LOCALTALK: Final[int]
ETH_P_LOOP: Final[int]
ETH_P_LOOPBACK: Final[int]
ETH_P_MACSEC: Final[int]
ETH_P_MAP: Final[int]
ETH_P_MCTP: Final[int]
ETH_P_MOBITEX: Final[int]
ETH_P_MPLS_MC: Final[int]
ETH_P_MPLS_UC: Final[int]
ETH_P_MRP: Final[int]
ETH_P_MVRP: Final[int]
ETH_P_NCSI: Final[int]
ETH_P_NSH: Final[int]
ETH_P_PAE: Final[int]
ETH_P_PAUSE: Final[int]
ETH_P_PHONET: Final[int]
ETH_P_PPPTALK: Final[int]
ETH_P_PPP_DISC: Final[int]
ETH_P_PPP_MP: Final[int]
ETH_P_PPP_SES: Final[int]
ETH_P_PREAUTH: Final[int]
ETH_P_PROFINET: Final[int]
ETH_P_PRP: Final[int]
ETH_P_PUP: Final[int]
ETH_P_PUPAT: Final[int]
ETH_P_QINQ1: Final[int]
ETH_P_QINQ2: Final[int]
ETH_P_QINQ3: Final[int]
ETH_P_RARP: Final[int]
ETH_P_REALTEK: Final[int]
ETH_P_SCA: Final[int]
ETH_P_SLOW: Final[int]
ETH_P_SNAP: Final[int]
ETH_P_TDLS: Final[int]
ETH_P_TEB: Final[int]
ETH_P_TIPC: Final[int]
ETH_P_TRAILER: Final[int]
ETH_P_TR_802_2: Final[int]
ETH_P_TSN: Final[int]
ETH_P_WAN_PPP: Final[int]
ETH_P_WCCP: Final[int]
ETH_P_X25: Final[int]
ETH_P_XDSA: Final[int]
FD_CLOEXEC: Final[int]
FD_SETSIZE: Final[int]
F_GETFD: Final[int]
F_GETFL: Final[int]
F_SETFD: Final[int]
F_SETFL: Final[int]
HOST_NOT_FOUND: Final[int]
IFNAMSIZ: Final[int]
IF_NAMESIZE: Final[int]
INADDR_ALLHOSTS_GROUP: Final[int]
INADDR_ALLRTRS_GROUP: Final[int]
INADDR_ALLSNOOPERS_GROUP: Final[int]
INADDR_ANY: Final[int]
INADDR_BROADCAST: Final[int]
INADDR_DUMMY: Final[int]
INADDR_LOOPBACK: Final[int]
INADDR_MAX_LOCAL_GROUP: Final[int]
INADDR_NONE: Final[int]
INADDR_UNSPEC_GROUP: Final[int]
INET6_ADDRSTRLEN: Final[int]
INET_ADDRSTRLEN: Final[int]
IOCTL_VM_SOCKETS_GET_LOCAL_CID: Final[int]
IPPORT_RESERVED: Final[int]
IPPORT_USERRESERVED: Final[int]
IPPROTO_AH: Final[int]
IPPROTO_BEETPH: Final[int]
IPPROTO_COMP: Final[int]
IPPROTO_DCCP: Final[int]
IPPROTO_DSTOPTS: Final[int]
IPPROTO_EGP: Final[int]
IPPROTO_ENCAP: Final[int]
IPPROTO_ESP: Final[int]
IPPROTO_ETHERNET: Final[int]
IPPROTO_FRAGMENT: Final[int]
IPPROTO_GRE: Final[int]
IPPROTO_HOPOPTS: Final[int]
IPPROTO_ICMP: Final[int]
IPPROTO_ICMPV6: Final[int]
IPPROTO_IDP: Final[int]
IPPROTO_IGMP: Final[int]
IPPROTO_IP: Final[int]
IPPROTO_IPIP: Final[int]
IPPROTO_IPV6: Final[int]
IPPROTO_MH: Final[int]
IPPROTO_MPLS: Final[int]
IPPROTO_MPTCP: Final[int]
IPPROTO_MTP: Final[int]
IPPROTO_NONE: Final[int]
IPPROTO_PIM: Final[int]
IPPROTO_PUP: Final[int]
IPPROTO_RAW: Final[int]
IPPROTO_ROUTING: Final[int]
IPPROTO_RSVP: Final[int]
IPPROTO_SCTP: Final[int]
IPPROTO_TCP: Final[int]
IPPROTO_TP: Final[int]
IPPROTO_UDP: Final[int]
IPPROTO_UDPLITE: Final[int]
IPV6_2292DSTOPTS: Final[int]
IPV6_2292HOPLIMIT: Final[int]
IPV6_2292HOPOPTS: Final[int]
IPV6_2292PKTINFO: Final[int]
IPV6_2292PKTOPTIONS: Final[int]
IPV6_2292RTHDR: Final[int]
IPV6_ADDRFORM: Final[int]
IPV6_ADDR_PREFERENCES: Final[int]
IPV6_ADD_MEMBERSHIP: Final[int]
IPV6_AUTHHDR: Final[int]
IPV6_AUTOFLOWLABEL: Final[int]
IPV6_CHECKSUM: Final[int]
IPV6_DONTFRAG: Final[int]
IPV6_DROP_MEMBERSHIP: Final[int]
IPV6_DSTOPTS: Final[int]
IPV6_FLOWINFO: Final[int]
IPV6_FLOWINFO_FLOWLABEL: Final[int]
IPV6_FLOWINFO_PRIORITY: Final[int]
IPV6_FLOWINFO_SEND: Final[int]
IPV6_FLOWLABEL_MGR: Final[int]
IPV6_FL_A_GET: Final[int]
IPV6_FL_A_PUT: Final[int]
IPV6_FL_A_RENEW: Final[int]
IPV6_FL_F_CREATE: Final[int]
IPV6_FL_F_EXCL: Final[int]
IPV6_FL_F_REFLECT: Final[int]
IPV6_FL_F_REMOTE: Final[int]
IPV6_FL_S_ANY: Final[int]
IPV6_FL_S_EXCL: Final[int]
IPV6_FL_S_NONE: Final[int]
IPV6_FL_S_PROCESS: Final[int]
IPV6_FL_S_USER: Final[int]
IPV6_FREEBIND: Final[int]
IPV6_HDRINCL: Final[int]
IPV6_HOPLIMIT: Final[int]
IPV6_HOPOPTS: Final[int]
IPV6_IPSEC_POLICY: Final[int]
IPV6_JOIN_ANYCAST: Final[int]
IPV6_JOIN_GROUP: Final[int]
IPV6_LEAVE_ANYCAST: Final[int]
IPV6_LEAVE_GROUP: Final[int]
IPV6_MINHOPCOUNT: Final[int]
IPV6_MTU: Final[int]
IPV6_MTU_DISCOVER: Final[int]
IPV6_MULTICAST_ALL: Final[int]
IPV6_MULTICAST_HOPS: Final[int]
IPV6_MULTICAST_IF: Final[int]
IPV6_MULTICAST_LOOP: Final[int]
IPV6_NEXTHOP: Final[int]
IPV6_ORIGDSTADDR: Final[int]
IPV6_PATHMTU: Final[int]
IPV6_PKTINFO: Final[int]
IPV6_PMTUDISC_DO: Final[int]
IPV6_PMTUDISC_DONT: Final[int]
IPV6_PMTUDISC_INTERFACE: Final[int]
IPV6_PMTUDISC_OMIT: Final[int]
IPV6_PMTUDISC_PROBE: Final[int]
IPV6_PMTUDISC_WANT: Final[int]
IPV6_PREFER_SRC_CGA: Final[int]
IPV6_PREFER_SRC_COA: Final[int]
IPV6_PREFER_SRC_HOME: Final[int]
IPV6_PREFER_SRC_NONCGA: Final[int]
IPV6_PREFER_SRC_PUBLIC: Final[int]
IPV6_PREFER_SRC_PUBTMP_DEFAULT: Final[int]
IPV6_PREFER_SRC_TMP: Final[int]
IPV6_PRIORITY_10: Final[int]
IPV6_PRIORITY_11: Final[int]
IPV6_PRIORITY_12: Final[int]
IPV6_PRIORITY_13: Final[int]
IPV6_PRIORITY_14: Final[int]
IPV6_PRIORITY_15: Final[int]
IPV6_PRIORITY_8: Final[int]
IPV6_PRIORITY_9: Final[int]
IPV6_PRIORITY_BULK: Final[int]
IPV6_PRIORITY_CONTROL: Final[int]
IPV6_PRIORITY_FILLER: Final[int]
IPV6_PRIORITY_INTERACTIVE: Final[int]
IPV6_PRIORITY_RESERVED1: Final[int]
IPV6_PRIORITY_RESERVED2: Final[int]
IPV6_PRIORITY_UNATTENDED: Final[int]
IPV6_PRIORITY_UNCHARACTERIZED: Final[int]
IPV6_RECVDSTOPTS: Final[int]
IPV6_RECVERR: Final[int]
IPV6_RECVERR_RFC4884: Final[int]
IPV6_RECVFRAGSIZE: Final[int]
IPV6_RECVHOPLIMIT: Final[int]
IPV6_RECVHOPOPTS: Final[int]
IPV6_RECVORIGDSTADDR: Final[int]
IPV6_RECVPATHMTU: Final[int]
IPV6_RECVPKTINFO: Final[int]
IPV6_RECVRTHDR: Final[int]
IPV6_RECVTCLASS: Final[int]
IPV6_ROUTER_ALERT: Final[int]
IPV6_ROUTER_ALERT_ISOLATE: Final[int]
IPV6_RTHDR: Final[int]
IPV6_RTHDRDSTOPTS: Final[int]
IPV6_RTHDR_LOOSE: Final[int]
IPV6_RTHDR_STRICT: Final[int]
IPV6_RTHDR_TYPE_0: Final[int]
IPV6_RXDSTOPTS: Final[int]
IPV6_RXHOPOPTS: Final[int]
IPV6_TCLASS: Final[int]
IPV6_TLV_CALIPSO: Final[int]
IPV6_TLV_HAO: Final[int]
IPV6_TLV_IOAM: Final[int]
IPV6_TLV_JUMBO: Final[int]
IPV6_TLV_PAD1: Final[int]
IPV6_TLV_PADN: Final[int]
IPV6_TLV_ROUTERALERT: Final[int]
IPV6_TRANSPARENT: Final[int]
IPV6_UNICAST_HOPS: Final[int]
IPV6_UNICAST_IF: Final[int]
IPV6_V6ONLY: Final[int]
IPV6_XFRM_POLICY: Final[int]
IP_ADD_MEMBERSHIP: Final[int]
IP_ADD_SOURCE_MEMBERSHIP: Final[int]
IP_BIND_ADDRESS_NO_PORT: Final[int]
IP_BLOCK_SOURCE: Final[int]
IP_CHECKSUM: Final[int]
IP_DEFAULT_MULTICAST_LOOP: Final[int]
IP_DEFAULT_MULTICAST_TTL: Final[int]
IP_DROP_MEMBERSHIP: Final[int]
IP_DROP_SOURCE_MEMBERSHIP: Final[int]
IP_FREEBIND: Final[int]
IP_HDRINCL: Final[int]
IP_IPSEC_POLICY: Final[int]
IP_LOCAL_PORT_RANGE: Final[int]
IP_MAX_MEMBERSHIPS: Final[int]
IP_MINTTL: Final[int]
IP_MSFILTER: Final[int]
IP_MTU: Final[int]
IP_MTU_DISCOVER: Final[int]
IP_MULTICAST_ALL: Final[int]
IP_MULTICAST_IF: Final[int]
IP_MULTICAST_LOOP: Final[int]
IP_MULTICAST_TTL: Final[int]
IP_NODEFRAG: Final[int]
IP_OPTIONS: Final[int]
IP_ORIGDSTADDR: Final[int]
IP_PASSSEC: Final[int]
IP_PKTINFO: Final[int]
IP_PKTOPTIONS: Final[int]
IP_PMTUDISC: Final[int]
IP_PMTUDISC_DO: Final[int]
IP_PMTUDISC_DONT: Final[int]
IP_PMTUDISC_INTERFACE: Final[int]
IP_PMTUDISC_OMIT: Final[int]
IP_PMTUDISC_PROBE: Final[int]
IP_PMTUDISC_WANT: Final[int]
IP_PROTOCOL: Final[int]
IP_RECVERR: Final[int]
IP_RECVERR_RFC4884: Final[int]
IP_RECVFRAGSIZE: Final[int]
IP_RECVOPTS: Final[int]
IP_RECVORIGDSTADDR: Final[int]
IP_RECVRETOPTS: Final[int]
IP_RECVTOS: Final[int]
IP_RECVTTL: Final[int]
IP_RETOPTS: Final[int]
IP_ROUTER_ALERT: Final[int]
IP_TOS: Final[int]
IP_TRANSPARENT: Final[int]
IP_TTL: Final[int]
IP_UNBLOCK_SOURCE: Final[int]
IP_UNICAST_IF: Final[int]
IP_XFRM_POLICY: Final[int]
J1939_EE_INFO_NONE: Final[int]
J1939_EE_INFO_TX_ABORT: Final[int]
J1939_FILTER_MAX: Final[int]
J1939_IDLE_ADDR: Final[int]
J1939_MAX_UNICAST_ADDR: Final[int]
J1939_NLA_BYTES_ACKED: Final[int]
J1939_NLA_PAD: Final[int]
J1939_NO_ADDR: Final[int]
J1939_NO_NAME: Final[int]
J1939_NO_PGN: Final[int]
J1939_PGN_ADDRESS_CLAIMED: Final[int]
J1939_PGN_ADDRESS_COMMANDED: Final[int]
J1939_PGN_MAX: Final[int]
J1939_PGN_PDU1_MAX: Final[int]
J1939_PGN_REQUEST: Final[int]
MCAST_BLOCK_SOURCE: Final[int]
MCAST_EXCLUDE: Final[int]
MCAST_INCLUDE: Final[int]
MCAST_JOIN_GROUP: Final[int]
MCAST_JOIN_SOURCE_GROUP: Final[int]
MCAST_LEAVE_GROUP: Final[int]
MCAST_LEAVE_SOURCE_GROUP: Final[int]
MCAST_MSFILTER: Final[int]
MCAST_UNBLOCK_SOURCE: Final[int]
MSG_TRYHARD: Final[int]
NETLINK_ADD_MEMBERSHIP: Final[int]
NETLINK_AUDIT: Final[int]
NETLINK_BROADCAST_ERROR: Final[int]
NETLINK_CAP_ACK: Final[int]
NETLINK_CONNECTOR: Final[int]
NETLINK_CRYPTO: Final[int]
NETLINK_DNRTMSG: Final[int]
NETLINK_DROP_MEMBERSHIP: Final[int]
NETLINK_ECRYPTFS: Final[int]
NETLINK_EXT_ACK: Final[int]
NETLINK_FIB_LOOKUP: Final[int]
NETLINK_FIREWALL: Final[int]
NETLINK_GENERIC: Final[int]
NETLINK_GET_STRICT_CHK: Final[int]
NETLINK_INET_DIAG: Final[int]
NETLINK_IP6_FW: Final[int]
NETLINK_ISCSI: Final[int]
NETLINK_KOBJECT_UEVENT: Final[int]
NETLINK_LISTEN_ALL_NSID: Final[int]
NETLINK_LIST_MEMBERSHIPS: Final[int]
NETLINK_NETFILTER: Final[int]
NETLINK_NFLOG: Final[int]
NETLINK_NO_ENOBUFS: Final[int]
NETLINK_PKTINFO: Final[int]
NETLINK_RDMA: Final[int]
NETLINK_ROUTE: Final[int]
NETLINK_RX_RING: Final[int]
NETLINK_SCSITRANSPORT: Final[int]
NETLINK_SELINUX: Final[int]
NETLINK_SMC: Final[int]
NETLINK_SOCK_DIAG: Final[int]
NETLINK_TX_RING: Final[int]
NETLINK_UNUSED: Final[int]
NETLINK_USERSOCK: Final[int]
NETLINK_XFRM: Final[int]
NI_DGRAM: Final[int]
NI_IDN: Final[int]
NI_MAXHOST: Final[int]
NI_MAXSERV: Final[int]
NI_NAMEREQD: Final[int]
NI_NOFQDN: Final[int]
NI_NUMERICHOST: Final[int]
NI_NUMERICSERV: Final[int]
NO_ADDRESS: Final[int]
NO_DATA: Final[int]
NO_RECOVERY: Final[int]
O_NONBLOCK: Final[int]
PACKET_ADD_MEMBERSHIP: Final[int]
PACKET_AUXDATA: Final[int]
PACKET_BROADCAST: Final[int]
PACKET_COPY_THRESH: Final[int]
PACKET_DROP_MEMBERSHIP: Final[int]
PACKET_FANOUT: Final[int]
PACKET_FANOUT_CBPF: Final[int]
PACKET_FANOUT_CPU: Final[int]
PACKET_FANOUT_DATA: Final[int]
PACKET_FANOUT_EBPF: Final[int]
PACKET_FANOUT_FLAG_DEFRAG: Final[int]
PACKET_FANOUT_FLAG_ROLLOVER: Final[int]
PACKET_FANOUT_FLAG_UNIQUEID: Final[int]
PACKET_FANOUT_HASH: Final[int]
PACKET_FANOUT_LB: Final[int]
PACKET_FANOUT_QM: Final[int]
PACKET_FANOUT_RND: Final[int]
PACKET_FANOUT_ROLLOVER: Final[int]
PACKET_FASTROUTE: Final[int]
PACKET_HDRLEN: Final[int]
PACKET_HOST: Final[int]
PACKET_IGNORE_OUTGOING: Final[int]
PACKET_KERNEL: Final[int]
PACKET_LOOPBACK: Final[int]
PACKET_LOSS: Final[int]
PACKET_MR_ALLMULTI: Final[int]
PACKET_MR_MULTICAST: Final[int]
PACKET_MR_PROMISC: Final[int]
PACKET_MR_UNICAST: Final[int]
PACKET_MULTICAST: Final[int]
PACKET_ORIGDEV: Final[int]
PACKET_OTHERHOST: Final[int]
PACKET_OUTGOING: Final[int]
PACKET_QDISC_BYPASS: Final[int]
PACKET_RECV_OUTPUT: Final[int]
PACKET_RESERVE: Final[int]
PACKET_ROLLOVER_STATS: Final[int]
PACKET_RX_RING: Final[int]
PACKET_STATISTICS: Final[int]
PACKET_TIMESTAMP: Final[int]
PACKET_TX_HAS_OFF: Final[int]
PACKET_TX_RING: Final[int]
PACKET_TX_TIMESTAMP: Final[int]
PACKET_USER: Final[int]
PACKET_VERSION: Final[int]
PACKET_VNET_HDR: Final[int]
PF_ALG: Final[int]
PF_APPLETALK: Final[int]
PF_ASH: Final[int]
PF_ATMPVC: Final[int]
PF_ATMSVC: Final[int]
PF_AX25: Final[int]
PF_BLUETOOTH: Final[int]
PF_BRIDGE: Final[int]
PF_CAIF: Final[int]
PF_CAN: Final[int]
PF_DECnet: Final[int]
PF_ECONET: Final[int]
PF_FILE: Final[int]
PF_IB: Final[int]
PF_IEEE802154: Final[int]
PF_INET: Final[int]
PF_INET6: Final[int]
PF_IPX: Final[int]
PF_IRDA: Final[int]
PF_ISDN: Final[int]
PF_IUCV: Final[int]
PF_KCM: Final[int]
PF_KEY: Final[int]
PF_LLC: Final[int]
PF_LOCAL: Final[int]
PF_MAX: Final[int]
PF_MCTP: Final[int]
PF_MPLS: Final[int]
PF_NETBEUI: Final[int]
PF_NETLINK: Final[int]
PF_NETROM: Final[int]
PF_NFC: Final[int]
PF_PACKET: Final[int]
PF_PHONET: Final[int]
PF_PPPOX: Final[int]
PF_QIPCRTR: Final[int]
PF_RDS: Final[int]
PF_ROSE: Final[int]
PF_ROUTE: Final[int]
PF_RXRPC: Final[int]
PF_SECURITY: Final[int]
PF_SMC: Final[int]
PF_SNA: Final[int]
PF_TIPC: Final[int]
PF_UNIX: Final[int]
PF_UNSPEC: Final[int]
PF_VSOCK: Final[int]
PF_WANPIPE: Final[int]
PF_X25: Final[int]
PF_XDP: Final[int]
POLLERR: Final[int]
POLLHUP: Final[int]
POLLIN: Final[int]
POLLMSG: Final[int]
POLLNVAL: Final[int]
POLLOUT: Final[int]
POLLPRI: Final[int]
POLLRDBAND: Final[int]
POLLRDHUP: Final[int]
POLLRDNORM: Final[int]
POLLREMOVE: Final[int]
POLLWRBAND: Final[int]
POLLWRNORM: Final[int]
QRTR_NODE_BCAST: Final[int]
QRTR_PORT_CTRL: Final[int]
SCM_CREDENTIALS: Final[int]
SCM_J1939_DEST_ADDR: Final[int]
SCM_J1939_DEST_NAME: Final[int]
SCM_J1939_ERRQUEUE: Final[int]
SCM_J1939_PRIO: Final[int]
SCM_RIGHTS: Final[int]
SCM_TIMESTAMP: Final[int]
SCM_TIMESTAMPING: Final[int]
SCM_TIMESTAMPING_OPT_STATS: Final[int]
SCM_TIMESTAMPING_PKTINFO: Final[int]
SCM_TIMESTAMPNS: Final[int]
SCM_TXTIME: Final[int]
SCM_WIFI_STATUS: Final[int]
SHUT_RD: Final[int]
SHUT_RDWR: Final[int]
SHUT_WR: Final[int]
SIOCADDDLCI: Final[int]
SIOCADDMULTI: Final[int]
SIOCADDRT: Final[int]
SIOCATMARK: Final[int]
SIOCBONDCHANGEACTIVE: Final[int]
SIOCBONDENSLAVE: Final[int]
SIOCBONDINFOQUERY: Final[int]
SIOCBONDRELEASE: Final[int]
SIOCBONDSETHWADDR: Final[int]
SIOCBONDSLAVEINFOQUERY: Final[int]
SIOCBRADDBR: Final[int]
SIOCBRADDIF: Final[int]
SIOCBRDELBR: Final[int]
SIOCBRDELIF: Final[int]
SIOCDARP: Final[int]
SIOCDELDLCI: Final[int]
SIOCDELMULTI: Final[int]
SIOCDELRT: Final[int]
SIOCDEVPRIVATE: Final[int]
SIOCDIFADDR: Final[int]
SIOCDRARP: Final[int]
SIOCETHTOOL: Final[int]
SIOCGARP: Final[int]
SIOCGETLINKNAME: Final[int]
SIOCGETNODEID: Final[int]
SIOCGHWTSTAMP: Final[int]
SIOCGIFADDR: Final[int]
SIOCGIFBR: Final[int]
SIOCGIFBRDADDR: Final[int]
SIOCGIFCONF: Final[int]
SIOCGIFCOUNT: Final[int]
SIOCGIFDSTADDR: Final[int]
SIOCGIFENCAP: Final[int]
SIOCGIFFLAGS: Final[int]
SIOCGIFHWADDR: Final[int]
SIOCGIFINDEX: Final[int]
SIOCGIFMAP: Final[int]
SIOCGIFMEM: Final[int]
SIOCGIFMETRIC: Final[int]
SIOCGIFMTU: Final[int]
SIOCGIFNAME: Final[int]
SIOCGIFNETMASK: Final[int]
SIOCGIFPFLAGS: Final[int]
SIOCGIFSLAVE: Final[int]
SIOCGIFTXQLEN: Final[int]
SIOCGIFVLAN: Final[int]
SIOCGMIIPHY: Final[int]
SIOCGMIIREG: Final[int]
SIOCGPGRP: Final[int]
SIOCGRARP: Final[int]
SIOCGSKNS: Final[int]
SIOCGSTAMP: Final[int]
SIOCGSTAMPNS: Final[int]
SIOCGSTAMPNS_NEW: Final[int]
SIOCGSTAMPNS_OLD: Final[int]
SIOCGSTAMP_NEW: Final[int]
SIOCGSTAMP_OLD: Final[int]
SIOCINQ: Final[int]
SIOCOUTQ: Final[int]
SIOCOUTQNSD: Final[int]
SIOCPROTOPRIVATE: Final[int]
SIOCRTMSG: Final[int]
SIOCSARP: Final[int]
SIOCSHWTSTAMP: Final[int]
SIOCSIFADDR: Final[int]
SIOCSIFBR: Final[int]
SIOCSIFBRDADDR: Final[int]
SIOCSIFDSTADDR: Final[int]
SIOCSIFENCAP: Final[int]
SIOCSIFFLAGS: Final[int]
SIOCSIFHWADDR: Final[int]
SIOCSIFHWBROADCAST: Final[int]
SIOCSIFLINK: Final[int]
SIOCSIFMAP: Final[int]
SIOCSIFMEM: Final[int]
SIOCSIFMETRIC: Final[int]
SIOCSIFMTU: Final[int]
SIOCSIFNAME: Final[int]
SIOCSIFNETMASK: Final[int]
SIOCSIFPFLAGS: Final[int]
SIOCSIFSLAVE: Final[int]
SIOCSIFTXQLEN: Final[int]
SIOCSIFVLAN: Final[int]
SIOCSMIIREG: Final[int]
SIOCSPGRP: Final[int]
SIOCSRARP: Final[int]
SIOCWANDEV: Final[int]
SOCK_BUF_LOCK_MASK: Final[int]
SOCK_IOC_TYPE: Final[int]
SOCK_RCVBUF_LOCK: Final[int]
SOCK_SNDBUF_LOCK: Final[int]
SOCK_TXREHASH_DEFAULT: Final[int]
SOCK_TXREHASH_DISABLED: Final[int]
SOCK_TXREHASH_ENABLED: Final[int]
SOF_TIMESTAMPING_TX_RECORD_MASK: Final[int]
SOL_AAL: Final[int]
SOL_ALG: Final[int]
SOL_ATM: Final[int]
SOL_BLUETOOTH: Final[int]
SOL_CAIF: Final[int]
SOL_CAN_BASE: Final[int]
SOL_CAN_ISOTP: Final[int]
SOL_CAN_J1939: Final[int]
SOL_CAN_RAW: Final[int]
SOL_DCCP: Final[int]
SOL_DECNET: Final[int]
SOL_ICMPV6: Final[int]
SOL_IP: Final[int]
SOL_IPV6: Final[int]
SOL_IRDA: Final[int]
SOL_IUCV: Final[int]
SOL_KCM: Final[int]
SOL_LLC: Final[int]
SOL_MCTP: Final[int]
SOL_MPTCP: Final[int]
SOL_NETBEUI: Final[int]
SOL_NETLINK: Final[int]
SOL_NFC: Final[int]
SOL_PACKET: Final[int]
SOL_PNPIPE: Final[int]
SOL_PPPOL2TP: Final[int]
SOL_RAW: Final[int]
SOL_RDS: Final[int]
SOL_RXRPC: Final[int]
SOL_SMC: Final[int]
SOL_SOCKET: Final[int]
SOL_TCP: Final[int]
SOL_TIPC: Final[int]
SOL_TLS: Final[int]
SOL_UDP: Final[int]
SOL_VSOCK: Final[int]
SOL_X25: Final[int]
SOL_XDP: Final[int]
SOMAXCONN: Final[int]
SO_ACCEPTCONN: Final[int]
SO_ATTACH_BPF: Final[int]
SO_ATTACH_FILTER: Final[int]
SO_ATTACH_REUSEPORT_CBPF: Final[int]
SO_ATTACH_REUSEPORT_EBPF: Final[int]
SO_BINDTODEVICE: Final[int]
SO_BINDTOIFINDEX: Final[int]
SO_BPF_EXTENSIONS: Final[int]
SO_BROADCAST: Final[int]
SO_BSDCOMPAT: Final[int]
SO_BUF_LOCK: Final[int]
SO_BUSY_POLL: Final[int]
SO_BUSY_POLL_BUDGET: Final[int]
SO_CNX_ADVICE: Final[int]
SO_COOKIE: Final[int]
SO_DEBUG: Final[int]
SO_DETACH_BPF: Final[int]
SO_DETACH_FILTER: Final[int]
SO_DETACH_REUSEPORT_BPF: Final[int]
SO_DOMAIN: Final[int]
SO_DONTROUTE: Final[int]
SO_EE_CODE_TXTIME_INVALID_PARAM: Final[int]
SO_EE_CODE_TXTIME_MISSED: Final[int]
SO_EE_CODE_ZEROCOPY_COPIED: Final[int]
SO_EE_ORIGIN_ICMP: Final[int]
SO_EE_ORIGIN_ICMP6: Final[int]
SO_EE_ORIGIN_LOCAL: Final[int]
SO_EE_ORIGIN_NONE: Final[int]
SO_EE_ORIGIN_TIMESTAMPING: Final[int]
SO_EE_ORIGIN_TXSTATUS: Final[int]
SO_EE_ORIGIN_TXTIME: Final[int]
SO_EE_ORIGIN_ZEROCOPY: Final[int]
SO_EE_RFC4884_FLAG_INVALID: Final[int]
SO_ERROR: Final[int]
SO_GET_FILTER: Final[int]
SO_INCOMING_CPU: Final[int]
SO_INCOMING_NAPI_ID: Final[int]
SO_J1939_ERRQUEUE: Final[int]
SO_J1939_FILTER: Final[int]
SO_J1939_PROMISC: Final[int]
SO_J1939_SEND_PRIO: Final[int]
SO_KEEPALIVE: Final[int]
SO_LINGER: Final[int]
SO_LOCK_FILTER: Final[int]
SO_MARK: Final[int]
SO_MAX_PACING_RATE: Final[int]
SO_MEMINFO: Final[int]
SO_NETNS_COOKIE: Final[int]
SO_NOFCS: Final[int]
SO_NO_CHECK: Final[int]
SO_OOBINLINE: Final[int]
SO_ORIGINAL_DST: Final[int]
SO_PASSCRED: Final[int]
SO_PASSSEC: Final[int]
SO_PEEK_OFF: Final[int]
SO_PEERCRED: Final[int]
SO_PEERGROUPS: Final[int]
SO_PEERNAME: Final[int]
SO_PEERSEC: Final[int]
SO_PREFER_BUSY_POLL: Final[int]
SO_PRIORITY: Final[int]
SO_PROTOCOL: Final[int]
SO_RCVBUF: Final[int]
SO_RCVBUFFORCE: Final[int]
SO_RCVLOWAT: Final[int]
SO_RCVMARK: Final[int]
SO_RCVTIMEO: Final[int]
SO_RCVTIMEO_NEW: Final[int]
SO_RCVTIMEO_OLD: Final[int]
SO_RESERVE_MEM: Final[int]
SO_REUSEADDR: Final[int]
SO_REUSEPORT: Final[int]
SO_RXQ_OVFL: Final[int]
SO_SECURITY_AUTHENTICATION: Final[int]
SO_SECURITY_ENCRYPTION_NETWORK: Final[int]
SO_SECURITY_ENCRYPTION_TRANSPORT: Final[int]
SO_SELECT_ERR_QUEUE: Final[int]
SO_SNDBUF: Final[int]
SO_SNDBUFFORCE: Final[int]
SO_SNDLOWAT: Final[int]
SO_SNDTIMEO: Final[int]
SO_SNDTIMEO_NEW: Final[int]
SO_SNDTIMEO_OLD: Final[int]
SO_TIMESTAMP: Final[int]
SO_TIMESTAMPING: Final[int]
SO_TIMESTAMPING_NEW: Final[int]
SO_TIMESTAMPING_OLD: Final[int]
SO_TIMESTAMPNS: Final[int]
SO_TIMESTAMPNS_NEW: Final[int]
SO_TIMESTAMPNS_OLD: Final[int]
SO_TIMESTAMP_NEW: Final[int]
SO_TIMESTAMP_OLD: Final[int]
SO_TXREHASH: Final[int]
SO_TXTIME: Final[int]
SO_TYPE: Final[int]
SO_VM_SOCKETS_BUFFER_MAX_SIZE: Final[int]
SO_VM_SOCKETS_BUFFER_MIN_SIZE: Final[int]
SO_VM_SOCKETS_BUFFER_SIZE: Final[int]
SO_VM_SOCKETS_CONNECT_TIMEOUT: Final[int]
SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW: Final[int]
SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD: Final[int]
SO_VM_SOCKETS_NONBLOCK_TXRX: Final[int]
SO_VM_SOCKETS_PEER_HOST_VM_ID: Final[int]
SO_VM_SOCKETS_TRUSTED: Final[int]
SO_WIFI_STATUS: Final[int]
SO_ZEROCOPY: Final[int]
TCP_CC_INFO: Final[int]
TCP_CM_INQ: Final[int]
TCP_CONGESTION: Final[int]
TCP_COOKIE_IN_ALWAYS: Final[int]
TCP_COOKIE_MAX: Final[int]
TCP_COOKIE_MIN: Final[int]
TCP_COOKIE_OUT_NEVER: Final[int]
TCP_COOKIE_PAIR_SIZE: Final[int]
TCP_COOKIE_TRANSACTIONS: Final[int]
TCP_CORK: Final[int]
TCP_DEFER_ACCEPT: Final[int]
TCP_FASTOPEN: Final[int]
TCP_FASTOPEN_CONNECT: Final[int]
TCP_FASTOPEN_KEY: Final[int]
TCP_FASTOPEN_NO_COOKIE: Final[int]
TCP_INFO: Final[int]
TCP_INQ: Final[int]
TCP_KEEPCNT: Final[int]
TCP_KEEPIDLE: Final[int]
TCP_KEEPINTVL: Final[int]
TCP_LINGER2: Final[int]
TCP_MAXSEG: Final[int]
TCP_MAXWIN: Final[int]
TCP_MAX_WINSHIFT: Final[int]
TCP_MD5SIG: Final[int]
TCP_MD5SIG_EXT: Final[int]
TCP_MD5SIG_FLAG_PREFIX: Final[int]
TCP_MD5SIG_MAXKEYLEN: Final[int]
TCP_MSS: Final[int]
TCP_MSS_DEFAULT: Final[int]
TCP_MSS_DESIRED: Final[int]
TCP_NODELAY: Final[int]
TCP_NOTSENT_LOWAT: Final[int]
TCP_QUEUE_SEQ: Final[int]
TCP_QUICKACK: Final[int]
TCP_REPAIR: Final[int]
TCP_REPAIR_OFF: Final[int]
TCP_REPAIR_OFF_NO_WP: Final[int]
TCP_REPAIR_ON: Final[int]
TCP_REPAIR_OPTIONS: Final[int]
TCP_REPAIR_QUEUE: Final[int]
TCP_REPAIR_WINDOW: Final[int]
TCP_SAVED_SYN: Final[int]
TCP_SAVE_SYN: Final[int]
TCP_SYNCNT: Final[int]
TCP_S_DATA_IN: Final[int]
TCP_S_DATA_OUT: Final[int]
TCP_THIN_DUPACK: Final[int]
TCP_THIN_LINEAR_TIMEOUTS: Final[int]
TCP_TIMESTAMP: Final[int]
TCP_TX_DELAY: Final[int]
TCP_ULP: Final[int]
TCP_USER_TIMEOUT: Final[int]
TCP_WINDOW_CLAMP: Final[int]
TCP_ZEROCOPY_RECEIVE: Final[int]
TIPC_ADDR_ID: Final[int]
TIPC_ADDR_MCAST: Final[int]
TIPC_ADDR_NAME: Final[int]
TIPC_ADDR_NAMESEQ: Final[int]
TIPC_AEAD_ALG_NAME: Final[int]
TIPC_AEAD_KEYLEN_MAX: Final[int]
TIPC_AEAD_KEYLEN_MIN: Final[int]
TIPC_AEAD_KEY_SIZE_MAX: Final[int]
TIPC_CFG_SRV: Final[int]
TIPC_CLUSTER_BITS: Final[int]
TIPC_CLUSTER_MASK: Final[int]
TIPC_CLUSTER_OFFSET: Final[int]
TIPC_CLUSTER_SCOPE: Final[int]
TIPC_CLUSTER_SIZE: Final[int]
TIPC_CONN_SHUTDOWN: Final[int]
TIPC_CONN_TIMEOUT: Final[int]
TIPC_CRITICAL_IMPORTANCE: Final[int]
TIPC_DESTNAME: Final[int]
TIPC_DEST_DROPPABLE: Final[int]
TIPC_ERRINFO: Final[int]
TIPC_ERR_NO_NAME: Final[int]
TIPC_ERR_NO_NODE: Final[int]
TIPC_ERR_NO_PORT: Final[int]
TIPC_ERR_OVERLOAD: Final[int]
TIPC_GROUP_JOIN: Final[int]
TIPC_GROUP_LEAVE: Final[int]
TIPC_GROUP_LOOPBACK: Final[int]
TIPC_GROUP_MEMBER_EVTS: Final[int]
TIPC_HIGH_IMPORTANCE: Final[int]
TIPC_IMPORTANCE: Final[int]
TIPC_LINK_STATE: Final[int]
TIPC_LOW_IMPORTANCE: Final[int]
TIPC_MAX_BEARER_NAME: Final[int]
TIPC_MAX_IF_NAME: Final[int]
TIPC_MAX_LINK_NAME: Final[int]
TIPC_MAX_MEDIA_NAME: Final[int]
TIPC_MAX_USER_MSG_SIZE: Final[int]
TIPC_MCAST_BROADCAST: Final[int]
TIPC_MCAST_REPLICAST: Final[int]
TIPC_MEDIUM_IMPORTANCE: Final[int]
TIPC_NODEID_LEN: Final[int]
TIPC_NODELAY: Final[int]
TIPC_NODE_BITS: Final[int]
TIPC_NODE_MASK: Final[int]
TIPC_NODE_OFFSET: Final[int]
TIPC_NODE_RECVQ_DEPTH: Final[int]
TIPC_NODE_SCOPE: Final[int]
TIPC_NODE_SIZE: Final[int]
TIPC_NODE_STATE: Final[int]
TIPC_OK: Final[int]
TIPC_PUBLISHED: Final[int]
TIPC_REKEYING_NOW: Final[int]
TIPC_RESERVED_TYPES: Final[int]
TIPC_RETDATA: Final[int]
TIPC_SERVICE_ADDR: Final[int]
TIPC_SERVICE_RANGE: Final[int]
TIPC_SOCKET_ADDR: Final[int]
TIPC_SOCK_RECVQ_DEPTH: Final[int]
TIPC_SOCK_RECVQ_USED: Final[int]
TIPC_SRC_DROPPABLE: Final[int]
TIPC_SUBSCR_TIMEOUT: Final[int]
TIPC_SUB_CANCEL: Final[int]
TIPC_SUB_PORTS: Final[int]
TIPC_SUB_SERVICE: Final[int]
TIPC_TOP_SRV: Final[int]
TIPC_WAIT_FOREVER: Final[int]
TIPC_WITHDRAWN: Final[int]
TIPC_ZONE_BITS: Final[int]
TIPC_ZONE_CLUSTER_MASK: Final[int]
TIPC_ZONE_MASK: Final[int]
TIPC_ZONE_OFFSET: Final[int]
TIPC_ZONE_SCOPE: Final[int]
TIPC_ZONE_SIZE: Final[int]
TRY_AGAIN: Final[int]
UDPLITE_RECV_CSCOV: Final[int]
UDPLITE_SEND_CSCOV: Final[int]
UDP_CORK: Final[int]
UDP_ENCAP: Final[int]
UDP_ENCAP_ESPINUDP: Final[int]
UDP_ENCAP_ESPINUDP_NON_IKE: Final[int]
UDP_ENCAP_GTP0: Final[int]
UDP_ENCAP_GTP1U: Final[int]
UDP_ENCAP_L2TPINUDP: Final[int]
UDP_GRO: Final[int]
UDP_NO_CHECK6_RX: Final[int]
UDP_NO_CHECK6_TX: Final[int]
UDP_SEGMENT: Final[int]
VMADDR_CID_ANY: Final[int]
VMADDR_CID_HOST: Final[int]
VMADDR_CID_HYPERVISOR: Final[int]
VMADDR_CID_LOCAL: Final[int]
VMADDR_FLAG_TO_HOST: Final[int]
VMADDR_PORT_ANY: Final[int]
VM_SOCKETS_INVALID_VERSION: Final[int]
EBADF: Final[int]  # from errno, as in the stdlib
EAGAIN: Final[int]  # from errno, as in the stdlib
EWOULDBLOCK: Final[int]  # from errno, as in the stdlib
BDADDR_ANY: Final[str]
BDADDR_LOCAL: Final[str]

class TCPInfo(NamedTuple):
    state: int | None
    ca_state: int | None
    retransmits: int | None
    probes: int | None
    backoff: int | None
    options: int | None
    snd_wscale: int | None
    rcv_wscale: int | None
    delivery_rate_app_limited: int | None
    fastopen_client_fail: int | None
    rto: int | None
    ato: int | None
    snd_mss: int | None
    rcv_mss: int | None
    unacked: int | None
    sacked: int | None
    lost: int | None
    retrans: int | None
    fackets: int | None
    last_data_sent: int | None
    last_ack_sent: int | None
    last_data_recv: int | None
    last_ack_recv: int | None
    pmtu: int | None
    rcv_ssthresh: int | None
    rtt: int | None
    rttvar: int | None
    snd_ssthresh: int | None
    snd_cwnd: int | None
    advmss: int | None
    reordering: int | None
    rcv_rtt: int | None
    rcv_space: int | None
    total_retrans: int | None
    pacing_rate: int | None
    max_pacing_rate: int | None
    bytes_acked: int | None
    bytes_received: int | None
    segs_out: int | None
    segs_in: int | None
    notsent_bytes: int | None
    min_rtt: int | None
    data_segs_in: int | None
    data_segs_out: int | None
    delivery_rate: int | None
    busy_time: int | None
    rwnd_limited: int | None
    sndbuf_limited: int | None
    delivered: int | None
    delivered_ce: int | None
    bytes_sent: int | None
    bytes_retrans: int | None
    dsack_dups: int | None
    reord_seen: int | None
    rcv_ooopack: int | None
    snd_wnd: int | None
    rcv_wnd: int | None
    rehash: int | None
    total_rto: int | None
    total_rto_recoveries: int | None
    total_rto_time: int | None
    received_ce: int | None
    delivered_e1_bytes: int | None
    delivered_e0_bytes: int | None
    delivered_ce_bytes: int | None
    received_e1_bytes: int | None
    received_e0_bytes: int | None
    received_ce_bytes: int | None

__all__ += [
    "AF_ALG",
    "AF_APPLETALK",
    "AF_ASH",
    "AF_ATMPVC",
    "AF_ATMSVC",
    "AF_AX25",
    "AF_BLUETOOTH",
    "AF_BRIDGE",
    "AF_CAIF",
    "AF_CAN",
    "AF_DECnet",
    "AF_ECONET",
    "AF_FILE",
    "AF_IB",
    "AF_IEEE802154",
    "AF_INET",
    "AF_INET6",
    "AF_IPX",
    "AF_IRDA",
    "AF_ISDN",
    "AF_IUCV",
    "AF_KCM",
    "AF_KEY",
    "AF_LLC",
    "AF_LOCAL",
    "AF_MAX",
    "AF_MCTP",
    "AF_MPLS",
    "AF_NETBEUI",
    "AF_NETLINK",
    "AF_NETROM",
    "AF_NFC",
    "AF_PACKET",
    "AF_PHONET",
    "AF_PPPOX",
    "AF_QIPCRTR",
    "AF_RDS",
    "AF_ROSE",
    "AF_ROUTE",
    "AF_RXRPC",
    "AF_SECURITY",
    "AF_SMC",
    "AF_SNA",
    "AF_TIPC",
    "AF_UNIX",
    "AF_UNSPEC",
    "AF_VSOCK",
    "AF_WANPIPE",
    "AF_X25",
    "AF_XDP",
    "AI_ADDRCONFIG",
    "AI_ALL",
    "AI_CANONIDN",
    "AI_CANONNAME",
    "AI_IDN",
    "AI_NUMERICHOST",
    "AI_NUMERICSERV",
    "AI_PASSIVE",
    "AI_V4MAPPED",
    "ALG_OP_DECRYPT",
    "ALG_OP_ENCRYPT",
    "ALG_OP_SIGN",
    "ALG_OP_VERIFY",
    "ALG_SET_AEAD_ASSOCLEN",
    "ALG_SET_AEAD_AUTHSIZE",
    "ALG_SET_DRBG_ENTROPY",
    "ALG_SET_IV",
    "ALG_SET_KEY",
    "ALG_SET_OP",
    "ALG_SET_PUBKEY",
    "CAN_BCM",
    "CAN_BCM_CAN_FD_FRAME",
    "CAN_BCM_RX_ANNOUNCE_RESUME",
    "CAN_BCM_RX_CHANGED",
    "CAN_BCM_RX_CHECK_DLC",
    "CAN_BCM_RX_DELETE",
    "CAN_BCM_RX_FILTER_ID",
    "CAN_BCM_RX_NO_AUTOTIMER",
    "CAN_BCM_RX_READ",
    "CAN_BCM_RX_RTR_FRAME",
    "CAN_BCM_RX_SETUP",
    "CAN_BCM_RX_STATUS",
    "CAN_BCM_RX_TIMEOUT",
    "CAN_BCM_SETTIMER",
    "CAN_BCM_STARTTIMER",
    "CAN_BCM_TX_ANNOUNCE",
    "CAN_BCM_TX_COUNTEVT",
    "CAN_BCM_TX_CP_CAN_ID",
    "CAN_BCM_TX_DELETE",
    "CAN_BCM_TX_EXPIRED",
    "CAN_BCM_TX_READ",
    "CAN_BCM_TX_RESET_MULTI_IDX",
    "CAN_BCM_TX_SEND",
    "CAN_BCM_TX_SETUP",
    "CAN_BCM_TX_STATUS",
    "CAN_EFF_FLAG",
    "CAN_EFF_ID_BITS",
    "CAN_EFF_MASK",
    "CAN_ERR_FLAG",
    "CAN_ERR_MASK",
    "CAN_FD_FRAME",
    "CAN_INV_FILTER",
    "CAN_ISOTP",
    "CAN_ISOTP_CF_BROADCAST",
    "CAN_ISOTP_CHK_PAD_DATA",
    "CAN_ISOTP_CHK_PAD_LEN",
    "CAN_ISOTP_DEFAULT_EXT_ADDRESS",
    "CAN_ISOTP_DEFAULT_FLAGS",
    "CAN_ISOTP_DEFAULT_FRAME_TXTIME",
    "CAN_ISOTP_DEFAULT_LL_MTU",
    "CAN_ISOTP_DEFAULT_LL_TX_DL",
    "CAN_ISOTP_DEFAULT_LL_TX_FLAGS",
    "CAN_ISOTP_DEFAULT_PAD_CONTENT",
    "CAN_ISOTP_DEFAULT_RECV_BS",
    "CAN_ISOTP_DEFAULT_RECV_STMIN",
    "CAN_ISOTP_DEFAULT_RECV_WFTMAX",
    "CAN_ISOTP_EXTEND_ADDR",
    "CAN_ISOTP_FORCE_RXSTMIN",
    "CAN_ISOTP_FORCE_TXSTMIN",
    "CAN_ISOTP_FRAME_TXTIME_ZERO",
    "CAN_ISOTP_HALF_DUPLEX",
    "CAN_ISOTP_LISTEN_MODE",
    "CAN_ISOTP_LL_OPTS",
    "CAN_ISOTP_OPTS",
    "CAN_ISOTP_RECV_FC",
    "CAN_ISOTP_RX_EXT_ADDR",
    "CAN_ISOTP_RX_PADDING",
    "CAN_ISOTP_RX_STMIN",
    "CAN_ISOTP_SF_BROADCAST",
    "CAN_ISOTP_TX_PADDING",
    "CAN_ISOTP_TX_STMIN",
    "CAN_ISOTP_WAIT_TX_DONE",
    "CAN_J1939",
    "CAN_MAX_DLC",
    "CAN_MAX_DLEN",
    "CAN_MAX_RAW_DLC",
    "CAN_MCNET",
    "CAN_MTU",
    "CAN_NPROTO",
    "CAN_RAW",
    "CAN_RAW_ERR_FILTER",
    "CAN_RAW_FD_FRAMES",
    "CAN_RAW_FILTER",
    "CAN_RAW_FILTER_MAX",
    "CAN_RAW_JOIN_FILTERS",
    "CAN_RAW_LOOPBACK",
    "CAN_RAW_RECV_OWN_MSGS",
    "CAN_RTR_FLAG",
    "CAN_SFF_ID_BITS",
    "CAN_SFF_MASK",
    "CAN_TP16",
    "CAN_TP20",
    "EAI_ADDRFAMILY",
    "EAI_AGAIN",
    "EAI_ALLDONE",
    "EAI_BADFLAGS",
    "EAI_CANCELED",
    "EAI_FAIL",
    "EAI_FAMILY",
    "EAI_IDN_ENCODE",
    "EAI_INPROGRESS",
    "EAI_INTR",
    "EAI_MEMORY",
    "EAI_NODATA",
    "EAI_NONAME",
    "EAI_NOTCANCELED",
    "EAI_OVERFLOW",
    "EAI_SERVICE",
    "EAI_SOCKTYPE",
    "EAI_SYSTEM",
    "ETHERTYPE_AARP",
    "ETHERTYPE_ARP",
    "ETHERTYPE_AT",
    "ETHERTYPE_IP",
    "ETHERTYPE_IPV6",
    "ETHERTYPE_IPX",
    "ETHERTYPE_LOOPBACK",
    "ETHERTYPE_NTRAILER",
    "ETHERTYPE_PUP",
    "ETHERTYPE_REVARP",
    "ETHERTYPE_SPRITE",
    "ETHERTYPE_TRAIL",
    "ETHERTYPE_VLAN",
    "ETH_P_1588",
    "ETH_P_8021AD",
    "ETH_P_8021AH",
    "ETH_P_8021Q",
    "ETH_P_80221",
    "ETH_P_802_2",
    "ETH_P_802_3",
    "ETH_P_802_3_MIN",
    "ETH_P_802_EX1",
    "ETH_P_AARP",
    "ETH_P_AF_IUCV",
    "ETH_P_ALL",
    "ETH_P_AOE",
    "ETH_P_ARCNET",
    "ETH_P_ARP",
    "ETH_P_ATALK",
    "ETH_P_ATMFATE",
    "ETH_P_ATMMPOA",
    "ETH_P_AX25",
    "ETH_P_BATMAN",
    "ETH_P_BPQ",
    "ETH_P_CAIF",
    "ETH_P_CAN",
    "ETH_P_CANFD",
    "ETH_P_CANXL",
    "ETH_P_CFM",
    "ETH_P_CONTROL",
    "ETH_P_CUST",
    "ETH_P_DDCMP",
    "ETH_P_DEC",
    "ETH_P_DIAG",
    "ETH_P_DNA_DL",
    "ETH_P_DNA_RC",
    "ETH_P_DNA_RT",
    "ETH_P_DSA",
    "ETH_P_DSA_8021Q",
    "ETH_P_DSA_A5PSW",
    "ETH_P_ECONET",
    "ETH_P_EDSA",
    "ETH_P_ERSPAN",
    "ETH_P_ERSPAN2",
    "ETH_P_ETHERCAT",
    "ETH_P_FCOE",
    "ETH_P_FIP",
    "ETH_P_HDLC",
    "ETH_P_HSR",
    "ETH_P_IBOE",
    "ETH_P_IEEE802154",
    "ETH_P_IEEEPUP",
    "ETH_P_IEEEPUPAT",
    "ETH_P_IFE",
    "ETH_P_IP",
    "ETH_P_IPV6",
    "ETH_P_IPX",
    "ETH_P_IRDA",
    "ETH_P_LAT",
    "ETH_P_LINK_CTL",
    "ETH_P_LLDP",
    "ETH_P_LOCALTALK",
    "ETH_P_LOOP",
    "ETH_P_LOOPBACK",
    "ETH_P_MACSEC",
    "ETH_P_MAP",
    "ETH_P_MCTP",
    "ETH_P_MOBITEX",
    "ETH_P_MPLS_MC",
    "ETH_P_MPLS_UC",
    "ETH_P_MRP",
    "ETH_P_MVRP",
    "ETH_P_NCSI",
    "ETH_P_NSH",
    "ETH_P_PAE",
    "ETH_P_PAUSE",
    "ETH_P_PHONET",
    "ETH_P_PPPTALK",
    "ETH_P_PPP_DISC",
    "ETH_P_PPP_MP",
    "ETH_P_PPP_SES",
    "ETH_P_PREAUTH",
    "ETH_P_PROFINET",
    "ETH_P_PRP",
    "ETH_P_PUP",
    "ETH_P_PUPAT",
    "ETH_P_QINQ1",
    "ETH_P_QINQ2",
    "ETH_P_QINQ3",
    "ETH_P_RARP",
    "ETH_P_REALTEK",
    "ETH_P_SCA",
    "ETH_P_SLOW",
    "ETH_P_SNAP",
    "ETH_P_TDLS",
    "ETH_P_TEB",
    "ETH_P_TIPC",
    "ETH_P_TRAILER",
    "ETH_P_TR_802_2",
    "ETH_P_TSN",
    "ETH_P_WAN_PPP",
    "ETH_P_WCCP",
    "ETH_P_X25",
    "ETH_P_XDSA",
    "FD_CLOEXEC",
    "FD_SETSIZE",
    "F_GETFD",
    "F_GETFL",
    "F_SETFD",
    "F_SETFL",
    "HOST_NOT_FOUND",
    "IFNAMSIZ",
    "IF_NAMESIZE",
    "INADDR_ALLHOSTS_GROUP",
    "INADDR_ALLRTRS_GROUP",
    "INADDR_ALLSNOOPERS_GROUP",
    "INADDR_ANY",
    "INADDR_BROADCAST",
    "INADDR_DUMMY",
    "INADDR_LOOPBACK",
    "INADDR_MAX_LOCAL_GROUP",
    "INADDR_NONE",
    "INADDR_UNSPEC_GROUP",
    "INET6_ADDRSTRLEN",
    "INET_ADDRSTRLEN",
    "IOCTL_VM_SOCKETS_GET_LOCAL_CID",
    "IPPORT_RESERVED",
    "IPPORT_USERRESERVED",
    "IPPROTO_AH",
    "IPPROTO_BEETPH",
    "IPPROTO_COMP",
    "IPPROTO_DCCP",
    "IPPROTO_DSTOPTS",
    "IPPROTO_EGP",
    "IPPROTO_ENCAP",
    "IPPROTO_ESP",
    "IPPROTO_ETHERNET",
    "IPPROTO_FRAGMENT",
    "IPPROTO_GRE",
    "IPPROTO_HOPOPTS",
    "IPPROTO_ICMP",
    "IPPROTO_ICMPV6",
    "IPPROTO_IDP",
    "IPPROTO_IGMP",
    "IPPROTO_IP",
    "IPPROTO_IPIP",
    "IPPROTO_IPV6",
    "IPPROTO_MH",
    "IPPROTO_MPLS",
    "IPPROTO_MPTCP",
    "IPPROTO_MTP",
    "IPPROTO_NONE",
    "IPPROTO_PIM",
    "IPPROTO_PUP",
    "IPPROTO_RAW",
    "IPPROTO_ROUTING",
    "IPPROTO_RSVP",
    "IPPROTO_SCTP",
    "IPPROTO_TCP",
    "IPPROTO_TP",
    "IPPROTO_UDP",
    "IPPROTO_UDPLITE",
    "IPV6_2292DSTOPTS",
    "IPV6_2292HOPLIMIT",
    "IPV6_2292HOPOPTS",
    "IPV6_2292PKTINFO",
    "IPV6_2292PKTOPTIONS",
    "IPV6_2292RTHDR",
    "IPV6_ADDRFORM",
    "IPV6_ADDR_PREFERENCES",
    "IPV6_ADD_MEMBERSHIP",
    "IPV6_AUTHHDR",
    "IPV6_AUTOFLOWLABEL",
    "IPV6_CHECKSUM",
    "IPV6_DONTFRAG",
    "IPV6_DROP_MEMBERSHIP",
    "IPV6_DSTOPTS",
    "IPV6_FLOWINFO",
    "IPV6_FLOWINFO_FLOWLABEL",
    "IPV6_FLOWINFO_PRIORITY",
    "IPV6_FLOWINFO_SEND",
    "IPV6_FLOWLABEL_MGR",
    "IPV6_FL_A_GET",
    "IPV6_FL_A_PUT",
    "IPV6_FL_A_RENEW",
    "IPV6_FL_F_CREATE",
    "IPV6_FL_F_EXCL",
    "IPV6_FL_F_REFLECT",
    "IPV6_FL_F_REMOTE",
    "IPV6_FL_S_ANY",
    "IPV6_FL_S_EXCL",
    "IPV6_FL_S_NONE",
    "IPV6_FL_S_PROCESS",
    "IPV6_FL_S_USER",
    "IPV6_FREEBIND",
    "IPV6_HDRINCL",
    "IPV6_HOPLIMIT",
    "IPV6_HOPOPTS",
    "IPV6_IPSEC_POLICY",
    "IPV6_JOIN_ANYCAST",
    "IPV6_JOIN_GROUP",
    "IPV6_LEAVE_ANYCAST",
    "IPV6_LEAVE_GROUP",
    "IPV6_MINHOPCOUNT",
    "IPV6_MTU",
    "IPV6_MTU_DISCOVER",
    "IPV6_MULTICAST_ALL",
    "IPV6_MULTICAST_HOPS",
    "IPV6_MULTICAST_IF",
    "IPV6_MULTICAST_LOOP",
    "IPV6_NEXTHOP",
    "IPV6_ORIGDSTADDR",
    "IPV6_PATHMTU",
    "IPV6_PKTINFO",
    "IPV6_PMTUDISC_DO",
    "IPV6_PMTUDISC_DONT",
    "IPV6_PMTUDISC_INTERFACE",
    "IPV6_PMTUDISC_OMIT",
    "IPV6_PMTUDISC_PROBE",
    "IPV6_PMTUDISC_WANT",
    "IPV6_PREFER_SRC_CGA",
    "IPV6_PREFER_SRC_COA",
    "IPV6_PREFER_SRC_HOME",
    "IPV6_PREFER_SRC_NONCGA",
    "IPV6_PREFER_SRC_PUBLIC",
    "IPV6_PREFER_SRC_PUBTMP_DEFAULT",
    "IPV6_PREFER_SRC_TMP",
    "IPV6_PRIORITY_10",
    "IPV6_PRIORITY_11",
    "IPV6_PRIORITY_12",
    "IPV6_PRIORITY_13",
    "IPV6_PRIORITY_14",
    "IPV6_PRIORITY_15",
    "IPV6_PRIORITY_8",
    "IPV6_PRIORITY_9",
    "IPV6_PRIORITY_BULK",
    "IPV6_PRIORITY_CONTROL",
    "IPV6_PRIORITY_FILLER",
    "IPV6_PRIORITY_INTERACTIVE",
    "IPV6_PRIORITY_RESERVED1",
    "IPV6_PRIORITY_RESERVED2",
    "IPV6_PRIORITY_UNATTENDED",
    "IPV6_PRIORITY_UNCHARACTERIZED",
    "IPV6_RECVDSTOPTS",
    "IPV6_RECVERR",
    "IPV6_RECVERR_RFC4884",
    "IPV6_RECVFRAGSIZE",
    "IPV6_RECVHOPLIMIT",
    "IPV6_RECVHOPOPTS",
    "IPV6_RECVORIGDSTADDR",
    "IPV6_RECVPATHMTU",
    "IPV6_RECVPKTINFO",
    "IPV6_RECVRTHDR",
    "IPV6_RECVTCLASS",
    "IPV6_ROUTER_ALERT",
    "IPV6_ROUTER_ALERT_ISOLATE",
    "IPV6_RTHDR",
    "IPV6_RTHDRDSTOPTS",
    "IPV6_RTHDR_LOOSE",
    "IPV6_RTHDR_STRICT",
    "IPV6_RTHDR_TYPE_0",
    "IPV6_RXDSTOPTS",
    "IPV6_RXHOPOPTS",
    "IPV6_TCLASS",
    "IPV6_TLV_CALIPSO",
    "IPV6_TLV_HAO",
    "IPV6_TLV_IOAM",
    "IPV6_TLV_JUMBO",
    "IPV6_TLV_PAD1",
    "IPV6_TLV_PADN",
    "IPV6_TLV_ROUTERALERT",
    "IPV6_TRANSPARENT",
    "IPV6_UNICAST_HOPS",
    "IPV6_UNICAST_IF",
    "IPV6_V6ONLY",
    "IPV6_XFRM_POLICY",
    "IP_ADD_MEMBERSHIP",
    "IP_ADD_SOURCE_MEMBERSHIP",
    "IP_BIND_ADDRESS_NO_PORT",
    "IP_BLOCK_SOURCE",
    "IP_CHECKSUM",
    "IP_DEFAULT_MULTICAST_LOOP",
    "IP_DEFAULT_MULTICAST_TTL",
    "IP_DROP_MEMBERSHIP",
    "IP_DROP_SOURCE_MEMBERSHIP",
    "IP_FREEBIND",
    "IP_HDRINCL",
    "IP_IPSEC_POLICY",
    "IP_LOCAL_PORT_RANGE",
    "IP_MAX_MEMBERSHIPS",
    "IP_MINTTL",
    "IP_MSFILTER",
    "IP_MTU",
    "IP_MTU_DISCOVER",
    "IP_MULTICAST_ALL",
    "IP_MULTICAST_IF",
    "IP_MULTICAST_LOOP",
    "IP_MULTICAST_TTL",
    "IP_NODEFRAG",
    "IP_OPTIONS",
    "IP_ORIGDSTADDR",
    "IP_PASSSEC",
    "IP_PKTINFO",
    "IP_PKTOPTIONS",
    "IP_PMTUDISC",
    "IP_PMTUDISC_DO",
    "IP_PMTUDISC_DONT",
    "IP_PMTUDISC_INTERFACE",
    "IP_PMTUDISC_OMIT",
    "IP_PMTUDISC_PROBE",
    "IP_PMTUDISC_WANT",
    "IP_PROTOCOL",
    "IP_RECVERR",
    "IP_RECVERR_RFC4884",
    "IP_RECVFRAGSIZE",
    "IP_RECVOPTS",
    "IP_RECVORIGDSTADDR",
    "IP_RECVRETOPTS",
    "IP_RECVTOS",
    "IP_RECVTTL",
    "IP_RETOPTS",
    "IP_ROUTER_ALERT",
    "IP_TOS",
    "IP_TRANSPARENT",
    "IP_TTL",
    "IP_UNBLOCK_SOURCE",
    "IP_UNICAST_IF",
    "IP_XFRM_POLICY",
    "J1939_EE_INFO_NONE",
    "J1939_EE_INFO_TX_ABORT",
    "J1939_FILTER_MAX",
    "J1939_IDLE_ADDR",
    "J1939_MAX_UNICAST_ADDR",
    "J1939_NLA_BYTES_ACKED",
    "J1939_NLA_PAD",
    "J1939_NO_ADDR",
    "J1939_NO_NAME",
    "J1939_NO_PGN",
    "J1939_PGN_ADDRESS_CLAIMED",
    "J1939_PGN_ADDRESS_COMMANDED",
    "J1939_PGN_MAX",
    "J1939_PGN_PDU1_MAX",
    "J1939_PGN_REQUEST",
    "MCAST_BLOCK_SOURCE",
    "MCAST_EXCLUDE",
    "MCAST_INCLUDE",
    "MCAST_JOIN_GROUP",
    "MCAST_JOIN_SOURCE_GROUP",
    "MCAST_LEAVE_GROUP",
    "MCAST_LEAVE_SOURCE_GROUP",
    "MCAST_MSFILTER",
    "MCAST_UNBLOCK_SOURCE",
    "MSG_BATCH",
    "MSG_CMSG_CLOEXEC",
    "MSG_CONFIRM",
    "MSG_CTRUNC",
    "MSG_DONTROUTE",
    "MSG_DONTWAIT",
    "MSG_EOR",
    "MSG_ERRQUEUE",
    "MSG_FASTOPEN",
    "MSG_FIN",
    "MSG_MORE",
    "MSG_NOSIGNAL",
    "MSG_OOB",
    "MSG_PEEK",
    "MSG_PROXY",
    "MSG_RST",
    "MSG_SYN",
    "MSG_TRUNC",
    "MSG_TRYHARD",
    "MSG_WAITALL",
    "MSG_WAITFORONE",
    "MSG_ZEROCOPY",
    "NETLINK_ADD_MEMBERSHIP",
    "NETLINK_AUDIT",
    "NETLINK_BROADCAST_ERROR",
    "NETLINK_CAP_ACK",
    "NETLINK_CONNECTOR",
    "NETLINK_CRYPTO",
    "NETLINK_DNRTMSG",
    "NETLINK_DROP_MEMBERSHIP",
    "NETLINK_ECRYPTFS",
    "NETLINK_EXT_ACK",
    "NETLINK_FIB_LOOKUP",
    "NETLINK_FIREWALL",
    "NETLINK_GENERIC",
    "NETLINK_GET_STRICT_CHK",
    "NETLINK_INET_DIAG",
    "NETLINK_IP6_FW",
    "NETLINK_ISCSI",
    "NETLINK_KOBJECT_UEVENT",
    "NETLINK_LISTEN_ALL_NSID",
    "NETLINK_LIST_MEMBERSHIPS",
    "NETLINK_NETFILTER",
    "NETLINK_NFLOG",
    "NETLINK_NO_ENOBUFS",
    "NETLINK_PKTINFO",
    "NETLINK_RDMA",
    "NETLINK_ROUTE",
    "NETLINK_RX_RING",
    "NETLINK_SCSITRANSPORT",
    "NETLINK_SELINUX",
    "NETLINK_SMC",
    "NETLINK_SOCK_DIAG",
    "NETLINK_TX_RING",
    "NETLINK_UNUSED",
    "NETLINK_USERSOCK",
    "NETLINK_XFRM",
    "NI_DGRAM",
    "NI_IDN",
    "NI_MAXHOST",
    "NI_MAXSERV",
    "NI_NAMEREQD",
    "NI_NOFQDN",
    "NI_NUMERICHOST",
    "NI_NUMERICSERV",
    "NO_ADDRESS",
    "NO_DATA",
    "NO_RECOVERY",
    "O_NONBLOCK",
    "PACKET_ADD_MEMBERSHIP",
    "PACKET_AUXDATA",
    "PACKET_BROADCAST",
    "PACKET_COPY_THRESH",
    "PACKET_DROP_MEMBERSHIP",
    "PACKET_FANOUT",
    "PACKET_FANOUT_CBPF",
    "PACKET_FANOUT_CPU",
    "PACKET_FANOUT_DATA",
    "PACKET_FANOUT_EBPF",
    "PACKET_FANOUT_FLAG_DEFRAG",
    "PACKET_FANOUT_FLAG_ROLLOVER",
    "PACKET_FANOUT_FLAG_UNIQUEID",
    "PACKET_FANOUT_HASH",
    "PACKET_FANOUT_LB",
    "PACKET_FANOUT_QM",
    "PACKET_FANOUT_RND",
    "PACKET_FANOUT_ROLLOVER",
    "PACKET_FASTROUTE",
    "PACKET_HDRLEN",
    "PACKET_HOST",
    "PACKET_IGNORE_OUTGOING",
    "PACKET_KERNEL",
    "PACKET_LOOPBACK",
    "PACKET_LOSS",
    "PACKET_MR_ALLMULTI",
    "PACKET_MR_MULTICAST",
    "PACKET_MR_PROMISC",
    "PACKET_MR_UNICAST",
    "PACKET_MULTICAST",
    "PACKET_ORIGDEV",
    "PACKET_OTHERHOST",
    "PACKET_OUTGOING",
    "PACKET_QDISC_BYPASS",
    "PACKET_RECV_OUTPUT",
    "PACKET_RESERVE",
    "PACKET_ROLLOVER_STATS",
    "PACKET_RX_RING",
    "PACKET_STATISTICS",
    "PACKET_TIMESTAMP",
    "PACKET_TX_HAS_OFF",
    "PACKET_TX_RING",
    "PACKET_TX_TIMESTAMP",
    "PACKET_USER",
    "PACKET_VERSION",
    "PACKET_VNET_HDR",
    "PF_ALG",
    "PF_APPLETALK",
    "PF_ASH",
    "PF_ATMPVC",
    "PF_ATMSVC",
    "PF_AX25",
    "PF_BLUETOOTH",
    "PF_BRIDGE",
    "PF_CAIF",
    "PF_CAN",
    "PF_DECnet",
    "PF_ECONET",
    "PF_FILE",
    "PF_IB",
    "PF_IEEE802154",
    "PF_INET",
    "PF_INET6",
    "PF_IPX",
    "PF_IRDA",
    "PF_ISDN",
    "PF_IUCV",
    "PF_KCM",
    "PF_KEY",
    "PF_LLC",
    "PF_LOCAL",
    "PF_MAX",
    "PF_MCTP",
    "PF_MPLS",
    "PF_NETBEUI",
    "PF_NETLINK",
    "PF_NETROM",
    "PF_NFC",
    "PF_PACKET",
    "PF_PHONET",
    "PF_PPPOX",
    "PF_QIPCRTR",
    "PF_RDS",
    "PF_ROSE",
    "PF_ROUTE",
    "PF_RXRPC",
    "PF_SECURITY",
    "PF_SMC",
    "PF_SNA",
    "PF_TIPC",
    "PF_UNIX",
    "PF_UNSPEC",
    "PF_VSOCK",
    "PF_WANPIPE",
    "PF_X25",
    "PF_XDP",
    "POLLERR",
    "POLLHUP",
    "POLLIN",
    "POLLMSG",
    "POLLNVAL",
    "POLLOUT",
    "POLLPRI",
    "POLLRDBAND",
    "POLLRDHUP",
    "POLLRDNORM",
    "POLLREMOVE",
    "POLLWRBAND",
    "POLLWRNORM",
    "QRTR_NODE_BCAST",
    "QRTR_PORT_CTRL",
    "SCM_CREDENTIALS",
    "SCM_J1939_DEST_ADDR",
    "SCM_J1939_DEST_NAME",
    "SCM_J1939_ERRQUEUE",
    "SCM_J1939_PRIO",
    "SCM_RIGHTS",
    "SCM_TIMESTAMP",
    "SCM_TIMESTAMPING",
    "SCM_TIMESTAMPING_OPT_STATS",
    "SCM_TIMESTAMPING_PKTINFO",
    "SCM_TIMESTAMPNS",
    "SCM_TXTIME",
    "SCM_WIFI_STATUS",
    "SHUT_RD",
    "SHUT_RDWR",
    "SHUT_WR",
    "SIOCADDDLCI",
    "SIOCADDMULTI",
    "SIOCADDRT",
    "SIOCATMARK",
    "SIOCBONDCHANGEACTIVE",
    "SIOCBONDENSLAVE",
    "SIOCBONDINFOQUERY",
    "SIOCBONDRELEASE",
    "SIOCBONDSETHWADDR",
    "SIOCBONDSLAVEINFOQUERY",
    "SIOCBRADDBR",
    "SIOCBRADDIF",
    "SIOCBRDELBR",
    "SIOCBRDELIF",
    "SIOCDARP",
    "SIOCDELDLCI",
    "SIOCDELMULTI",
    "SIOCDELRT",
    "SIOCDEVPRIVATE",
    "SIOCDIFADDR",
    "SIOCDRARP",
    "SIOCETHTOOL",
    "SIOCGARP",
    "SIOCGETLINKNAME",
    "SIOCGETNODEID",
    "SIOCGHWTSTAMP",
    "SIOCGIFADDR",
    "SIOCGIFBR",
    "SIOCGIFBRDADDR",
    "SIOCGIFCONF",
    "SIOCGIFCOUNT",
    "SIOCGIFDSTADDR",
    "SIOCGIFENCAP",
    "SIOCGIFFLAGS",
    "SIOCGIFHWADDR",
    "SIOCGIFINDEX",
    "SIOCGIFMAP",
    "SIOCGIFMEM",
    "SIOCGIFMETRIC",
    "SIOCGIFMTU",
    "SIOCGIFNAME",
    "SIOCGIFNETMASK",
    "SIOCGIFPFLAGS",
    "SIOCGIFSLAVE",
    "SIOCGIFTXQLEN",
    "SIOCGIFVLAN",
    "SIOCGMIIPHY",
    "SIOCGMIIREG",
    "SIOCGPGRP",
    "SIOCGRARP",
    "SIOCGSKNS",
    "SIOCGSTAMP",
    "SIOCGSTAMPNS",
    "SIOCGSTAMPNS_NEW",
    "SIOCGSTAMPNS_OLD",
    "SIOCGSTAMP_NEW",
    "SIOCGSTAMP_OLD",
    "SIOCINQ",
    "SIOCOUTQ",
    "SIOCOUTQNSD",
    "SIOCPROTOPRIVATE",
    "SIOCRTMSG",
    "SIOCSARP",
    "SIOCSHWTSTAMP",
    "SIOCSIFADDR",
    "SIOCSIFBR",
    "SIOCSIFBRDADDR",
    "SIOCSIFDSTADDR",
    "SIOCSIFENCAP",
    "SIOCSIFFLAGS",
    "SIOCSIFHWADDR",
    "SIOCSIFHWBROADCAST",
    "SIOCSIFLINK",
    "SIOCSIFMAP",
    "SIOCSIFMEM",
    "SIOCSIFMETRIC",
    "SIOCSIFMTU",
    "SIOCSIFNAME",
    "SIOCSIFNETMASK",
    "SIOCSIFPFLAGS",
    "SIOCSIFSLAVE",
    "SIOCSIFTXQLEN",
    "SIOCSIFVLAN",
    "SIOCSMIIREG",
    "SIOCSPGRP",
    "SIOCSRARP",
    "SIOCWANDEV",
    "SOCK_BUF_LOCK_MASK",
    "SOCK_CLOEXEC",
    "SOCK_DCCP",
    "SOCK_DGRAM",
    "SOCK_IOC_TYPE",
    "SOCK_NONBLOCK",
    "SOCK_PACKET",
    "SOCK_RAW",
    "SOCK_RCVBUF_LOCK",
    "SOCK_RDM",
    "SOCK_SEQPACKET",
    "SOCK_SNDBUF_LOCK",
    "SOCK_STREAM",
    "SOCK_TXREHASH_DEFAULT",
    "SOCK_TXREHASH_DISABLED",
    "SOCK_TXREHASH_ENABLED",
    "SOF_TIMESTAMPING_TX_RECORD_MASK",
    "SOL_AAL",
    "SOL_ALG",
    "SOL_ATM",
    "SOL_BLUETOOTH",
    "SOL_CAIF",
    "SOL_CAN_BASE",
    "SOL_CAN_ISOTP",
    "SOL_CAN_J1939",
    "SOL_CAN_RAW",
    "SOL_DCCP",
    "SOL_DECNET",
    "SOL_ICMPV6",
    "SOL_IP",
    "SOL_IPV6",
    "SOL_IRDA",
    "SOL_IUCV",
    "SOL_KCM",
    "SOL_LLC",
    "SOL_MCTP",
    "SOL_MPTCP",
    "SOL_NETBEUI",
    "SOL_NETLINK",
    "SOL_NFC",
    "SOL_PACKET",
    "SOL_PNPIPE",
    "SOL_PPPOL2TP",
    "SOL_RAW",
    "SOL_RDS",
    "SOL_RXRPC",
    "SOL_SMC",
    "SOL_SOCKET",
    "SOL_TCP",
    "SOL_TIPC",
    "SOL_TLS",
    "SOL_UDP",
    "SOL_VSOCK",
    "SOL_X25",
    "SOL_XDP",
    "SOMAXCONN",
    "SO_ACCEPTCONN",
    "SO_ATTACH_BPF",
    "SO_ATTACH_FILTER",
    "SO_ATTACH_REUSEPORT_CBPF",
    "SO_ATTACH_REUSEPORT_EBPF",
    "SO_BINDTODEVICE",
    "SO_BINDTOIFINDEX",
    "SO_BPF_EXTENSIONS",
    "SO_BROADCAST",
    "SO_BSDCOMPAT",
    "SO_BUF_LOCK",
    "SO_BUSY_POLL",
    "SO_BUSY_POLL_BUDGET",
    "SO_CNX_ADVICE",
    "SO_COOKIE",
    "SO_DEBUG",
    "SO_DETACH_BPF",
    "SO_DETACH_FILTER",
    "SO_DETACH_REUSEPORT_BPF",
    "SO_DOMAIN",
    "SO_DONTROUTE",
    "SO_EE_CODE_TXTIME_INVALID_PARAM",
    "SO_EE_CODE_TXTIME_MISSED",
    "SO_EE_CODE_ZEROCOPY_COPIED",
    "SO_EE_ORIGIN_ICMP",
    "SO_EE_ORIGIN_ICMP6",
    "SO_EE_ORIGIN_LOCAL",
    "SO_EE_ORIGIN_NONE",
    "SO_EE_ORIGIN_TIMESTAMPING",
    "SO_EE_ORIGIN_TXSTATUS",
    "SO_EE_ORIGIN_TXTIME",
    "SO_EE_ORIGIN_ZEROCOPY",
    "SO_EE_RFC4884_FLAG_INVALID",
    "SO_ERROR",
    "SO_GET_FILTER",
    "SO_INCOMING_CPU",
    "SO_INCOMING_NAPI_ID",
    "SO_J1939_ERRQUEUE",
    "SO_J1939_FILTER",
    "SO_J1939_PROMISC",
    "SO_J1939_SEND_PRIO",
    "SO_KEEPALIVE",
    "SO_LINGER",
    "SO_LOCK_FILTER",
    "SO_MARK",
    "SO_MAX_PACING_RATE",
    "SO_MEMINFO",
    "SO_NETNS_COOKIE",
    "SO_NOFCS",
    "SO_NO_CHECK",
    "SO_OOBINLINE",
    "SO_ORIGINAL_DST",
    "SO_PASSCRED",
    "SO_PASSSEC",
    "SO_PEEK_OFF",
    "SO_PEERCRED",
    "SO_PEERGROUPS",
    "SO_PEERNAME",
    "SO_PEERSEC",
    "SO_PREFER_BUSY_POLL",
    "SO_PRIORITY",
    "SO_PROTOCOL",
    "SO_RCVBUF",
    "SO_RCVBUFFORCE",
    "SO_RCVLOWAT",
    "SO_RCVMARK",
    "SO_RCVTIMEO",
    "SO_RCVTIMEO_NEW",
    "SO_RCVTIMEO_OLD",
    "SO_RESERVE_MEM",
    "SO_REUSEADDR",
    "SO_REUSEPORT",
    "SO_RXQ_OVFL",
    "SO_SECURITY_AUTHENTICATION",
    "SO_SECURITY_ENCRYPTION_NETWORK",
    "SO_SECURITY_ENCRYPTION_TRANSPORT",
    "SO_SELECT_ERR_QUEUE",
    "SO_SNDBUF",
    "SO_SNDBUFFORCE",
    "SO_SNDLOWAT",
    "SO_SNDTIMEO",
    "SO_SNDTIMEO_NEW",
    "SO_SNDTIMEO_OLD",
    "SO_TIMESTAMP",
    "SO_TIMESTAMPING",
    "SO_TIMESTAMPING_NEW",
    "SO_TIMESTAMPING_OLD",
    "SO_TIMESTAMPNS",
    "SO_TIMESTAMPNS_NEW",
    "SO_TIMESTAMPNS_OLD",
    "SO_TIMESTAMP_NEW",
    "SO_TIMESTAMP_OLD",
    "SO_TXREHASH",
    "SO_TXTIME",
    "SO_TYPE",
    "SO_VM_SOCKETS_BUFFER_MAX_SIZE",
    "SO_VM_SOCKETS_BUFFER_MIN_SIZE",
    "SO_VM_SOCKETS_BUFFER_SIZE",
    "SO_VM_SOCKETS_CONNECT_TIMEOUT",
    "SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW",
    "SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD",
    "SO_VM_SOCKETS_NONBLOCK_TXRX",
    "SO_VM_SOCKETS_PEER_HOST_VM_ID",
    "SO_VM_SOCKETS_TRUSTED",
    "SO_WIFI_STATUS",
    "SO_ZEROCOPY",
    "TCP_CC_INFO",
    "TCP_CM_INQ",
    "TCP_CONGESTION",
    "TCP_COOKIE_IN_ALWAYS",
    "TCP_COOKIE_MAX",
    "TCP_COOKIE_MIN",
    "TCP_COOKIE_OUT_NEVER",
    "TCP_COOKIE_PAIR_SIZE",
    "TCP_COOKIE_TRANSACTIONS",
    "TCP_CORK",
    "TCP_DEFER_ACCEPT",
    "TCP_FASTOPEN",
    "TCP_FASTOPEN_CONNECT",
    "TCP_FASTOPEN_KEY",
    "TCP_FASTOPEN_NO_COOKIE",
    "TCP_INFO",
    "TCP_INQ",
    "TCP_KEEPCNT",
    "TCP_KEEPIDLE",
    "TCP_KEEPINTVL",
    "TCP_LINGER2",
    "TCP_MAXSEG",
    "TCP_MAXWIN",
    "TCP_MAX_WINSHIFT",
    "TCP_MD5SIG",
    "TCP_MD5SIG_EXT",
    "TCP_MD5SIG_FLAG_PREFIX",
    "TCP_MD5SIG_MAXKEYLEN",
    "TCP_MSS",
    "TCP_MSS_DEFAULT",
    "TCP_MSS_DESIRED",
    "TCP_NODELAY",
    "TCP_NOTSENT_LOWAT",
    "TCP_QUEUE_SEQ",
    "TCP_QUICKACK",
    "TCP_REPAIR",
    "TCP_REPAIR_OFF",
    "TCP_REPAIR_OFF_NO_WP",
    "TCP_REPAIR_ON",
    "TCP_REPAIR_OPTIONS",
    "TCP_REPAIR_QUEUE",
    "TCP_REPAIR_WINDOW",
    "TCP_SAVED_SYN",
    "TCP_SAVE_SYN",
    "TCP_SYNCNT",
    "TCP_S_DATA_IN",
    "TCP_S_DATA_OUT",
    "TCP_THIN_DUPACK",
    "TCP_THIN_LINEAR_TIMEOUTS",
    "TCP_TIMESTAMP",
    "TCP_TX_DELAY",
    "TCP_ULP",
    "TCP_USER_TIMEOUT",
    "TCP_WINDOW_CLAMP",
    "TCP_ZEROCOPY_RECEIVE",
    "TIPC_ADDR_ID",
    "TIPC_ADDR_MCAST",
    "TIPC_ADDR_NAME",
    "TIPC_ADDR_NAMESEQ",
    "TIPC_AEAD_ALG_NAME",
    "TIPC_AEAD_KEYLEN_MAX",
    "TIPC_AEAD_KEYLEN_MIN",
    "TIPC_AEAD_KEY_SIZE_MAX",
    "TIPC_CFG_SRV",
    "TIPC_CLUSTER_BITS",
    "TIPC_CLUSTER_MASK",
    "TIPC_CLUSTER_OFFSET",
    "TIPC_CLUSTER_SCOPE",
    "TIPC_CLUSTER_SIZE",
    "TIPC_CONN_SHUTDOWN",
    "TIPC_CONN_TIMEOUT",
    "TIPC_CRITICAL_IMPORTANCE",
    "TIPC_DESTNAME",
    "TIPC_DEST_DROPPABLE",
    "TIPC_ERRINFO",
    "TIPC_ERR_NO_NAME",
    "TIPC_ERR_NO_NODE",
    "TIPC_ERR_NO_PORT",
    "TIPC_ERR_OVERLOAD",
    "TIPC_GROUP_JOIN",
    "TIPC_GROUP_LEAVE",
    "TIPC_GROUP_LOOPBACK",
    "TIPC_GROUP_MEMBER_EVTS",
    "TIPC_HIGH_IMPORTANCE",
    "TIPC_IMPORTANCE",
    "TIPC_LINK_STATE",
    "TIPC_LOW_IMPORTANCE",
    "TIPC_MAX_BEARER_NAME",
    "TIPC_MAX_IF_NAME",
    "TIPC_MAX_LINK_NAME",
    "TIPC_MAX_MEDIA_NAME",
    "TIPC_MAX_USER_MSG_SIZE",
    "TIPC_MCAST_BROADCAST",
    "TIPC_MCAST_REPLICAST",
    "TIPC_MEDIUM_IMPORTANCE",
    "TIPC_NODEID_LEN",
    "TIPC_NODELAY",
    "TIPC_NODE_BITS",
    "TIPC_NODE_MASK",
    "TIPC_NODE_OFFSET",
    "TIPC_NODE_RECVQ_DEPTH",
    "TIPC_NODE_SCOPE",
    "TIPC_NODE_SIZE",
    "TIPC_NODE_STATE",
    "TIPC_OK",
    "TIPC_PUBLISHED",
    "TIPC_REKEYING_NOW",
    "TIPC_RESERVED_TYPES",
    "TIPC_RETDATA",
    "TIPC_SERVICE_ADDR",
    "TIPC_SERVICE_RANGE",
    "TIPC_SOCKET_ADDR",
    "TIPC_SOCK_RECVQ_DEPTH",
    "TIPC_SOCK_RECVQ_USED",
    "TIPC_SRC_DROPPABLE",
    "TIPC_SUBSCR_TIMEOUT",
    "TIPC_SUB_CANCEL",
    "TIPC_SUB_PORTS",
    "TIPC_SUB_SERVICE",
    "TIPC_TOP_SRV",
    "TIPC_WAIT_FOREVER",
    "TIPC_WITHDRAWN",
    "TIPC_ZONE_BITS",
    "TIPC_ZONE_CLUSTER_MASK",
    "TIPC_ZONE_MASK",
    "TIPC_ZONE_OFFSET",
    "TIPC_ZONE_SCOPE",
    "TIPC_ZONE_SIZE",
    "TRY_AGAIN",
    "UDPLITE_RECV_CSCOV",
    "UDPLITE_SEND_CSCOV",
    "UDP_CORK",
    "UDP_ENCAP",
    "UDP_ENCAP_ESPINUDP",
    "UDP_ENCAP_ESPINUDP_NON_IKE",
    "UDP_ENCAP_GTP0",
    "UDP_ENCAP_GTP1U",
    "UDP_ENCAP_L2TPINUDP",
    "UDP_GRO",
    "UDP_NO_CHECK6_RX",
    "UDP_NO_CHECK6_TX",
    "UDP_SEGMENT",
    "VMADDR_CID_ANY",
    "VMADDR_CID_HOST",
    "VMADDR_CID_HYPERVISOR",
    "VMADDR_CID_LOCAL",
    "VMADDR_FLAG_TO_HOST",
    "VMADDR_PORT_ANY",
    "VM_SOCKETS_INVALID_VERSION",
    "EBADF",
    "EAGAIN",
    "EWOULDBLOCK",
    "BDADDR_ANY",
    "BDADDR_LOCAL",
    "AddressFamily",
    "SocketKind",
    "MsgFlag",
    "AddressInfo",
]
# END GENERATED
