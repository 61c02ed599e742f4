"""The attributes beyond the stdlib that the package loads on first use
(PEP 562): absent from a plain import, there when asked for, in dir()."""

import subprocess
import sys

import pytest

import sockffi

ON_FIRST_USE = {
    "tcp_info": "sockffi._tcpinfo", "TCPInfo": "sockffi._tcpinfo",
    "install": "sockffi._run", "uninstall": "sockffi._run", "installed": "sockffi._run",
    "from_stdlib": "sockffi._handover", "to_stdlib": "sockffi._handover",
}


def test_a_plain_import_loads_none_of_them():
    script = ("import sys, sockffi; "
              "print(sorted({m for m in %r if m in sys.modules}))" % sorted(set(ON_FIRST_USE.values())))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_a_plain_import_loads_no_typing_re_or_importlib_util():
    """Annotations only name typing's classes (TYPE_CHECKING), and the API
    module is found without importlib.util: on PyPy the three cost ~17 ms
    of `import sockffi`'s ~45 (benchmarks import_time)."""
    script = ("import sys; before = set(sys.modules); import sockffi; "
              "print(sorted({'typing', 're', 'importlib.util'} & (set(sys.modules) - before)))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", sorted(ON_FIRST_USE))
def test_each_is_its_modules_object(name):
    module = __import__(ON_FIRST_USE[name], fromlist=[name])
    assert getattr(sockffi, name) is getattr(module, name)
    assert name in dir(sockffi)
    namespace = {}
    exec(f"from sockffi import {name}", namespace)
    assert namespace[name] is getattr(module, name)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'sockffi' has no attribute 'no_such_name'"):
        sockffi.no_such_name  # noqa: B018
    assert not hasattr(sockffi, "_tcpinfo_but_not_really")
