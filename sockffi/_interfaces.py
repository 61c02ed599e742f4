"""Network interface names <-> indexes (<net/if.h>)."""

from __future__ import annotations

import os
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Union

from ._args import plain_int
from ._binding import ffi, lib, CONSTANTS
from ._errors import os_error

IF_NAMESIZE = CONSTANTS.get("IF_NAMESIZE", 16)


def _fs_name(name) -> bytes:
    """PyUnicode_FSConverter: str (encoded), bytes or path-like; no NUL."""
    data = os.fsencode(name)  # TypeError for other types, as CPython words it
    if b"\0" in data:
        raise ValueError("embedded null byte")
    return data


def if_nameindex() -> list:
    """All network interfaces as (index, name) pairs."""
    array = lib.if_nameindex()
    if array == ffi.NULL:
        raise os_error(ffi.errno)
    try:
        out = []
        i = 0
        while array[i].if_index != 0:
            out.append((array[i].if_index, os.fsdecode(ffi.string(array[i].if_name))))
            i += 1
        return out
    finally:
        lib.if_freenameindex(array)


def if_nametoindex(if_name: Union[str, bytes, os.PathLike], /) -> int:
    """The index of the interface named `if_name`."""
    index = lib.if_nametoindex(_fs_name(if_name))
    if index == 0:
        raise OSError("no interface with this name")
    return index


def if_indextoname(if_index: int, /) -> str:
    """The name of the interface with index `if_index`."""
    if not isinstance(if_index, int):
        raise TypeError("an integer is required")
    if_index = plain_int(if_index)  # its value, whatever a subclass's own compares say
    if if_index < 0:
        raise OverflowError("can't convert negative value to unsigned int")
    if if_index > 0xFFFFFFFF:
        raise OverflowError("index is too large")
    name = ffi.new("char[]", IF_NAMESIZE + 1)
    if lib.if_indextoname(if_index, name) == ffi.NULL:
        raise os_error(ffi.errno)
    return os.fsdecode(ffi.string(name))
