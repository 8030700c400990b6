#!/usr/bin/env bash
# Builds the capture reader's JNI library and the statfs helper program:
#   src/main/c/build.sh OUTDIR [ARCH]  ->  OUTDIR/libprocsnap-io.so, OUTDIR/procsnap-statfs
# ARCH is x86_64 (this machine's compiler, cc; the default), aarch64 (Debian's gcc-aarch64-linux-gnu)
# or armhf (gcc-arm-linux-gnueabihf: ARMv7-A, VFPv3-D16, hard float, as Debian's armhf runtime).
# Called by Maven (process-classes, this machine's library for the tests; the bundles build the others)
# with the toolchain's JDK in $TOOLCHAIN_JAVA_HOME, whose include/ holds jni.h (the JNI headers are the
# same for every architecture). CC overrides the compiler.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR [x86_64|aarch64|armhf]}
arch=${2:-x86_64}
src=$(cd "$(dirname "$0")" && pwd -P)
jdk=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-}}
[ -f "$jdk/include/jni.h" ] || { echo "build.sh: no jni.h under '$jdk/include' (set TOOLCHAIN_JAVA_HOME to a JDK)" >&2; exit 5; }
flags=()
case $arch in
    x86_64) cc=${CC:-cc}; pkg=gcc ;;
    aarch64) cc=${CC:-aarch64-linux-gnu-gcc}; pkg=gcc-aarch64-linux-gnu ;;
    armhf) cc=${CC:-arm-linux-gnueabihf-gcc}; pkg=gcc-arm-linux-gnueabihf
           flags=(-march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard -mthumb) ;;
    *) echo "build.sh: unknown architecture '$arch' (x86_64, aarch64 or armhf)" >&2; exit 2 ;;
esac
command -v "$cc" >/dev/null || { echo "build.sh: no C compiler '$cc' for $arch (install $pkg)" >&2; exit 5; }
mkdir -p "$out"
"$cc" -O2 -fPIC -shared -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter "${flags[@]}" \
    -s -I"$jdk/include" -I"$jdk/include/linux" -o "$out/libprocsnap-io.so.tmp" "$src/procsnap-io.c"
mv "$out/libprocsnap-io.so.tmp" "$out/libprocsnap-io.so"
"$cc" -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror "${flags[@]}" -s -o "$out/procsnap-statfs.tmp" "$src/procsnap-statfs.c"
mv "$out/procsnap-statfs.tmp" "$out/procsnap-statfs"
