"""The compiled in-flight methods are cached in one file: a method is
compiled once and loaded afterwards, a changed method replaces its entry,
and a damaged or unwritable cache only costs a compile."""

import marshal

import pytest

import sockffi
from sockffi import _inflight


@pytest.fixture
def cache_path(tmp_path, monkeypatch):
    path = tmp_path / "__pycache__" / "inflight.test.bin"
    monkeypatch.setattr(_inflight, "_CACHE_PATH", str(path))
    monkeypatch.setattr(_inflight, "_cache", None)
    return path


def _method(body: str):
    namespace = {"__name__": __name__}
    return _inflight.hot_method("Probe", "probe", "value", body, namespace=namespace)


def _fresh_process(monkeypatch):
    """What a new interpreter sees: the file, not this process's dict."""
    monkeypatch.setattr(_inflight, "_cache", None)


def _no_compiling(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled although the cache holds the method")
    monkeypatch.setattr(_inflight, "compile", refuse, raising=False)


def _call(method, value):
    with sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) as sock:
        return method(sock, value)


def test_compiled_once_then_loaded(cache_path, monkeypatch):
    assert _call(_method("result = value * 2"), 21) == 42
    assert cache_path.exists()
    _fresh_process(monkeypatch)
    _no_compiling(monkeypatch)
    assert _call(_method("result = value * 2"), 5) == 10


def test_a_changed_method_replaces_its_entry(cache_path, monkeypatch):
    _method("result = value * 2")
    _fresh_process(monkeypatch)
    assert _call(_method("result = value * 3"), 5) == 15
    entries = marshal.loads(cache_path.read_bytes())
    assert list(entries) == ["<sockffi calls in flight: Probe.probe>"]
    _fresh_process(monkeypatch)
    _no_compiling(monkeypatch)
    assert _call(_method("result = value * 3"), 2) == 6


@pytest.mark.parametrize("content", [
    b"", b"\x00garbage", marshal.dumps([1, 2]),
    marshal.dumps({"<sockffi calls in flight: Probe.probe>": 5}),
    marshal.dumps({"<sockffi calls in flight: Probe.probe>": ("a key", "not code", 3)}),
])
def test_a_damaged_cache_is_compiled_over(cache_path, monkeypatch, content):
    cache_path.parent.mkdir()
    cache_path.write_bytes(content)
    assert _call(_method("result = value + 1"), 1) == 2
    _fresh_process(monkeypatch)
    _no_compiling(monkeypatch)
    assert _call(_method("result = value + 1"), 2) == 3


def test_an_unwritable_cache_still_gives_the_method(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")  # a file where the directory should be
    monkeypatch.setattr(_inflight, "_CACHE_PATH", str(blocker / "inflight.bin"))
    monkeypatch.setattr(_inflight, "_cache", None)
    assert _call(_method("result = -value"), 4) == -4

