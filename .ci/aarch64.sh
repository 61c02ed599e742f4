#!/usr/bin/env bash
# The linux-aarch64 leg: sockffi built and tested on aarch64 under qemu
# user-mode emulation, on an x86_64 Debian 12 host, as root (binfmt_misc).
#
#   .ci/aarch64.sh [WORK_DIR]
#
# - Debian's arm64 CPython 3.11 and cffi are unpacked into a sysroot, not
#   installed: multiarch python3:arm64 would replace the host's python3.
# - ABI and API mode: the self-test and the suite (known qemu gaps
#   deselected; qemu_gaps.py shows each failing for the stdlib too).
# - The committed sockffi/_abi/linux_aarch64_* must equal what the
#   emulated API build regenerates.
# - An aarch64 wheel, cross-compiled by the host's CPython 3.11 (same
#   version as the arm64 one), installed and imported under emulation.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=${1:-$(mktemp -d /tmp/sockffi-aarch64.XXXXXX)}
SYSROOT=$W/sysroot
PY=$SYSROOT/usr/bin/python3.11
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
t0=$SECONDS
step() { printf '\n=== aarch64: %s (%ss)\n' "$1" "$((SECONDS - t0))"; }

step "host packages: qemu-user-static, binfmt-support, the aarch64 cross gcc"
HOST_PACKAGES=(qemu-user-static binfmt-support gcc-aarch64-linux-gnu
               libc6-dev-arm64-cross linux-libc-dev-arm64-cross python3-venv)
if ! dpkg -s "${HOST_PACKAGES[@]}" >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq "${HOST_PACKAGES[@]}" >/dev/null
fi
# binfmt_misc runs aarch64 executables directly: the suite's subprocess
# tests start sys.executable, the aarch64 python.
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64

step "Debian's arm64 CPython 3.11 and cffi, unpacked into $SYSROOT"
mkdir -p "$W/debs" "$SYSROOT"
# arm64 package lists for `apt-get download` only: no dpkg architecture is
# added, so nothing for arm64 can be installed on the host.
ARCHES=(-o APT::Architectures::=amd64 -o APT::Architectures::=arm64)
apt-get "${ARCHES[@]}" update -qq
ARM64=(libc6 libgcc-s1 libbz2-1.0 libcrypt1 libexpat1 libffi8 liblzma5 libncursesw6
       libtinfo6 libreadline8 libsqlite3-0 libssl3 libuuid1 zlib1g libnsl2 libtirpc3
       libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0 libkeyutils1 libcom-err2
       libdb5.3 python3.11-minimal libpython3.11-minimal libpython3.11-stdlib python3.11
       python3-cffi-backend libpython3.11-dev libbluetooth3 libbluetooth-dev)
ARCH_ALL=(python3-cffi python3-pycparser python3-ply python3-distutils python3-lib2to3
          python3-setuptools python3-pkg-resources)
