"""AF_BLUETOOTH addresses.  This kernel (and most CI kernels) cannot open
Bluetooth sockets, so the address forms are checked where they can be:

- differentially, against an interpreter whose stdlib has Bluetooth (Debian's
  /usr/bin/python3): a socket object of family AF_BLUETOOTH over a UDP
  socket's fd parses addresses exactly as a Bluetooth socket would, so both
  modules meet the same addresses and must give the same error (a parse
  error, or the kernel's errno for a well-formed address);
- against the header layouts: the bytes an encoder writes and the tuple a
  decoder reads, for sockaddrs a C compiler filled in by field name;
- with real Bluetooth sockets where the kernel allows them.
"""

import json
import os
import shutil
import socket as stdlib_socket
import subprocess
import sys
import textwrap

import pytest

import sockffi
from sockffi._platform import linux_bluetooth as bt
from sockffi._binding import ffi
from socket_support import BINDING_MODES

pytestmark = pytest.mark.skipif(not bt.AVAILABLE,
                                reason="sockffi was built without the Bluetooth headers")

DEBIAN_PYTHON = "/usr/bin/python3"
ADDR = "01:02:03:04:05:06"


def _protos():
    return {"L2CAP": sockffi.BTPROTO_L2CAP, "RFCOMM": sockffi.BTPROTO_RFCOMM,
            "HCI": sockffi.BTPROTO_HCI, "SCO": sockffi.BTPROTO_SCO}


# Address cases per protocol: well-formed ones, each argument error the
# parser has, and the corners of libc's %X (blanks, signs, 0x, overflow).
CASES = [
    ("L2CAP", (ADDR, 1)), ("L2CAP", (ADDR, 0x10001)), ("L2CAP", (ADDR, -1)),
    ("L2CAP", (ADDR, 2**31)), ("L2CAP", (ADDR, -2**31 - 1)), ("L2CAP", (ADDR, 1.5)),
    ("L2CAP", (ADDR, "1")), ("L2CAP", (ADDR, True)), ("L2CAP", (ADDR,)), ("L2CAP", (ADDR, 1, 2)),
    ("L2CAP", [ADDR, 1]), ("L2CAP", ADDR), ("L2CAP", (ADDR.encode(), 1)),
    ("L2CAP", ("zz", 1)), ("L2CAP", (" 1:2:3:4:5:6", 1)), ("L2CAP", ("1:2:3:4:5:6 ", 1)),
    ("L2CAP", ("1 :2:3:4:5:6", 1)), ("L2CAP", ("0x1:2:3:4:5:6", 1)),
    ("L2CAP", ("0xg:2:3:4:5:6", 1)), ("L2CAP", ("100:2:3:4:5:6", 1)),
    ("L2CAP", ("100000000:2:3:4:5:6", 1)), ("L2CAP", ("-0:2:3:4:5:6", 1)),
    ("L2CAP", ("-1:2:3:4:5:6", 1)), ("L2CAP", ("1:2:3:4:5", 1)), ("L2CAP", ("", 1)),
    ("L2CAP", ("1:2:3:4:5:6\0x", 1)), ("L2CAP", ("1:2:3:4:5:\udc80", 1)),
    ("L2CAP", ("ff:FF:0a:0B:c:D", 5)), ("L2CAP", ("1:2:3:4:5:6:7", 1)),
    ("RFCOMM", (ADDR, 1)), ("RFCOMM", (ADDR, 300)), ("RFCOMM", (ADDR, -1)),
    ("RFCOMM", (ADDR, 2**31)), ("RFCOMM", (ADDR, 1.5)), ("RFCOMM", (ADDR, None)),
    ("RFCOMM", ("bad", 1)), ("RFCOMM", (1, 1)), ("RFCOMM", None),
    ("HCI", (0,)), ("HCI", (1,)), ("HCI", (0x10001,)), ("HCI", (-1,)), ("HCI", (2**31,)),
    ("HCI", 0), ("HCI", (0, 1)), ("HCI", ("0",)), ("HCI", ()), ("HCI", [0]),
    ("SCO", ADDR.encode()), ("SCO", ADDR), ("SCO", bytearray(ADDR.encode())),
    ("SCO", b"zz"), ("SCO", b"1:2:3:4:5:6\0junk"), ("SCO", (ADDR,)),
    ("OTHER", (ADDR, 1)),
]


