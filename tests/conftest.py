"""Shared fixtures.  The suite runs against whichever mode sockffi loads;
set SOCKFFI_MODE=api|abi to choose (CI runs both).  Shared helpers (outcome()
and the comparisons) live in socket_support.py: import them from there."""

import os

import pytest

import sockffi
from socket_support import MODULES


def pytest_report_header(config):
    return f"sockffi {sockffi.__version__} mode={sockffi.MODE} from {os.path.dirname(sockffi.__file__)}"


@pytest.fixture(params=MODULES)
def mod(request):
    """Run a test once with each module: the differential tests' axis."""
    return request.param
