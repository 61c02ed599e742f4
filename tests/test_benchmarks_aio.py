"""benchmarks/aio_workloads.py in a tiny run: each workload measures both
columns with every datagram checked, and a lost datagram or a peer that
fails is an error, never a figure.  Figures are not judged here."""

import os
import socket

import pytest

# The benchmarks live next to tests/ in the repository (not in CI's copy of
# the test suite on its own).
aio_workloads = pytest.importorskip("benchmarks.aio_workloads")
harness = pytest.importorskip("benchmarks.harness")
import sockffi  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
needs_batch = pytest.mark.skipif(not hasattr(sockffi.socket, "recvmmsg"),
                                 reason="no recvmmsg/sendmmsg")


@needs_batch
@pytest.mark.parametrize("name", [n for n, _ in aio_workloads.workloads()])
def test_each_workload_measures_both_columns(name):
    make = dict(aio_workloads.workloads())[name]
    measure = make(ROOT)
    for module in (socket, sockffi):
        figure = measure(module, 0.05)
        assert figure > 0


@needs_batch
def test_a_lost_datagram_is_an_error(monkeypatch):
    """A server that drops one datagram: the sink never acknowledges the
    burst, the client times out, and the measure raises."""
    dropped = []
    original = aio_workloads._Sink.datagram_received

    def lossy(self, data, addr):
        if not dropped and self.n == 10:
            dropped.append(data)
            return
        original(self, data, addr)

    monkeypatch.setattr(aio_workloads._Sink, "datagram_received", lossy)
    monkeypatch.setattr(aio_workloads, "PEER_TIMEOUT", 0.5)
    measure = aio_workloads.make_measure(aio_workloads._Sink, "asyncio", ROOT)
    with pytest.raises(harness.BenchError, match="peer"):
        measure(sockffi, 0.05)
    assert dropped


@needs_batch
def test_the_sink_floor_measures_its_three_servers():
    """benchmarks/aio_floor.py: the asyncio sink, a recvmmsg loop and the
    bare C call, each with every burst acknowledged (a lost datagram would
    time the client out and raise)."""
    aio_floor = pytest.importorskip("benchmarks.aio_floor")
    figures = aio_floor.measure_all(1, 0.05)
    assert sorted(figures) == ["lib.recvmmsg", "recvmmsg loop", "sockffi.aio"]
    assert all(len(values) == 1 and values[0] > 0 for values in figures.values())