PROBE = textwrap.dedent("""
    import json, sys
    import SOCKET_MODULE as socket
    cases = json.loads(sys.stdin.read())
    protos = {"L2CAP": 0, "HCI": 1, "SCO": 2, "RFCOMM": 3, "OTHER": 99}
    def decode(v):
        if isinstance(v, dict):
            return {"b": lambda x: x.encode("latin-1"), "ba": lambda x: bytearray(x.encode("latin-1")),
                    "t": lambda x: tuple(decode(i) for i in x), "l": lambda x: [decode(i) for i in x],
                    "big": int, "f": float, "s": lambda x: x.encode("latin-1").decode("utf-8", "surrogatepass")}[v["k"]](v["v"])
        return v
    out = []
    for proto, address in cases:
        proto = getattr(socket, "BTPROTO_" + proto, protos[proto])
        address = decode(address)
        row = []
        for method in ("bind", "connect", "connect_ex", "sendto", "sendmsg"):
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s = socket.socket(socket.AF_BLUETOOTH, socket.SOCK_SEQPACKET, proto, u.detach())
            try:
                if method == "sendto":
                    r = s.sendto(b"x", address)
                elif method == "sendmsg":
                    r = s.sendmsg([b"x"], [], 0, address)
                else:
                    r = getattr(s, method)(address)
                row.append(["ok", r])
            except Exception as e:
                row.append([type(e).__name__, str(e), getattr(e, "errno", None)])
            finally:
                s.close()
        out.append(row)
    print(json.dumps(out))
""")


def _encode_case(value):
    """JSON for the probe: bytes, tuples, floats and lone surrogates survive."""
    if isinstance(value, bytearray):
        return {"k": "ba", "v": value.decode("latin-1")}
    if isinstance(value, bytes):
        return {"k": "b", "v": value.decode("latin-1")}
    if isinstance(value, tuple):
        return {"k": "t", "v": [_encode_case(v) for v in value]}
    if isinstance(value, list):
        return {"k": "l", "v": [_encode_case(v) for v in value]}
    if isinstance(value, float):
        return {"k": "f", "v": repr(value)}
    if isinstance(value, str) and not value.isascii():
        return {"k": "s", "v": value.encode("utf-8", "surrogatepass").decode("latin-1")}
    return value


