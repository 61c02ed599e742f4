"""Per-call cost of the small functions and methods: nanoseconds per call.

Each is a setup, a statement timed ten times per loop turn (so the loop's
own cost is a tenth of a turn), and a check expression whose values for
i = 0..7 must equal the stdlib's before anything is timed.  The argument
varies with the loop index and the result is kept, so PyPy's JIT can neither
fold the call into a constant nor drop it.
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Tuple

from .harness import BenchError, timed_loop

UNROLL = 10


class Call(NamedTuple):
    name: str
    needs: Tuple[str, ...]  # names that must exist on the module ("socket.x": on the class)
    setup: str              # runs once; `mod` is the module under test
    body: str               # timed; `i` is the loop index, leave a result in `r`
    check: str              # evaluated for i = 0..7 and compared with the stdlib
    teardown: str = ""


CALLS = (
    Call("call_inet_aton", ("inet_aton",),
         "f = mod.inet_aton; A = ['127.0.0.1', '10.1.2.3', '192.168.100.200', '255.255.255.0']",
         "r = f(A[i & 3])", "f(A[i & 3])"),
    Call("call_inet_ntoa", ("inet_ntoa",),
         "f = mod.inet_ntoa; A = [b'\\x7f\\0\\0\\1', b'\\n\\1\\2\\3', b'\\xc0\\xa8d\\xc8', b'\\xff\\xff\\xff\\0']",
         "r = f(A[i & 3])", "f(A[i & 3])"),
    Call("call_inet_pton", ("inet_pton",),
         "f = mod.inet_pton; F = mod.AF_INET6; A = ['::1', '2001:db8::1', 'fe80::1:2:3:4', '::ffff:10.0.0.1']",
         "r = f(F, A[i & 3])", "f(F, A[i & 3])"),
    Call("call_htons", ("htons",),
         "f = mod.htons",
         "r = f(i & 0xFFFF)", "f(i * 4099 & 0xFFFF)"),
    Call("call_getaddrinfo", ("getaddrinfo",),
         "f = mod.getaddrinfo; A = ['127.0.0.1', '10.1.2.3']; F = mod.AF_INET; "
         "T = mod.SOCK_STREAM; N = mod.AI_NUMERICHOST",
         "r = f(A[i & 1], 80, F, T, 0, N)", "f(A[i & 1], 80 + i, F, T, 0, N)"),
    Call("call_socket_close", (),
         "S = mod.socket; F = mod.AF_INET; T = mod.SOCK_STREAM",
         "s = S(F, T); r = s.close()",
         "(lambda s: (s.family, s.type, s.proto, s.fileno() >= 0, s.close(), s.fileno()))(S(F, T))"),
    Call("call_sockopt", ("socket.setsockopt", "socket.getsockopt"),
         "s = mod.socket(mod.AF_INET, mod.SOCK_STREAM); L = mod.SOL_SOCKET; O = mod.SO_REUSEADDR",
         "s.setsockopt(L, O, i & 1); r = s.getsockopt(L, O)",
         "(s.setsockopt(L, O, i & 1), s.getsockopt(L, O))",
         "s.close()"),
    Call("call_timeout", ("socket.settimeout", "socket.gettimeout"),
         "s = mod.socket(mod.AF_INET, mod.SOCK_STREAM); T = [0.5, None]",
         "s.settimeout(T[i & 1]); r = s.gettimeout()",
         "(s.settimeout(T[i & 1]), s.gettimeout(), s.getblocking())",
         "s.close()"),
)


def _compile(call: Call) -> Callable:
    """def run(mod, duration): the setup, the check values, then the timed
    loop with the body unrolled."""
    body = "\n".join("                " + call.body for _ in range(UNROLL))
    source = f"""
def run(mod, duration, timed_loop):
    {call.setup}
    try:
        checks = [{call.check} for i in range(8)]
        def step(n):
            r = None
            for i in range(n):
{body}
            return r
        return checks, timed_loop(step, duration)
    finally:
        {call.teardown or 'pass'}
"""
    namespace: dict = {}
    exec(compile(source, f"<{call.name}>", "exec"), namespace)
    return namespace["run"]


def make_measure(call: Call, reference) -> Callable:
    """measure(mod, duration) -> ns per call; the check values must equal
    what the reference module (the stdlib) gives."""
    run = _compile(call)
    expected = run(reference, 0.0, lambda step, d: None)[0]

    def measure(mod, duration: float) -> float:
        checks, (done, seconds) = run(mod, duration, timed_loop)
        if checks != expected:
            raise BenchError(f"{call.name}: {checks!r} != stdlib's {expected!r}")
        return seconds / (done * UNROLL) * 1e9

    return measure
