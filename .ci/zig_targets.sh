#!/usr/bin/env bash
# The portable C side compiles for platforms this machine cannot run: zig's
# clang (pip install ziglang) carries the libc headers of macOS, FreeBSD and
# musl.  For each target it
#   1. writes the API-mode C source build_ffi.py makes for that platform (the
#      portable declarations plus the platform's own: none on macOS/FreeBSD,
#      the Linux ones without glibc's on musl) and compiles it (-c), with
#      warnings as errors for undeclared functions;
#   2. runs `build_ffi.py abi --target`, which reads every layout and
#      constant out of a compiled (never run) probe and proves that the cdef's
#      declarations reproduce them under cffi; the files go to a scratch
#      directory, not sockffi/_abi (only glibc Linux is loaded at run time).
# Usage: .ci/zig_targets.sh [SCRATCH_DIR]   (PYTHON=... picks the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-$(mktemp -d /tmp/sockffi-zig.XXXXXX)}
TARGETS=(x86_64-macos aarch64-macos x86_64-freebsd aarch64-freebsd
         x86_64-linux-musl aarch64-linux-musl)
mkdir -p "$OUT"
printf '\n=== portable C side for macOS, FreeBSD and musl, through zig (%s)\n' "$(date +%T)"
"${PYTHON:-python3}" -m venv "$OUT/venv"
PY="$OUT/venv/bin/python"
"$PY" -m pip install -q ziglang cffi
echo "zig $("$PY" -m ziglang version)"
PYINC=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
for t in "${TARGETS[@]}"; do
    # The host's pyconfig.h is Linux's: these are what a native one turns on.
    case $t in
        *macos) extra=-D_DARWIN_C_SOURCE=1 ;;
        *freebsd) extra=-D__BSD_VISIBLE=1 ;;
        *) extra= ;;
    esac
    "$PY" build_ffi.py c-source --target "$t" --out "$OUT/api-$t.c" >/dev/null
    if ! "$PY" -m ziglang cc -target "$t" -c -fPIC -O0 -Werror=implicit-function-declaration \
            -I"$PYINC" $extra -o "$OUT/api-$t.o" "$OUT/api-$t.c" > "$OUT/api-$t.log" 2>&1; then
        echo "$t: the API-mode C source does not compile:"; grep -m 20 'error:' "$OUT/api-$t.log"
        exit 1
    fi
    mkdir -p "$OUT/abi"
    probe=$("$PY" build_ffi.py abi --target "$t" --out "$OUT/abi" | tail -n 1)
    echo "$t: API-mode C source compiled; probe: ${probe#wrote }"
done
# What the layouts tell the Python layer (docs/PORTING.md): the family's
# place, the control-message figures, the address families' numbers.
"$PY" - "$OUT/abi" <<'PYEOF'
import runpy, sys, glob, os
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*_values.py"))):
    v = runpy.run_path(path)
    lay = v["LAYOUTS"]
    print(f"  {os.path.basename(path)[:-10]:22} sa_family@{lay['sockaddr'][2]['sa_family']} "
          f"cmsghdr {lay['cmsghdr'][0]} bytes, CMSG_LEN(0)={v['CMSG_HEADER']} "
          f"AF_INET6={v['CONSTANTS']['AF_INET6']} constants={len(v['CONSTANTS'])}")
PYEOF
