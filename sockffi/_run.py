"""sockffi in place of the stdlib's socket module, for a whole program.

install() makes `import socket` give sockffi:

- sys.modules["socket"] becomes the sockffi package, and
  sys.modules["_socket"] a module with sockffi's names (plus the C module's
  `CAPI` capsule, which C extensions such as `_ssl` import);
- modules imported before install() (at start-up, by site or by the caller)
  that hold the stdlib's socket module, or names taken from it
  (`from socket import socket, create_connection`), get sockffi's in their
  globals; uninstall() puts those back;
- `ssl` is imported afterwards, so `ssl.SSLSocket` is built on sockffi's
  socket, and SSLContext.wrap_socket() runs TLS over sockffi (see _ssl.py).

Out of reach: C extensions that call the C socket API (`_socket.CAPI`) or
make their own sockets, references the scan cannot see (default argument
values, class attributes, closures), and child processes (they start with
the stdlib again unless they are themselves started with `-m sockffi run`).

`python -m sockffi run script.py [args]` / `python -m sockffi run -m module
[args]` installs, then runs the program as `python script.py` / `python -m
module` would.
"""

from __future__ import annotations

import os
import sys
import types
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import List, Optional

_state: Optional[dict] = None  # while installed: what uninstall() restores


def _package():
    return sys.modules[__name__.rpartition(".")[0]]


def _stdlib_socket_modules():
    """The real `socket` and `_socket` modules, importing them if needed."""
    pkg = _package()
    saved = {}
    for name in ("socket", "_socket"):
        current = sys.modules.get(name)
        if current is not None and (current is pkg or getattr(current, "__sockffi__", False)):
            saved[name] = sys.modules.pop(name)  # someone put sockffi there by hand
    try:
        import _socket
        import socket
    finally:
        sys.modules.update(saved)
    return socket, _socket


def _underscore_module(pkg, real_underscore) -> types.ModuleType:
    """A `_socket` whose names are sockffi's; `CAPI` stays the C module's so
    C extensions that import it (the `_ssl` module) still load."""
    module = types.ModuleType("_socket", real_underscore.__doc__)
    module.__sockffi__ = True
    for name, value in vars(pkg).items():
        if not name.startswith("__") and not isinstance(value, types.ModuleType):
            setattr(module, name, value)  # (not sockffi's own submodules)
    if hasattr(real_underscore, "CAPI"):
        module.CAPI = real_underscore.CAPI
    return module


def _replacements(pkg, stdlib, real_underscore, shim) -> dict:
    """id(stdlib object) -> (stdlib object, sockffi's object of the same name)."""
    table = {id(stdlib): (stdlib, pkg), id(real_underscore): (real_underscore, shim)}
    for source in (stdlib, real_underscore):
        for name, old in vars(source).items():
            if name.startswith("__") or not hasattr(pkg, name):
                continue
            new = getattr(pkg, name)
            if old is new:
                continue
            # Functions, classes and sentinels; never ints or strings, whose
            # identity means nothing.
            if callable(old) or type(old) is object:
                table.setdefault(id(old), (old, new))
    return table


def _rebind(table: dict, skip: tuple) -> List[tuple]:
    """Swap stdlib socket objects for sockffi's in the globals of loaded
    modules (but those named in skip and their submodules); returns
    (module, name, old, new) for uninstall()."""
    done = []
    prefixes = tuple(name + "." for name in skip)
    for module_name, module in list(sys.modules.items()):
        if module is None or module_name in skip or module_name.startswith(prefixes):
            continue
        try:
            namespace = vars(module)
        except TypeError:
            continue
        for name, value in list(namespace.items()):
            hit = table.get(id(value))
            if hit is not None and hit[0] is value:
                namespace[name] = hit[1]
                done.append((module, name, value, hit[1]))
    return done


def install(tls: bool = True) -> None:
    """Put sockffi in place of the stdlib's socket module for everything
    imported from now on (and rebind what was imported before).  With
    tls=True (default) also import ssl on top of it and make
    SSLContext.wrap_socket() accept sockffi sockets.  Idempotent."""
    global _state
    if _state is not None:
        return
    pkg = _package()
    stdlib, real_underscore = _stdlib_socket_modules()
    shim = _underscore_module(pkg, real_underscore)
    state = {"socket": stdlib, "_socket": real_underscore, "rebound": [], "tls": False}
    table = _replacements(pkg, stdlib, real_underscore, shim)

    sys.modules["socket"] = pkg
    if tls:
        # ssl after `socket` (so SSLSocket subclasses sockffi's socket) and
        # before `_socket` (so the C module's init finds the real capsule).
        try:
            import ssl
        except ImportError:  # an interpreter built without OpenSSL
            ssl = None
        if ssl is not None:
            from . import _ssl
            _ssl.install()
            state["tls"] = True
    sys.modules["_socket"] = shim
    state["rebound"] = _rebind(table, (pkg.__name__, "socket", "_socket", __name__))
    _state = state


def uninstall() -> None:
    """Undo install(): the stdlib modules back in sys.modules and in the
    globals install() rebound.  Modules imported while installed keep the
    sockffi objects they took."""
    global _state
    state = _state
    if state is None:
        return
    for module, name, old, new in reversed(state["rebound"]):
        namespace = vars(module)
        if namespace.get(name) is new:
            namespace[name] = old
    if state["tls"]:
        from . import _ssl
        _ssl.uninstall()
    sys.modules["socket"] = state["socket"]
    sys.modules["_socket"] = state["_socket"]
    _state = None


def installed() -> bool:
    """True between install() and uninstall()."""
    return _state is not None


def stdlib_modules() -> tuple:
    """The stdlib's (socket, _socket) modules, also while sockffi stands in
    for them."""
    if _state is not None:
        return _state["socket"], _state["_socket"]
    return _stdlib_socket_modules()


# --- python -m sockffi run ------------------------------------------------------

USAGE = ("usage: python -m sockffi run [--aio] script.py [args ...]\n"
         "       python -m sockffi run [--aio] -m module [args ...]\n"
         "  --aio: asyncio datagram endpoints use sockffi.aio's batch transport\n")


def main(argv: List[str]) -> int:
    """`run` command: argv is what follows `run`."""
    batch_datagrams = argv[:1] == ["--aio"]
    argv = argv[1:] if batch_datagrams else argv
    if not argv or argv[0] in ("-h", "--help") or argv == ["-m"]:
        sys.stderr.write(USAGE)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    import runpy
    install()
    if batch_datagrams:
        from . import aio
        aio.install()
    if argv[0] == "-m":
        module, args = argv[1], argv[2:]
        sys.argv = [module] + args  # runpy puts the module's path in argv[0]
        # As `python -m`: the module runs in a fresh __main__, and the
        # current directory (sys.path[0] under `python -m sockffi`) stays.
        sys.modules["__main__"] = types.ModuleType("__main__")
        runpy._run_module_as_main(module, alter_argv=True)
    else:
        script, args = argv[0], argv[1:]
        sys.argv = [script] + args
        # As `python script.py`: the script's directory first on sys.path.
        sys.path[0] = os.path.dirname(os.path.abspath(script))
        runpy.run_path(script, run_name="__main__")
    return 0
