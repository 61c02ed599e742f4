"""Helpers for the drop-in tests (tests/test_dropin_*.py).

Those files are written against plain `import socket`: pytest runs them on
the stdlib, and `run_file_under_sockffi` runs the same file again in a child
`python -m sockffi run -m pytest`, where `socket` is sockffi: the same
assertions, on both.
"""

import os
import subprocess
import sys
import threading

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INNER = "SOCKFFI_DROPIN_INNER"  # set in the child run
CHILD_TIMEOUT = 240


class Serving:
    """A socketserver on a thread for the length of a with block."""

    def __init__(self, server):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})

    def __enter__(self):
        self.thread.start()
        return self.server

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(30)
        assert not self.thread.is_alive()


def under_sockffi() -> bool:
    """True when `socket` is sockffi in this process (python -m sockffi run)."""
    import socket
    return socket.__name__ == "sockffi" or getattr(socket, "MODE", None) is not None


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_file_under_sockffi(test_file: str) -> None:
    """Run test_file's tests (not this wrapper) under `python -m sockffi run`
    and fail with the child's output unless they all pass."""
    if os.environ.get(INNER):
        pytest.skip("already the sockffi run")
    env = child_env()
    env[INNER] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "sockffi", "run", "-m", "pytest", "-q", "-x",
         "-p", "no:cacheprovider", "-m", "not slow", test_file],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert " passed" in output, output[-3000:]


def inner_check_module() -> None:
    """In the child run, make sure the tests really see sockffi."""
    if os.environ.get(INNER):
        assert under_sockffi(), "python -m sockffi run did not put sockffi in place"
