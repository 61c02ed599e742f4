"""asyncio's own datagram test cases, run against sockffi's batch transport.

    python tests/stdlib_suites/asyncio_datagram.py [--json]

Three groups from the interpreter's Lib/test/test_asyncio (for PyPy, which
ships none, put a CPython Lib/test of the same version on PYTHONPATH, as
run_suites.py does):

- endpoint: every test with "datagram" in its name in test_events (real
  loopback sockets on the select, poll and epoll loops) and test_base_events
  (argument handling, sock=, AF_UNIX, socket options);
- transport: test_selector_events' SelectorDatagramTransportTests, whose
  socket is a mock.

Each group runs once on the stdlib's transport (the baseline), once with
sockffi.aio.install() (batch: recvmmsg/sendmmsg), and once in the
one-datagram-per-call fallback.  For the transport group the mock socket
stands in for the socket the transport does its I/O on; in batch mode
through recvmmsg/sendmmsg built of the mock's recvfrom/send/sendto, so the
tests' side effects (errors, EAGAIN) and assertions apply unchanged.
Prints the counts per group and mode; exits 1 when a test passes on the
stdlib's transport and not on sockffi's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import sockffi  # noqa: E402
import sockffi.aio  # noqa: E402
from sockffi import _aio_datagram  # noqa: E402


def _tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _tests(item)
        else:
            yield item


def endpoint_tests():
    from test.test_asyncio import test_base_events, test_events
    loader = unittest.defaultTestLoader
    found = []
    for module in (test_events, test_base_events):
        for test in _tests(loader.loadTestsFromModule(module)):
            if "datagram" in test.id().rsplit(".", 1)[-1]:
                found.append(test.id())
    return found


def transport_tests():
    from test.test_asyncio import test_selector_events
    loader = unittest.defaultTestLoader
    return [t.id() for t in _tests(loader.loadTestsFromTestCase(
        test_selector_events.SelectorDatagramTransportTests))]


class _BatchOnMock:
    """A mock socket seen through recvmmsg/sendmmsg, with the kernel's
    semantics: recvmmsg returns what one recvfrom gives; sendmmsg sends
    until an error, which it raises only when nothing went."""

    def __init__(self, sock) -> None:
        self._sock = sock

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def recvmmsg(self, count, bufsize):
        return [self._sock.recvfrom(bufsize)]

    def sendmmsg(self, messages):
        sent = 0
        for message in messages:
            try:
                if isinstance(message, tuple):
                    self._sock.sendto(*message)
                else:
                    self._sock.send(message)
            except OSError:
                if sent:
                    return sent
                raise
            sent += 1
        return sent


class _Mode:
    """Context manager putting one transport in place for a run."""

    def __init__(self, name: str, mocked: bool) -> None:
        self.name = name
        self.mocked = mocked
        self.made = 0
        self._patches = []

    def __enter__(self):
        from test.test_asyncio import test_selector_events
        if self.name == "stdlib":
            return self
        mode = self
        real_make = _aio_datagram.make_transport

        def counting_make(*args, **kwargs):
            mode.made += 1
            return real_make(*args, **kwargs)

        class Transport(_aio_datagram.BatchDatagramTransport):
            def __init__(self, *args, **kwargs):
                mode.made += 1
                super().__init__(*args, **kwargs)

        self._patches = [
            mock.patch.object(sockffi.aio, "make_transport", counting_make),
            mock.patch.object(test_selector_events, "_SelectorDatagramTransport", Transport),
            mock.patch.object(_aio_datagram, "HAVE_BATCH", self.name == "batch"),
        ]
        if self.mocked:
            # The transport does its I/O on the test's mock (through
            # recvmmsg/sendmmsg made of its recvfrom/send/sendto in batch mode).
            wrap = _BatchOnMock if self.name == "batch" else (lambda sock: sock)
            self._patches.append(mock.patch.object(_aio_datagram, "_io_socket", wrap))
        for p in self._patches:
            p.start()
        sockffi.aio.install()
        return self

    def __exit__(self, *exc):
        sockffi.aio.uninstall()
        for p in reversed(self._patches):
            p.stop()


def run(ids, mode_name: str, mocked: bool, verbose: bool = False):
    """{test id: "pass" | "fail" | "skip"} and how many of our transports
    were made."""
    suite = unittest.defaultTestLoader.loadTestsFromNames(ids)
    result = unittest.TestResult()
    with _Mode(mode_name, mocked) as mode:
        suite.run(result)
    outcome = {test_id: "pass" for test_id in ids}
    for test, trace in result.failures + result.errors:
        outcome[test.id()] = "fail"
        if verbose:
            print(f"--- {mode_name}: {test.id()}\n{trace}", file=sys.stderr)
    for test, _ in result.skipped:
        outcome[test.id()] = "skip"
    return outcome, mode.made


UNAVAILABLE = 77  # exit status: this interpreter has no test_asyncio


def main(argv=None) -> int:
    try:
        from test.test_asyncio import test_base_events, test_events, test_selector_events  # noqa
    except ImportError as exc:
        print(f"asyncio's tests are not installed here: {exc}", file=sys.stderr)
        return UNAVAILABLE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the failures")
    args = parser.parse_args(argv)
    groups = {"endpoint": endpoint_tests(), "transport": transport_tests()}
    report = {}
    ok = True
    for group, ids in groups.items():
        mocked = group == "transport"
        stdlib, _ = run(ids, "stdlib", mocked)
        for mode in ("batch", "fallback"):
            ours, made = run(ids, mode, mocked, args.verbose)
            lost = sorted(t for t in ids if stdlib[t] == "pass" and ours[t] != "pass")
            if lost:
                ok = False
            report[f"{group}/{mode}"] = {
                "tests": len(ids),
                "stdlib_pass": sum(v == "pass" for v in stdlib.values()),
                "pass": sum(v == "pass" for v in ours.values()),
                "skip": sum(v == "skip" for v in ours.values()),
                "transports_made": made,
                "not_passing": [t.rsplit(".", 2)[-2] + "." + t.rsplit(".", 1)[-1] for t in lost],
            }
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        for key, row in report.items():
            print(f"{key:<20} {row['pass']:>3}/{row['tests']} pass (stdlib transport: "
                  f"{row['stdlib_pass']}), {row['skip']} skipped, "
                  f"{row['transports_made']} sockffi transports made")
            for name in row["not_passing"]:
                print(f"    not passing: {name}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
