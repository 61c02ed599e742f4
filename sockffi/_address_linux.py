"""Transitional: the Linux address families moved behind the platform
boundary (sockffi/_platform/linux_families.py), and _address.py installs
them when it is imported.  This module goes away together with the
`_address_linux` import and install() call in _socket.py."""


def install() -> None:
    """Nothing left to do: importing _address installed the families."""
