"""`python -m sockffi run` and sockffi.install()/uninstall().

The command-line tests start child interpreters (bounded by timeouts) on
loopback; the install tests swap the modules in this process and put them
back."""

import functools
import http.server
import json
import os
import re
import socket as stdlib_socket
import ssl  # imported before any install(): see test_install_and_uninstall
import subprocess
import sys
import time
import types
import urllib.request

import pytest

import sockffi
from dropin_certs import make_certs
from dropin_support import REPO, Serving, child_env

TIMEOUT = 60

REPORT = """
import json, os, socket, ssl, sys, _socket
import sockffi
print(json.dumps({
    "socket": socket.__name__,
    "_socket": _socket.socket is sockffi.socket,
    "has_capi": hasattr(_socket, "CAPI") == hasattr(sockffi, "CAPI"),
    "ssl_on_sockffi": issubclass(ssl.SSLSocket, sockffi.socket),
    "argv": sys.argv,
    "path0": sys.path[0],
    "name": __name__,
    "main_is_me": sys.modules["__main__"].__dict__ is globals(),
}))
sys.exit(int(os.environ.get("EXIT_WITH", "0")))
"""


def run_child(args, cwd, **extra_env):
    env = child_env()
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "sockffi", "run"] + args, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)


def test_run_script(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(REPORT)
    proc = run_child([str(script), "one", "--two"], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)
    assert facts == {
        "socket": "sockffi", "_socket": True, "has_capi": True, "ssl_on_sockffi": True,
        "argv": [str(script), "one", "--two"], "path0": str(tmp_path),
        "name": "__main__", "main_is_me": True,
    }


def test_run_module(tmp_path):
    (tmp_path / "prog_mod.py").write_text(REPORT)
    proc = run_child(["-m", "prog_mod", "x"], cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stdout)
    assert facts["socket"] == "sockffi" and facts["ssl_on_sockffi"]
    assert facts["argv"] == [str(tmp_path / "prog_mod.py"), "x"]
    assert facts["name"] == "__main__" and facts["main_is_me"]
    assert os.path.realpath(facts["path0"]) == os.path.realpath(str(tmp_path))


def test_exit_status_and_errors_pass_through(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(REPORT)
    assert run_child([str(script)], cwd=REPO, EXIT_WITH="3").returncode == 3
    failing = tmp_path / "fails.py"
    failing.write_text("raise KeyError('boom')\n")
    proc = run_child([str(failing)], cwd=REPO)
    assert proc.returncode == 1 and "KeyError: 'boom'" in proc.stderr
    proc = run_child(["-m", "no_such_module_xyz"], cwd=REPO)
    assert proc.returncode == 1 and "No module named no_such_module_xyz" in proc.stderr


def test_usage():
    proc = run_child([], cwd=REPO)
    assert proc.returncode == 2 and "python -m sockffi run" in proc.stderr


# --- a page served by `python -m sockffi run -m http.server` ----------------------

FETCH = """
import socket, ssl, sys, urllib.request
import sockffi
assert socket is sockffi
context = ssl.create_default_context(cafile=sys.argv[2]) if len(sys.argv) > 2 else None
with urllib.request.urlopen(sys.argv[1], timeout=30, context=context) as response:
    sys.stdout.write(response.read().decode())
"""

HTTPS_SERVER = """
import http.server, socket, ssl, sys
from functools import partial
cert, key, directory = sys.argv[1:4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
handler = partial(http.server.SimpleHTTPRequestHandler, directory=directory)
with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    print("Serving HTTPS on 127.0.0.1 port %d, socket module %s"
          % (httpd.server_address[1], socket.__name__), flush=True)
    httpd.serve_forever()
"""


class Server:
    """A child server: waits for its 'port N' line, stops it at the end."""

    def __init__(self, args, cwd):
        self.proc = subprocess.Popen([sys.executable, "-m", "sockffi", "run"] + args, cwd=cwd,
                                     env=child_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + TIMEOUT
        self.banner = self.proc.stdout.readline()  # bounded: the child exits on error
        match = re.search(r"port (\d+)", self.banner)
        if match is None or time.monotonic() > deadline:
            self.stop()
            raise AssertionError(f"no port in {self.banner!r}: {self.proc.stderr.read()}")
        self.port = int(match.group(1))

    def loaded_cffi(self) -> bool:
        with open(f"/proc/{self.proc.pid}/maps") as maps:
            return "_cffi_backend" in maps.read()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def test_http_server_page_fetched_by_urllib(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("<p>served by sockffi</p>")
    fetch = tmp_path / "fetch.py"
    fetch.write_text(FETCH)
    server = Server(["-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(site)],
                    cwd=str(tmp_path))
    try:
        proc = run_child([str(fetch), f"http://127.0.0.1:{server.port}/page.html"], cwd=REPO)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == "<p>served by sockffi</p>"
        # The stdlib alone never loads cffi: the server really runs on sockffi.
        if sys.implementation.name == "cpython" and os.path.exists("/proc/self/maps"):
            assert server.loaded_cffi()
        # and a stdlib client gets the same page from it
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/page.html",
                                    timeout=30) as response:
            assert response.read() == b"<p>served by sockffi</p>"
    finally:
        server.stop()


def test_https_page_fetched_by_urllib(tmp_path):
    certs = make_certs(str(tmp_path))
    if certs is None:
        pytest.skip("no way to make certificates")
    site = tmp_path / "site"
    site.mkdir()
    (site / "secret.txt").write_text("over TLS on sockffi")
    (tmp_path / "https_server.py").write_text(HTTPS_SERVER)
    (tmp_path / "fetch.py").write_text(FETCH)
    server = Server([str(tmp_path / "https_server.py"), certs["cert"], certs["key"], str(site)],
                    cwd=str(tmp_path))
    try:
        assert "socket module sockffi" in server.banner
        proc = run_child([str(tmp_path / "fetch.py"),
                          f"https://localhost:{server.port}/secret.txt", certs["ca"]], cwd=REPO)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == "over TLS on sockffi"
        context = ssl.create_default_context(cafile=certs["ca"])
        with urllib.request.urlopen(f"https://localhost:{server.port}/secret.txt",
                                    timeout=30, context=context) as response:
            assert response.read() == b"over TLS on sockffi"
    finally:
        server.stop()


# --- install() / uninstall() in this process ----------------------------------------

def test_install_and_uninstall():
    assert not sockffi.installed()
    real_underscore = sys.modules["_socket"]
    # A module loaded earlier, holding the stdlib's objects under its own names.
    user = types.ModuleType("dropin_fake_user")
    user.sock_module = stdlib_socket
    user.connect = stdlib_socket.create_connection
    user.Socket = stdlib_socket.socket
    user.family = stdlib_socket.AF_INET  # an int: left alone
    sys.modules[user.__name__] = user
    before = dict(vars(user))
    try:
        sockffi.install()
        sockffi.install()  # idempotent
        assert sockffi.installed()
        import socket
        import _socket
        assert socket is sockffi
        assert _socket.socket is sockffi.socket and _socket is not real_underscore
        assert user.sock_module is sockffi
        assert user.connect is sockffi.create_connection
        assert user.Socket is sockffi.socket
        assert user.family is before["family"]
        # this test module's own global was rebound too, as any loaded module's
        assert stdlib_socket is sockffi
        assert "_wrap_socket" in vars(ssl.SSLContext)
    finally:
        sockffi.uninstall()
        sockffi.uninstall()  # idempotent
        del sys.modules[user.__name__]
    assert not sockffi.installed()
    import socket
    assert socket is stdlib_socket
    assert sys.modules["_socket"] is real_underscore
    assert vars(user) == before and stdlib_socket is before["sock_module"]
    assert "_wrap_socket" not in vars(ssl.SSLContext)


def test_wrap_socket_keeps_the_c_path_for_stdlib_sockets():
    """While installed, a stdlib socket wrapped by an ssl imported before
    install() still gets the C object."""
    sockffi.install()
    try:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        with stdlib_socket.socket() as sock:
            tls = context.wrap_socket(sock, server_hostname="localhost",
                                      do_handshake_on_connect=False)
            with tls:
                assert type(tls) is ssl.SSLSocket
                assert not issubclass(ssl.SSLSocket, sockffi.socket)
    finally:
        sockffi.uninstall()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_modules_imported_before_install_keep_working(tmp_path):
    """http.server, socketserver, urllib and http.client were imported before
    install(): their globals are rebound, and the stdlib's default-timeout
    marker captured in their default arguments still means "default"."""
    (tmp_path / "index.html").write_text("early")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    sockffi.install()
    try:
        with Serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as httpd:
            assert isinstance(httpd.socket, sockffi.socket)
            with urllib.request.urlopen(f"http://127.0.0.1:{httpd.server_address[1]}/") as reply:
                assert isinstance(reply.fp.raw._sock, sockffi.socket)
                assert reply.read() == b"early"
    finally:
        sockffi.uninstall()
