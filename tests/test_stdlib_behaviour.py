"""sockffi/_stdlib_behaviour.py asks the C `_socket` module, never sockffi
itself: also while `python -m sockffi run` has put sockffi's names in
sys.modules["_socket"], and each answer is what that module does."""

import _socket
import sys

import pytest

import sockffi
from sockffi import _run, _stdlib_behaviour as behaviour

PROBES = [behaviour._stdlib_module, behaviour._probe_socket_methods, behaviour.init_takes_c_int,
          behaviour.htons_takes_c_int, behaviour.htons_truncates,
          behaviour.inet_aton_names_argument_position, behaviour.getaddrinfo_port_is_a_c_long]


@pytest.fixture
def fresh_probes():
    for probe in PROBES:
        probe.cache_clear()
    yield
    for probe in PROBES:
        probe.cache_clear()


def outcome(call):
    try:
        call()
    except Exception as exc:
        return type(exc), str(exc)
    return None


def test_probes_ask_the_c_module_under_the_drop_in(fresh_probes):
    def ask():
        return [behaviour.timeout_float_overflow(), behaviour.timeout_int_overflow(),
                behaviour.setblocking_takes_any_object(), behaviour.init_takes_c_int(),
                behaviour.getaddrinfo_port_is_a_c_long()]

    answers = ask()
    for probe in PROBES:
        probe.cache_clear()
    _run.install(tls=False)
    try:
        assert getattr(sys.modules["_socket"], "__sockffi__", False)
        module = behaviour._stdlib_module()
        # the C module (3.12 re-imports it with types of its own), not the shim
        assert not getattr(module, "__sockffi__", False)
        assert module.socket.__module__ == "_socket" and module.socket is not sockffi.socket
        assert answers == ask()
    finally:
        _run.uninstall()


@pytest.mark.skipif(sys.implementation.name != "cpython",
                    reason="PyPy's module accepts settimeout(inf): sockffi keeps CPython's error")
@pytest.mark.parametrize("value", [float("inf"), 1e300, 2 ** 63])
def test_timeout_overflow_as_the_stdlib(value):
    stdlib = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)
    try:
        expected = outcome(lambda: stdlib.settimeout(value))
    finally:
        stdlib.close()
    with sockffi.socket(sockffi.AF_INET, sockffi.SOCK_DGRAM) as ours:
        assert outcome(lambda: ours.settimeout(value)) == expected
    assert outcome(lambda: sockffi.setdefaulttimeout(value)) == expected
