"""AF_BLUETOOTH address forms, as CPython 3.9-3.13's getsockaddrarg() and
makesockaddr() define them on Linux, registered through the platform layer (linux.py: FAMILY_MODULES):

    BTPROTO_L2CAP   (bdaddr, psm)         -> (bdaddr, psm)
    BTPROTO_RFCOMM  (bdaddr, channel)     -> (bdaddr, channel)
    BTPROTO_HCI     (device_id,)          -> device_id (a bare int, as the stdlib returns it)
    BTPROTO_SCO     bdaddr as bytes       -> bdaddr as str

bdaddr is "XX:XX:XX:XX:XX:XX" read by libc's own sscanf("%X:...%c"), as the
stdlib reads it (leading blanks, signs and 0x prefixes pass; anything after
the sixth number, or a number above 0xFF, is "bad bluetooth address").  Any
argument the parser refuses is OSError("<caller>(): wrong format").

The stdlib parses psm, channel and device_id with PyArg "i" straight into
the narrower sockaddr field, so the int's four native-order bytes land from
that field on: psm keeps its low 16 bits (bdaddr is written over the rest),
the channel's upper bytes fill the padding after rc_channel, and
device_id's upper half becomes hci_channel.  Those bytes are reproduced,
cut at the struct's end (the stdlib's spill past it never reaches the
kernel).  CPython 3.13.3 (gh-111178) parses into temporaries instead; that
release's forms are not followed here.

Registered only where the build has the Bluetooth headers (the sockaddr
structs and BTPROTO_* are in the binding); elsewhere AF_BLUETOOTH has no
address form, as in a stdlib built without them.
"""

from __future__ import annotations

import struct

from .._args import as_int
from .._binding import ffi, lib, CONSTANTS

_get = CONSTANTS.get
AF_BLUETOOTH = _get("AF_BLUETOOTH")
BTPROTO_L2CAP = _get("BTPROTO_L2CAP")
BTPROTO_RFCOMM = _get("BTPROTO_RFCOMM")
BTPROTO_HCI = _get("BTPROTO_HCI")
BTPROTO_SCO = _get("BTPROTO_SCO")

_new = ffi.new_allocator(should_clear_after_alloc=True)
_C_INT = struct.Struct("=i")
_BDADDR_FORMAT = b"%X:%X:%X:%X:%X:%X%c"


class _WrongFormat(Exception):
    """Raised inside a parse; the encoder rewords it as the stdlib does."""


def _wrong_format(caller: str) -> OSError:
    return OSError(f"{caller}(): wrong format")


# --- the pieces of a form ----------------------------------------------------

def _text(value) -> bytes:
    """PyArg "s": a str without NUL, as UTF-8."""
    if not isinstance(value, str):
        raise _WrongFormat
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:
        raise _WrongFormat from None
    if b"\0" in data:
        raise _WrongFormat
    return data


def _c_int(value) -> int:
    """PyArg "i"; any failure is the caller's "wrong format"."""
    try:
        return as_int(value)
    except Exception:  # the stdlib replaces whatever the parser raised
        raise _WrongFormat from None


def _pair(address) -> tuple:
    """PyArg_ParseTuple(address, "si"): (bdaddr bytes, int)."""
    if not isinstance(address, tuple) or len(address) != 2:
        raise _WrongFormat
    return _text(address[0]), _c_int(address[1])


def parse_bdaddr(text: bytes) -> bytes:
    """The stdlib's setbdaddr(): "XX:XX:XX:XX:XX:XX" -> bdaddr_t's six
    bytes (b[0] is the last number).  Stops at a NUL, as C does."""
    numbers = [ffi.new("unsigned int *") for _ in range(6)]
    trailing = ffi.new("char *")
    count = lib.sscanf(text.split(b"\0", 1)[0], _BDADDR_FORMAT, *numbers, trailing)
    values = [n[0] for n in numbers]
    if count != 6 or max(values) >= 256:
        raise OSError("bad bluetooth address")
    return bytes(reversed(values))


def format_bdaddr(raw: bytes) -> str:
    """The stdlib's makebdaddr(): bdaddr_t's six bytes -> "XX:XX:XX:XX:XX:XX"."""
    return ":".join(f"{b:02X}" for b in reversed(raw))


def _store_c_int(owner, size: int, offset: int, value: int) -> None:
    """A PyArg "i" result written at `offset` (see the module docstring)."""
    data = _C_INT.pack(value)[:size - offset]
    ffi.memmove(ffi.cast("char *", owner) + offset, data, len(data))


def _bdaddr_bytes(sa, ctype: str, field: str) -> bytes:
    return ffi.unpack(ffi.cast("char *", sa) + ffi.offsetof(ctype, field), 6)


