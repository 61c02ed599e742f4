"""sockffi: the BSD socket API through cffi, a drop-in for the stdlib's
`socket` module on CPython and PyPy.

    import sockffi as socket
"""

# The platform boundary first: on a platform sockffi does not support, this
# raises the one ImportError that names it, before any C binding loads.
from . import _platform  # noqa: F401
from ._binding import MODE, CONSTANTS as _CONSTANTS
from . import _constants

__version__ = "0.1.0"

# Every constant the platform defines, then the stdlib's enums over them
# (AF_INET becomes AddressFamily.AF_INET, as in the stdlib).
_constant_names = _constants.install(globals(), __name__)

from ._errors import error, timeout, herror, gaierror  # noqa: E402
from ._socket import (  # noqa: E402
    socket, SocketType, socketpair, getdefaulttimeout, setdefaulttimeout,
    SocketIO, _fallback_socketpair, _LOCALHOST, _LOCALHOST_V6,
)
from ._sendfile import _GiveupOnSendfile  # noqa: E402
from ._convert import (  # noqa: E402
    htons, ntohs, htonl, ntohl, inet_aton, inet_ntoa, inet_pton, inet_ntop,
    CMSG_LEN, CMSG_SPACE,
)
from ._netdb import (  # noqa: E402
    getaddrinfo, getnameinfo, gethostbyname, gethostbyname_ex, gethostbyaddr,
    gethostname, sethostname, getservbyname, getservbyport, getprotobyname,
)
from ._interfaces import if_nameindex, if_nametoindex, if_indextoname  # noqa: E402
from ._helpers import (  # noqa: E402
    create_connection, create_server, has_dualstack_ipv6, has_ipv6, getfqdn,
    fromfd, dup, close, _GLOBAL_DEFAULT_TIMEOUT,
)
from ._msg import send_fds, recv_fds  # noqa: E402

try:
    # The stdlib's C API capsule, for the rare code that looks it up through
    # the socket module; sockffi has no C API of its own.
    from _socket import CAPI  # noqa: E402
except ImportError:  # PyPy, or an interpreter without _socket
    pass

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
    "fromfd", "dup", "close", "send_fds", "recv_fds",
] + (["CAPI"] if "CAPI" in globals() else []) + _constant_names

# Beyond the stdlib, loaded on first use (PEP 562), so that a program that
# never touches them does not pay for them at import (0.7 ms, most of it
# building the TCPInfo named tuple): tcp_info, standing in for the stdlib
# module in a whole program (python -m sockffi run), and handing single
# sockets over between the two.
_ON_FIRST_USE = {
    "tcp_info": "_tcpinfo", "TCPInfo": "_tcpinfo",
    "install": "_run", "uninstall": "_run", "installed": "_run",
    "from_stdlib": "_handover", "to_stdlib": "_handover",
}


def __getattr__(name: str):
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module
    value = globals()[name] = getattr(import_module(f".{module}", __name__), name)
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_ON_FIRST_USE))
