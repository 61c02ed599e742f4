"""Shared pieces of the fault and load tests (tests/test_slow_*.py, marker
`slow`, not part of the default run):

    python3 -m pytest -m slow

Peers that are not under test run in a subprocess (`spawn_peer`), so they
neither share the GIL with the test nor receive its timer signals."""

import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import sockffi

REPO = os.path.dirname(os.path.dirname(os.path.abspath(sockffi.__file__)))


def spawn_peer(code: str, *args: str) -> subprocess.Popen:
    """Run `code` (Python source) in a child interpreter with sockffi
    importable and the same SOCKFFI_MODE; its stdout is a pipe."""
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env,
                            stdout=subprocess.PIPE, stdin=subprocess.PIPE)


@contextmanager
def signal_storm(hz: int = 1000, signum: int = signal.SIGALRM):
    """A Python-level handler run `hz` times a second (setitimer), in the
    main thread.  Yields a one-item list: the number of handler runs."""
    count = [0]

    def handler(signo, frame):
        count[0] += 1

    old = signal.signal(signum, handler)
    timer = {signal.SIGALRM: signal.ITIMER_REAL, signal.SIGVTALRM: signal.ITIMER_VIRTUAL,
             signal.SIGPROF: signal.ITIMER_PROF}[signum]
    signal.setitimer(timer, 1.0 / hz, 1.0 / hz)
    try:
        yield count
    finally:
        signal.setitimer(timer, 0, 0)
        signal.signal(signum, old)


def open_fds() -> set:
    """The process's open file descriptors (Linux /proc)."""
    return {int(n) for n in os.listdir("/proc/self/fd")}


# x86_64 system call numbers of the calls a blocked socket operation sleeps
# in; elsewhere `wait_blocked` just waits a little.
_SYSCALLS_X86_64 = {"read": 0, "write": 1, "readv": 19, "recvfrom": 45, "accept": 43, "accept4": 288, "poll": 7, "ppoll": 271,
                    "recvmsg": 47, "sendto": 44, "connect": 42, "select": 23,
                    "pselect6": 270}


def wait_blocked(thread_id: int, calls=("read", "readv", "recvfrom", "accept", "accept4", "poll", "ppoll",
                                        "recvmsg"), limit: float = 5.0) -> bool:
    """Wait until the thread with native id `thread_id` sleeps in one of
    `calls` (read from /proc/self/task/<id>/syscall).  True when seen."""
    numbers = {_SYSCALLS_X86_64[c] for c in calls}
    path = f"/proc/self/task/{thread_id}/syscall"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with open(path) as f:
                fields = f.read().split()
        except OSError:
            fields = []
        if os.uname().machine != "x86_64":
            time.sleep(0.3)
            return True
        if fields and fields[0].isdigit() and int(fields[0]) in numbers:
            time.sleep(0.02)  # and stays there
            with open(path) as f:
                again = f.read().split()
            if again and again[0] == fields[0]:
                return True
        time.sleep(0.005)
    return False


class Runner(threading.Thread):
    """Run func in a thread; keep its result or exception."""

    def __init__(self, func, *args) -> None:
        super().__init__(daemon=True)
        self.func, self.args = func, args
        self.result = self.error = None
        self.native = None
        self.started_event = threading.Event()

    def run(self) -> None:
        self.native = threading.get_native_id()
        self.started_event.set()
        try:
            self.result = self.func(*self.args)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
