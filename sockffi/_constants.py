"""Constants -> module attributes, and the stdlib's IntEnum/IntFlag classes
built from the constants this platform actually has.

After install(), AddressFamily, SocketKind, MsgFlag and AddressInfo are also
attributes of this module."""

import errno as _errno
from enum import IntEnum, IntFlag
from types import SimpleNamespace

from ._binding import CONSTANTS

# Names with these prefixes that are not members of the enum: aliases the
# stdlib does not export (so every member keeps the stdlib's name and repr)
# and option values that merely share the prefix.
_NOT_MEMBERS = {
    "AF_FILE", "AF_LOCAL", "AF_MAX",
    "SOCK_BUF_LOCK_MASK", "SOCK_IOC_TYPE", "SOCK_RCVBUF_LOCK", "SOCK_SNDBUF_LOCK",
    "SOCK_TXREHASH_DEFAULT", "SOCK_TXREHASH_DISABLED", "SOCK_TXREHASH_ENABLED",
    "MSG_TRYHARD",
}

# (class name, base, prefix), in the order Lib/socket.py converts them.
ENUMS = (
    ("AddressFamily", IntEnum, "AF_"),
    ("SocketKind", IntEnum, "SOCK_"),
    ("MsgFlag", IntFlag, "MSG_"),
    ("AddressInfo", IntFlag, "AI_"),
)

_ENUM_PREFIXES = tuple(prefix for _, _, prefix in ENUMS)

# Lib/socket.py re-exports these errno values.
ERRNO_NAMES = ("EBADF", "EAGAIN", "EWOULDBLOCK")

# Bluetooth addresses as text, where the platform has AF_BLUETOOTH (as
# socketmodule.c defines them with the Bluetooth headers, and PyPy always).
BLUETOOTH_ADDRESSES = {"BDADDR_ANY": "00:00:00:00:00:00",
                       "BDADDR_LOCAL": "00:00:00:FF:FF:FF"}


def install(namespace: dict, module_name: str) -> list:
    """Put every constant into `namespace` (the package's globals, already
    in sys.modules under `module_name`), then replace the enum-worthy ones
    by enum members as the stdlib does.  Returns the names installed."""
    namespace.update(CONSTANTS)
    for name in ERRNO_NAMES:
        namespace[name] = getattr(_errno, name)
    strings = BLUETOOTH_ADDRESSES if "AF_BLUETOOTH" in CONSTANTS else {}
    namespace.update(strings)
    # One C call per name picks the few hundred candidates out of ~1,400
    # constants, and _convert_ (which filters every name of its source) is
    # given only its members: a third of the import's own time otherwise.
    candidates = [n for n in CONSTANTS if n.startswith(_ENUM_PREFIXES)]
    for cls_name, base, prefix in ENUMS:
        members = enum_members(candidates, prefix)
        source = SimpleNamespace(**{n: CONSTANTS[n] for n in members})
        # Kept here too, for the modules that turn results into members.
        globals()[cls_name] = base._convert_(cls_name, module_name, members.__contains__,
                                             source=source)
    return sorted(CONSTANTS) + list(ERRNO_NAMES) + sorted(strings) + [e[0] for e in ENUMS]


def enum_members(constants, prefix: str) -> set:
    """The names of `constants` that become members of the enum of `prefix`
    (also what tools/gen_stubs.py declares as members)."""
    # isupper(): the stdlib's filter, so AF_DECnet stays a plain int.
    return {n for n in constants
            if n.startswith(prefix) and n.isupper() and n not in _NOT_MEMBERS}


def to_enum(value: int, enum_class):
    """The enum member for `value` where there is one, else the int (the
    stdlib's _intenum_converter)."""
    return enum_class._value2member_map_.get(value, value)
