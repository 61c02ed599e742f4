"""Shared fixtures.  The suite runs against whichever mode sockffi loads;
set SOCKFFI_MODE=api|abi to choose (CI runs both)."""

import os
import socket as stdlib_socket

import pytest

import sockffi


def pytest_report_header(config):
    return f"sockffi {sockffi.__version__} mode={sockffi.MODE} from {os.path.dirname(sockffi.__file__)}"


@pytest.fixture(params=["stdlib", "sockffi"])
def mod(request):
    """Run a test once with each module: the differential tests' axis."""
    return stdlib_socket if request.param == "stdlib" else sockffi


def outcome(func, *args, **kwargs):
    """('ok', result) or ('raise', exception type, errno): comparable across
    the two modules."""
    try:
        return ("ok", func(*args, **kwargs))
    except Exception as exc:
        return ("raise", type(exc), getattr(exc, "errno", None))
