"""registered() forwards a method's own parameters (positional ones
unpacked, anything else packed): the wrapper takes exactly what the method
takes, with its defaults, and parameters named like the wrapper's own
locals reach the method unchanged."""

import inspect

import pytest

import sockffi
from sockffi._inflight import registered


class Probe(sockffi.socket):
    @registered()
    def positional(self, a, b=2, /):
        return (a, b)

    @registered()
    def keyword_only(self, a, *, op=5):
        return (a, op)

    @registered()
    def named_like_the_template(self, fd, result=0, method="m"):
        return (fd, result, method)


@pytest.fixture
def probe():
    with Probe(sockffi.AF_INET, sockffi.SOCK_DGRAM) as sock:
        yield sock


def test_positional_parameters_and_defaults(probe):
    assert probe.positional(1) == (1, 2)
    assert probe.positional(1, 3) == (1, 3)
    with pytest.raises(TypeError):
        probe.positional()
    with pytest.raises(TypeError):
        probe.positional(1, 2, 3)
    with pytest.raises(TypeError):
        probe.positional(a=1)  # positional-only, as the method says


def test_keyword_only_parameters(probe):
    assert probe.keyword_only(1) == (1, 5)
    assert probe.keyword_only(1, op=6) == (1, 6)
    with pytest.raises(TypeError):
        probe.keyword_only(1, 6)


def test_parameters_named_like_the_wrappers_locals(probe):
    assert probe.named_like_the_template(-7) == (-7, 0, "m")
    assert probe.named_like_the_template(-7, result=3, method="x") == (-7, 3, "x")


def test_the_signature_is_the_methods():
    """Positional-only methods get a wrapper with their own signature and
    defaults (follow_wrapped=False: the wrapper's, not __wrapped__'s)."""
    for method in (Probe.positional, sockffi.socket._accept, sockffi.socket.sendmsg,
                   sockffi.socket.recvmsg, sockffi.socket.sendfile):
        assert inspect.signature(method, follow_wrapped=False) == \
            inspect.signature(method.__wrapped__), method.__name__