# --- per protocol -------------------------------------------------------------

def _encode_pair(address, ctype: str, prefix: str, number: str):
    """L2CAP and RFCOMM: "si" into <prefix>family, <prefix>bdaddr and the
    number's field, in the stdlib's order (the int first, bdaddr over it)."""
    text, value = _pair(address)
    size = ffi.sizeof(ctype)
    owner = _new(ctype + " *")
    setattr(owner, prefix + "family", AF_BLUETOOTH)
    _store_c_int(owner, size, ffi.offsetof(ctype, prefix + number), value)
    getattr(owner, prefix + "bdaddr").b = parse_bdaddr(text)
    return owner, size


def _encode_l2cap(address, caller):
    return _encode_pair(address, "struct sockaddr_l2", "l2_", "psm")


def _encode_rfcomm(address, caller):
    return _encode_pair(address, "struct sockaddr_rc", "rc_", "channel")


def _encode_hci(address, caller):
    # PyArg_ParseTuple(address, "i"): a 1-tuple only.
    if not isinstance(address, tuple) or len(address) != 1:
        raise _WrongFormat
    device = _c_int(address[0])
    owner = _new("struct sockaddr_hci *")
    owner.hci_family = AF_BLUETOOTH
    _store_c_int(owner, _HCI_SIZE, ffi.offsetof("struct sockaddr_hci", "hci_dev"), device)
    return owner, _HCI_SIZE


def _encode_sco(address, caller):
    if not isinstance(address, bytes):  # PyBytes_Check: bytearray is refused
        raise _WrongFormat
    owner = _new("struct sockaddr_sco *")
    owner.sco_family = AF_BLUETOOTH
    owner.sco_bdaddr.b = parse_bdaddr(bytes(address))
    return owner, _SCO_SIZE


def _decode_l2cap(sa, length):
    l2 = ffi.cast("struct sockaddr_l2 *", sa)
    return format_bdaddr(_bdaddr_bytes(sa, "struct sockaddr_l2", "l2_bdaddr")), l2.l2_psm


def _decode_rfcomm(sa, length):
    rc = ffi.cast("struct sockaddr_rc *", sa)
    return format_bdaddr(_bdaddr_bytes(sa, "struct sockaddr_rc", "rc_bdaddr")), rc.rc_channel


def _decode_hci(sa, length):
    return ffi.cast("struct sockaddr_hci *", sa).hci_dev


def _decode_sco(sa, length):
    return format_bdaddr(_bdaddr_bytes(sa, "struct sockaddr_sco", "sco_bdaddr"))


# --- the family: dispatch on the socket's protocol ----------------------------

def encode(address, caller, fd=-1, proto=0):
    try:
        encoder = _ENCODERS[proto]
    except KeyError:
        raise OSError(f"{caller}(): unknown Bluetooth protocol") from None
    try:
        return encoder(address, caller)
    except _WrongFormat:
        raise _wrong_format(caller) from None


def decode(sa, length, fd=-1, proto=0):
    try:
        decoder = _DECODERS[proto]
    except KeyError:
        raise ValueError("Unknown Bluetooth protocol") from None
    return decoder(sa, length)


def _sizeof(ctype: str):
    try:
        return ffi.sizeof(ctype)
    except (ffi.error, TypeError):
        return None


_L2_SIZE = _sizeof("struct sockaddr_l2")
_RC_SIZE = _sizeof("struct sockaddr_rc")
_HCI_SIZE = _sizeof("struct sockaddr_hci")
_SCO_SIZE = _sizeof("struct sockaddr_sco")

_ENCODERS = {BTPROTO_L2CAP: _encode_l2cap, BTPROTO_RFCOMM: _encode_rfcomm,
             BTPROTO_HCI: _encode_hci, BTPROTO_SCO: _encode_sco}
_DECODERS = {BTPROTO_L2CAP: _decode_l2cap, BTPROTO_RFCOMM: _decode_rfcomm,
             BTPROTO_HCI: _decode_hci, BTPROTO_SCO: _decode_sco}

AVAILABLE = None not in (AF_BLUETOOTH, BTPROTO_L2CAP, BTPROTO_RFCOMM, BTPROTO_HCI,
                         BTPROTO_SCO, _L2_SIZE, _RC_SIZE, _HCI_SIZE, _SCO_SIZE)


def install(register) -> None:
    """Register the Bluetooth forms with `register` (_address.register's
    signature), where the build had BlueZ's headers."""
    if AVAILABLE:
        # The largest of the four: what accept() and getsockname() ask for
        # (the kernel writes its own length).
        size = max(_L2_SIZE, _RC_SIZE, _HCI_SIZE, _SCO_SIZE)
        register(AF_BLUETOOTH, encode, decode, size)
