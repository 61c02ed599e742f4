"""The platform boundary: everything sockffi does differently per operating
system or libc sits in one module per platform here, and the portable core
asks the module chosen below (`from ._platform import native`), never a
platform module by name.

Importing this package first checks that sockffi supports the platform: on
any other, `import sockffi` fails here with one ImportError that names the
platform and what is supported, before any C binding is loaded.

A platform module provides (None where the platform has no such thing):

    NAME                      the platform, as SUPPORTED names it
    REENTRANT_NETDB           the *_r netdb calls exist (else _netdb locks)
    h_errno()                 h_errno after a plain netdb call, in this thread
    install_families(register)  register the platform's extra address families
                              (_address.register's signature); FAMILY_MODULES
                              lists the modules, each with install(register)
    ABSTRACT_UNIX_NAMES       AF_UNIX names with a leading NUL are abstract
    cmsg_next(offset, length, controllen)  the libc's CMSG_NXTHDR rule
    accept4                   lib.accept4, or None
    recvmmsg, sendmmsg        lib.recvmmsg / lib.sendmmsg, or None
    UDP_GRO                   (level, option) turning on UDP GRO, or None
    WIDE_OPTION_FAMILIES      families whose int options are 64-bit (AF_VSOCK)
    ACCEPT_WITHOUT_ADDRESS    families whose accept() takes no address (AF_ALG)
    TCP_INFO_LAYOUT           struct tcp_info as [(name, struct code)], or None
    TCP_INFO_BITFIELDS        {code name: ((field, first bit, width), ...)}

What a port to macOS or FreeBSD adds is listed file by file in
docs/PORTING.md.
"""

import importlib
import sys

# sys.platform prefix -> the module here that implements it.
SUPPORTED = {"linux": "linux"}


def module_name(platform: str) -> str:
    """The module of `platform` (a sys.platform value), or ImportError."""
    for prefix, name in SUPPORTED.items():
        if platform.startswith(prefix):
            return name
    raise ImportError(
        f"sockffi does not support this platform (sys.platform is {platform!r}); "
        f"supported: {', '.join(sorted(SUPPORTED))} (x86_64 and aarch64, glibc "
        "or, with a compiler at install time, musl). docs/PORTING.md lists what "
        "a port to macOS or FreeBSD adds.")


native = importlib.import_module("." + module_name(sys.platform), __name__)
