"""The message and batch calls take addresses in the socket's own forms, as
bind/sendto do: AF_CAN's depend on the protocol (ISO-TP: (ifname, rx, tx);
J1939: (ifname, name, pgn, addr)), so sendmsg and sendmmsg must encode
through the socket (its protocol and fd), as the stdlib's sendmsg does.

This machine cannot open CAN sockets: a socket object is made over a UDP
descriptor with the CAN family and protocol given (for sockffi and the
stdlib alike), so the address is parsed as on a real CAN socket and the
kernel then refuses the foreign family."""

import socket as std

import pytest

import sockffi
from socket_support import kind, outcome

pytestmark = pytest.mark.skipif(not all(hasattr(std, n) for n in ("CAN_ISOTP", "CAN_J1939"))
                                or not hasattr(sockffi, "CAN_J1939"),
                                reason="no ISO-TP/J1939 in this interpreter's socket module")

FORMS = {
    "CAN_ISOTP": [("lo", 0x123, 0x456), ("lo", 0x123), ("lo",), ("lo", "x", 1),
                  ("no-such-interface", 1, 2)],
    "CAN_J1939": [("lo", 2 ** 63, 0x12345, 0x80), ("lo", 1, 2), ("lo", -1, 2, 3),
                  ("lo", 1, 2, 256)],
}


def _can_socket(mod, proto_name):
    carrier = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
    sock = mod.socket(mod.AF_CAN, mod.SOCK_DGRAM, getattr(mod, proto_name),
                      fileno=carrier.detach())
    return sock


@pytest.mark.parametrize("proto_name", sorted(FORMS))
def test_sendmsg_takes_the_protocols_forms(proto_name):
    for address in FORMS[proto_name]:
        with _can_socket(sockffi, proto_name) as ours, _can_socket(std, proto_name) as theirs:
            expected = kind(outcome(theirs.sendmsg, [b"x"], [], 0, address))
            assert kind(outcome(ours.sendmsg, [b"x"], [], 0, address)) == expected, address
            # sendto parses the same forms (the reference for sendmmsg, which
            # the stdlib lacks).
            assert kind(outcome(ours.sendto, b"x", address)) == expected, address


@pytest.mark.parametrize("proto_name", sorted(FORMS))
def test_sendmmsg_takes_the_protocols_forms(proto_name):
    if not hasattr(sockffi.socket, "sendmmsg"):
        pytest.skip("no sendmmsg on this platform")
    for address in FORMS[proto_name]:
        with _can_socket(sockffi, proto_name) as ours, _can_socket(std, proto_name) as theirs:
            expected = kind(outcome(theirs.sendto, b"x", address))
            assert kind(outcome(ours.sendmmsg, [(b"x", address)])) == expected, address
