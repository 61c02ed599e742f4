"""sockffi: the BSD socket API through cffi, a drop-in for the stdlib's
`socket` module on CPython and PyPy.

    import sockffi as socket
"""

from ._binding import MODE, CONSTANTS as _CONSTANTS
from . import _constants

__version__ = "0.1.0"

# Every constant the platform defines, then the stdlib's enums over them
# (AF_INET becomes AddressFamily.AF_INET, as in the stdlib).
_constant_names = _constants.install(globals(), __name__)

from ._errors import error, timeout, herror, gaierror  # noqa: E402
from ._socket import (  # noqa: E402
    socket, SocketType, socketpair, getdefaulttimeout, setdefaulttimeout,
)

socket.__module__ = __name__  # repr and pickling name the package, as socket.socket

__all__ = [
    "MODE", "error", "timeout", "herror", "gaierror",
    "socket", "SocketType", "socketpair", "getdefaulttimeout", "setdefaulttimeout",
] + _constant_names
