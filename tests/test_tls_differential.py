"""TLS against misbehaving peers: the stdlib's C path against sockffi's TLS
engine, scenario by scenario (tests/tls_differential_scenarios.py), our side
as client and as server, blocking / timed / non-blocking.

The scenarios run in two child processes at once: one on the stdlib, one
under `python -m sockffi run`.  Each outcome (the values our side got, or
the exception's class, errno, reason and library; what the peer saw; and
whether it had to wait for the peer to give up) must be the same."""

import errno
import json
import os
import ssl
import subprocess
import sys

import pytest

import tls_differential_scenarios as scenarios
from dropin_certs import make_certs
from dropin_support import INNER, REPO, child_env

SCRIPT = scenarios.__file__
KEYS = [f"{name}/{mode}" for name in sorted(scenarios.SCENARIOS) for mode in scenarios.MODES]
CHILD_TIMEOUT = 400


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    if os.environ.get(INNER):
        pytest.skip("already a child run")
    directory = str(tmp_path_factory.mktemp("tls-certs"))
    if make_certs(directory) is None:
        pytest.skip("neither the cryptography package nor the openssl command works")
    env = child_env()
    env[INNER] = "1"
    commands = {"stdlib": [sys.executable, SCRIPT, directory],
                "sockffi": [sys.executable, "-m", "sockffi", "run", SCRIPT, directory]}
    procs = {side: subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
             for side, command in commands.items()}
    found = {}
    for side, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=CHILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"{side} run hung: {err[-3000:]}")
        assert proc.returncode == 0, f"{side} run failed:\n{err[-6000:]}"
        found[side] = json.loads(out)
    return found


@pytest.mark.parametrize("key", KEYS)
def test_same_outcome_as_the_stdlib(outcomes, key):
    stdlib, ours = outcomes["stdlib"][key], outcomes["sockffi"][key]
    assert ours == stdlib


def _first_error(outcome):
    seen, _peer, gave_up = outcome
    return [step for step in seen if isinstance(step, dict)][:1], gave_up


@pytest.mark.parametrize("mode", scenarios.MODES)
@pytest.mark.parametrize("name, reason", [
    ("server_meets_plain_text_client", "HTTP_REQUEST"),
    ("client_meets_plain_text_server", "WRONG_VERSION_NUMBER"),
    ("server_meets_impossible_record_length", "PACKET_LENGTH_TOO_LONG"),
    ("client_meets_impossible_record_length", "PACKET_LENGTH_TOO_LONG"),
])
def test_a_peer_that_does_not_speak_tls_fails_at_once(outcomes, name, reason, mode):
    """Pinned, not only compared: SSLError with OpenSSL's reason, without
    waiting for the peer to give up."""
    for side in ("stdlib", "sockffi"):
        error, gave_up = _first_error(outcomes[side][f"{name}/{mode}"])
        assert error and error[0]["exception"] == "SSLError", (side, error)
        assert error[0]["reason"] == reason and not gave_up, (side, error, gave_up)


@pytest.mark.parametrize("mode", scenarios.MODES)
def test_tls13_tickets_to_a_client_gone_do_not_fail_the_handshake(outcomes, mode):
    for side in ("stdlib", "sockffi"):
        seen = outcomes[side][f"server_meets_client_closing_after_finished_tls13/{mode}"][0]
        assert seen[0] is None, (side, seen)  # do_handshake() returned


@pytest.mark.parametrize("mode", scenarios.MODES)
def test_clear_text_behind_close_notify_stays_in_the_socket(outcomes, mode):
    seen = outcomes["sockffi"][f"server_sees_close_notify_and_clear_text_together/{mode}"][0]
    assert seen[1:5] == [b"last words".hex(), "", True, b"clear text after".hex()]
    seen = outcomes["sockffi"][f"server_large_reads/{mode}"][0]
    assert seen[1:4] == [True, True, b"clear after bulk".hex()]


def test_every_scenario_ran_on_both_sides(outcomes):
    for side in ("stdlib", "sockffi"):
        assert sorted(key for key in outcomes[side] if key != scenarios.BASE) == sorted(KEYS)


def test_the_runs_really_differ_in_socket_module(outcomes):
    assert outcomes["stdlib"][scenarios.BASE] == "socket"
    assert outcomes["sockffi"][scenarios.BASE].startswith("sockffi")


@pytest.mark.skipif(not scenarios.C_PATH_CRASHES, reason="compared with the C path here")
def test_writes_after_a_failure_on_the_engine(tmp_path):
    """Where the C path cannot run them (C_PATH_CRASHES), sockffi's outcome
    is pinned to what CPython 3.9's C path gave in the runs that did not
    crash: SSLEOFError for a write after a fatal alert, and the socket's
    own ConnectionResetError for a write to a reset peer."""
    if os.environ.get(INNER):
        pytest.skip("already a child run")
    directory = str(tmp_path)
    if make_certs(directory) is None:
        pytest.skip("neither the cryptography package nor the openssl command works")
    env = child_env()
    env[INNER] = "1"
    proc = subprocess.run([sys.executable, "-m", "sockffi", "run", SCRIPT, directory,
                           *sorted(scenarios.C_PATH_CRASHES)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-6000:]
    found = json.loads(proc.stdout)
    for mode in scenarios.MODES:
        seen, _peer, gave_up = found[f"client_writes_after_a_fatal_alert/{mode}"]
        assert seen[1]["reason"] == "DECRYPTION_FAILED_OR_BAD_RECORD_MAC", seen
        assert seen[2] == {"exception": "SSLEOFError", "errno": ssl.SSL_ERROR_EOF,
                           "reason": None, "library": None}, seen
        seen, _peer, gave_up = found[f"client_writes_to_a_reset_peer/{mode}"]
        assert seen[1] is True and not gave_up, seen
        assert seen[2] == {"exception": "ConnectionResetError", "errno": errno.ECONNRESET}, seen
