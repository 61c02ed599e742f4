"""The typed example (tests/typing/example.py, type-checked by
.ci/packaging.sh against both modules) also runs the same on both."""

import pathlib
import subprocess
import sys

EXAMPLE = pathlib.Path(__file__).resolve().parent / "typing" / "example.py"


def run_example(tmp_path, import_line):
    source = EXAMPLE.read_text().replace("\nimport socket\n", f"\n{import_line}\n", 1)
    assert import_line in source
    script = tmp_path / f"example_{len(import_line)}.py"
    script.write_text(source)
    result = subprocess.run([sys.executable, str(script)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_example_runs_the_same_on_sockffi_as_on_socket(tmp_path):
    assert run_example(tmp_path, "import sockffi as socket") == \
        run_example(tmp_path, "import socket")


def test_the_asyncio_example_runs():
    result = subprocess.run([sys.executable, str(EXAMPLE.parent / "aio_example.py")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[b'ONE', b'THREE', b'TWO']\n"
