"""sockffi/__init__.pyi declares the run-time-only names (constants, enums,
TCPInfo fields) from the tables the run time reads; tools/gen_stubs.py writes
that block. A table changed without re-running it fails here."""

import ast
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "tools" / "gen_stubs.py"

if not GENERATOR.exists():
    pytest.skip("needs the source tree (tools/gen_stubs.py)", allow_module_level=True)


def test_generated_stub_block_is_current():
    result = subprocess.run([sys.executable, str(GENERATOR), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def declared_names(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname for a in node.names if a.asname == a.name)
    return names


def test_stub_declares_every_runtime_export():
    # The hand-written part too: a public name added to __init__.py without
    # its declaration in the stub shows up here, before stubtest runs.
    import sockffi
    stub = ast.parse((ROOT / "sockffi" / "__init__.pyi").read_text())
    missing = set(sockffi.__all__) - declared_names(stub)
    assert not missing