(cd "$W/debs" && apt-get "${ARCHES[@]}" download -qq "${ARM64[@]/%/:arm64}" "${ARCH_ALL[@]}")
for deb in "$W"/debs/*.deb; do dpkg -x "$deb" "$SYSROOT"; done
export QEMU_LD_PREFIX=$SYSROOT  # the aarch64 ld.so and libraries for binfmt runs
"$PY" -c 'import platform, sys, cffi
print(platform.machine(), sys.version.split()[0], "cffi", cffi.__version__)
assert platform.machine() == "aarch64"'

step "host tools: Debian's CPython 3.11 (the arm64 one's version) with cffi"
HOST=$W/host-venv
/usr/bin/python3.11 -m venv "$HOST"
"$HOST/bin/python" -m pip install -q --upgrade setuptools wheel cffi  # the project needs a newer setuptools than the venv's

step "pytest, hypothesis, setuptools for the arm64 interpreter (pure-Python wheels)"
# setuptools: cffi compiles through it, and it reads pyproject.toml, whose
# SPDX license Debian's setuptools 66 rejects (the project needs >= 77).
"$HOST/bin/python" -m pip install -q --target "$W/site" --platform manylinux2014_aarch64 \
    --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: \
    pytest hypothesis "setuptools>=77"
export PYTHONPATH=$W/site
# cffi compiles with the arm64 sysconfig's CC, aarch64-linux-gnu-gcc (the
# host's cross gcc, run natively), but that sysconfig names the host's
# /usr/include/python3.11: the arm64 headers go first.  CPPFLAGS too, as
# build_ffi.py looks for optional headers (BlueZ's) with $CC $CPPFLAGS.
export CFLAGS="-I$SYSROOT/usr/include/python3.11"
export CPPFLAGS="-idirafter $SYSROOT/usr/include"

step "a clean copy of the source tree"
mkdir -p "$W/src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$W/src"
cd "$W/src"
# importable from anywhere, as an installed package is (the suite's
# subprocesses run scripts from temporary directories)
export PYTHONPATH=$PYTHONPATH:$W/src

step "ABI mode: the self-test (TCP/UDP/AF_UNIX echo on loopback)"
SOCKFFI_MODE=abi "$PY" -m sockffi | tee "$W/abi.txt"
grep -q '^mode: *abi' "$W/abi.txt"

step "API mode: build_ffi.py under emulation, the self-test"
"$PY" build_ffi.py
SOCKFFI_MODE=api "$PY" -m sockffi | tee "$W/api.txt"
grep -q '^mode: *api' "$W/api.txt"

step "the committed linux_aarch64 declarations equal the emulated build's"
cp -r sockffi/_abi "$W/abi-committed"
"$PY" build_ffi.py abi
# Only the values file's docstring may differ: it says how the file was made.
diff "$W/abi-committed/linux_aarch64_ffi.py" sockffi/_abi/linux_aarch64_ffi.py
after_docstring() { sed '1,/"""$/d' "$1"; }
diff <(after_docstring "$W/abi-committed/linux_aarch64_values.py") \
     <(after_docstring sockffi/_abi/linux_aarch64_values.py)
grep -q "^CONSTANTS = {" <(after_docstring sockffi/_abi/linux_aarch64_values.py)
rm -rf sockffi/_abi && cp -r "$W/abi-committed" sockffi/_abi
echo "linux_aarch64 declarations: unchanged"

# Known gaps of qemu-user 7.2's syscall translation, which the stdlib socket
# module meets too: .ci/qemu_gaps.py runs each check on the stdlib.
QEMU_GAPS=(
  tests/test_msg_ancillary.py::test_so_timestampns                     # SO_TIMESTAMPNS: ENOPROTOOPT
  "tests/test_batch.py::test_recvmmsg_splits_what_gro_coalesced[True]" # SO_TIMESTAMPNS
  tests/test_constants.py::test_ip_options_round_trip                  # IP_RECVTTL: ENOPROTOOPT
  tests/test_msg_ancillary.py::test_ip_ttl_truncated_by_a_small_buffer # MSG_CTRUNC not set
  tests/test_fuzz_msg.py::test_recvmsg_control_buffer_sizes            # MSG_CTRUNC not set
  tests/test_fuzz_msg.py::test_recvmsg_into_buffers                    # MSG_CTRUNC not set
  tests/test_socket_address.py::test_vsock_options_are_64_bit          # AF_VSOCK options: EOPNOTSUPP
  tests/test_tcpinfo.py::test_live_connection                          # TCP_INFO: 4 bytes
)
step "the known qemu gaps fail for the stdlib socket module too"
"$PY" .ci/qemu_gaps.py --expect gaps
PYTEST=("$PY" -m pytest -q -p no:cacheprovider -rfE --durations=5)
for test in "${QEMU_GAPS[@]}"; do PYTEST+=(--deselect "$test"); done
# Not a gap, time: the benchmark tool's check (1-2 minutes per mode
# under emulation) times and straces the emulator; it runs natively.
PYTEST+=(--ignore tests/test_benchmarks_floors.py)

# The suite knows it runs under qemu-user: a race whose error qemu's
# recvmmsg loses (test_batch.py's LostByQemu) is tried again, not failed.
export SOCKFFI_TEST_UNDER_QEMU_USER=1
rc=0
step "the suite, API mode"
SOCKFFI_MODE=api "${PYTEST[@]}" tests || rc=1
step "the suite, ABI mode"
SOCKFFI_MODE=abi "${PYTEST[@]}" tests || rc=1

step "an aarch64 wheel, cross-compiled by the host's CPython 3.11"
# The arm64 interpreter's sysconfig (CC, LDSHARED, EXT_SUFFIX) stands in for
# the host's; the platform tag follows it.
SYSCONFIG=$("$PY" -c 'import sysconfig; print(sysconfig._get_sysconfigdata_name())')
mkdir -p "$W/cross-sysconfig" "$W/wheels"
cp "$SYSROOT/usr/lib/python3.11/$SYSCONFIG.py" "$W/cross-sysconfig/"
git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
    (cd "$ROOT" && tar --null -T - -cf -) | (mkdir -p "$W/wheel-src" && tar -xf - -C "$W/wheel-src")
(cd "$W/wheel-src" &&
 _PYTHON_HOST_PLATFORM=linux-aarch64 _PYTHON_SYSCONFIGDATA_NAME=$SYSCONFIG \
 PYTHONPATH=$W/cross-sysconfig \
 "$HOST/bin/python" -m pip wheel -q --no-deps --no-build-isolation -w "$W/wheels" .)
WHEEL=$(ls "$W"/wheels/sockffi-*-cp39-abi3-linux_aarch64.whl)  # the x86_64 wheel's tags
echo "built $(basename "$WHEEL")"
"$HOST/bin/python" - "$WHEEL" <<'PYEOF'  # its extension is aarch64 code (ELF e_machine 183)
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    names = [n for n in wheel.namelist() if n.endswith(".so")]
    machines = {n: int.from_bytes(wheel.read(n)[18:20], "little") for n in names}
print(machines)
assert names and set(machines.values()) == {183}, machines
PYEOF
"$HOST/bin/python" -m pip install -q --no-deps --target "$W/wheel-site" --platform linux_aarch64 \
    --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: "$WHEEL"
(cd "$W" && PYTHONPATH=$W/wheel-site "$PY" -m sockffi | tee "$W/wheel.txt")
grep -q '^mode: *api' "$W/wheel.txt"

step "done (rc=$rc)"
exit $rc
