"""benchmarks/tls_floor.py's MinimalTLS in a tiny run of every TLS workload
(each checks what it moved: the sink's byte count read in clear after
unwrap(), the source's pattern, the echo), greedy and per record, and one
child run as `python -m benchmarks.tls_floor` starts them.  Figures are not
judged here."""

import os
import subprocess
import sys

import pytest

# The benchmarks live next to tests/ in the repository (not in CI's copy of
# the test suite on its own).
tls_workloads = pytest.importorskip("benchmarks.tls_workloads")
tls_floor = pytest.importorskip("benchmarks.tls_floor")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def server():
    """(client context, port) of the workloads' stdlib TLS server process."""
    try:
        certdir = tls_workloads._certificates()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    peer = subprocess.Popen([sys.executable, tls_workloads.__file__, "--peer", certdir],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=tls_workloads._stdlib_env())
    try:
        yield tls_workloads._client(certdir), int(peer.stdout.readline())
    finally:
        peer.stdin.close()
        peer.wait(10)


def three_steps(step, duration):
    step(3)
    return 3, 1.0


@pytest.mark.parametrize("greedy", [True, False], ids=["greedy", "per-record"])
@pytest.mark.parametrize("name", sorted(tls_workloads.MEASURES))
def test_minimal_pump_runs_each_workload(server, monkeypatch, name, greedy):
    ctx, port = server
    monkeypatch.setattr(tls_workloads, "_wrap", lambda raw, server_hostname: tls_floor.MinimalTLS(
        ctx, raw, server_hostname, greedy=greedy))
    measure = tls_workloads.MEASURES[name][0]
    assert measure(ctx, port, 0.0, three_steps) > 0


def test_a_child_run_through_the_pump_on_sockffi(server):
    assert tls_workloads.run_child("tls_connections", 0.05, ROOT, True, True, "per-record") > 0


def test_a_wrong_echo_is_an_error(server, monkeypatch):
    """The workloads check what comes back: a pump that garbles reads fails."""
    ctx, port = server

    class Garbling(tls_floor.MinimalTLS):
        def recv(self, size):
            return super().recv(size).upper()

    monkeypatch.setattr(tls_workloads, "_wrap", lambda raw, server_hostname: Garbling(
        ctx, raw, server_hostname, greedy=False))
    with pytest.raises(RuntimeError, match="wrong echo"):
        tls_workloads.connections(ctx, port, 0.0, three_steps)