def _run_probe(python, module, env=None):
    data = json.dumps([[p, _encode_case(a)] for p, a in CASES])
    done = subprocess.run([python, "-c", PROBE.replace("SOCKET_MODULE", module)],
                          input=data, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _debian_has_bluetooth() -> bool:
    if not os.path.exists(DEBIAN_PYTHON):
        return False
    done = subprocess.run([DEBIAN_PYTHON, "-c", "import socket; socket.BTPROTO_L2CAP"],
                          capture_output=True, timeout=30)
    return done.returncode == 0


@pytest.mark.skipif(not _debian_has_bluetooth(),
                    reason=f"no {DEBIAN_PYTHON} whose socket module has Bluetooth")
@pytest.mark.parametrize("mode", BINDING_MODES)
def test_same_errors_as_debians_stdlib(mode):
    """Every case, through bind/connect/connect_ex/sendto/sendmsg, in both modes."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(sockffi.__file__)))
    env = dict(os.environ, SOCKFFI_MODE=mode,
               PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    want = _run_probe(DEBIAN_PYTHON, "socket")
    got = _run_probe(sys.executable, "sockffi", env)
    for (proto, address), w, g in zip(CASES, want, got):
        assert g == w, (proto, address)


# --- the header layouts -------------------------------------------------------

REFERENCE_C = r"""
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <bluetooth/bluetooth.h>
#include <bluetooth/l2cap.h>
#include <bluetooth/rfcomm.h>
#include <bluetooth/hci.h>
#include <bluetooth/sco.h>
static void dump(const char *name, const void *p, size_t n) {
    const unsigned char *b = p;
    printf("%s ", name);
    for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
    printf("\n");
}
int main(void) {
    bdaddr_t ba = {{0x06, 0x05, 0x04, 0x03, 0x02, 0x01}};  /* 01:02:03:04:05:06 */
    struct sockaddr_l2 l2; memset(&l2, 0, sizeof l2);
    l2.l2_family = AF_BLUETOOTH; l2.l2_psm = 0x1001; l2.l2_bdaddr = ba;
    dump("l2", &l2, sizeof l2);
    struct sockaddr_rc rc; memset(&rc, 0, sizeof rc);
    rc.rc_family = AF_BLUETOOTH; rc.rc_bdaddr = ba; rc.rc_channel = 7;
    dump("rc", &rc, sizeof rc);
    struct sockaddr_hci hci; memset(&hci, 0, sizeof hci);
    hci.hci_family = AF_BLUETOOTH; hci.hci_dev = 3; hci.hci_channel = HCI_CHANNEL_RAW;
    dump("hci", &hci, sizeof hci);
    struct sockaddr_sco sco; memset(&sco, 0, sizeof sco);
    sco.sco_family = AF_BLUETOOTH; sco.sco_bdaddr = ba;
    dump("sco", &sco, sizeof sco);
    return 0;
}
"""


@pytest.fixture(scope="module")
def header_bytes(tmp_path_factory):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to fill sockaddrs from the headers")
    tmp = tmp_path_factory.mktemp("bt")
    (tmp / "ref.c").write_text(REFERENCE_C)
    build = subprocess.run([cc, "-o", str(tmp / "ref"), str(tmp / "ref.c")],
                           capture_output=True, text=True, timeout=120)
    if build.returncode:
        pytest.skip(f"the Bluetooth headers do not compile here: {build.stderr[:200]}")
    out = subprocess.run([str(tmp / "ref")], capture_output=True, text=True, timeout=30)
    return {name: bytes.fromhex(hexed) for name, hexed in
            (line.split() for line in out.stdout.splitlines())}


@pytest.mark.parametrize("proto, address, ref", [
    ("L2CAP", (ADDR, 0x1001), "l2"),
    ("RFCOMM", (ADDR, 7), "rc"),
    ("HCI", (3,), "hci"),
    ("SCO", ADDR.encode(), "sco"),
])
def test_encoders_write_the_header_layout(proto, address, ref, header_bytes):
    owner, sa, length = sockffi._address.encode(sockffi.AF_BLUETOOTH, address, "bind",
                                                -1, _protos()[proto])
    assert ffi.unpack(ffi.cast("char *", sa), length) == header_bytes[ref]


@pytest.mark.parametrize("proto, ref, want", [
    ("L2CAP", "l2", (ADDR, 0x1001)),
    ("RFCOMM", "rc", (ADDR, 7)),
    ("HCI", "hci", 3),
    ("SCO", "sco", ADDR),
])
def test_decoders_read_the_header_layout(proto, ref, want, header_bytes):
    raw = header_bytes[ref]
    storage = ffi.new("char[]", raw)
    got = sockffi._address.decode(ffi.cast("struct sockaddr *", storage), len(raw),
                                  -1, _protos()[proto])
    assert got == want


def test_decoders_format_as_makebdaddr():
    assert bt.format_bdaddr(bytes([0x0a, 0xff, 0, 1, 0x10, 0xab])) == "AB:10:01:00:FF:0A"
    assert bt.parse_bdaddr(b"AB:10:01:00:FF:0A") == bytes([0x0a, 0xff, 0, 1, 0x10, 0xab])


def test_unknown_protocol_decodes_as_the_stdlib():
    storage = ffi.new("char[]", 16)
    ffi.cast("struct sockaddr *", storage).sa_family = sockffi.AF_BLUETOOTH
    with pytest.raises(ValueError, match="^Unknown Bluetooth protocol$"):
        sockffi._address.decode(ffi.cast("struct sockaddr *", storage), 16, -1, 99)


def test_the_int_fills_the_next_bytes_as_pyarg_i_does():
    """psm keeps its low half (bdaddr covers the rest); device_id's high
    half is hci_channel; the RFCOMM channel's spill stays inside the struct."""
    l2 = sockffi._address.encode(sockffi.AF_BLUETOOTH, (ADDR, 0x7FFF1234), "bind",
                                 -1, sockffi.BTPROTO_L2CAP)[0]
    assert l2.l2_psm == 0x1234 and bytes(l2.l2_bdaddr.b) == bytes([6, 5, 4, 3, 2, 1])
    if sys.byteorder == "little":
        hci = sockffi._address.encode(sockffi.AF_BLUETOOTH, (0x00020001,), "bind",
                                      -1, sockffi.BTPROTO_HCI)[0]
        assert (hci.hci_dev, hci.hci_channel) == (1, 2)
        rc, _, length = sockffi._address.encode(sockffi.AF_BLUETOOTH, (ADDR, 0x0302), "bind",
                                                -1, sockffi.BTPROTO_RFCOMM)
        assert rc.rc_channel == 2 and length == ffi.sizeof("struct sockaddr_rc")


# --- real sockets, where the kernel has Bluetooth -----------------------------

@pytest.mark.parametrize("kind, proto", [("SOCK_STREAM", "RFCOMM"), ("SOCK_SEQPACKET", "L2CAP"),
                                         ("SOCK_RAW", "HCI"), ("SOCK_SEQPACKET", "SCO")])
def test_socket_creation_fails_or_works_as_the_stdlib(kind, proto):
    """Same errno as the stdlib where the kernel refuses (EAFNOSUPPORT here);
    where it accepts, the unbound name round-trips through the decoder."""
    args = (sockffi.AF_BLUETOOTH, getattr(sockffi, kind), _protos()[proto])
    try:
        s = sockffi.socket(*args)
    except OSError as exc:
        with pytest.raises(OSError) as std:
            stdlib_socket.socket(*args).close()
        assert exc.errno == std.value.errno
        return
    with s:
        if proto in ("L2CAP", "RFCOMM"):
            s.bind((sockffi.BDADDR_ANY, 0))
            assert s.getsockname()[0] == sockffi.BDADDR_ANY
