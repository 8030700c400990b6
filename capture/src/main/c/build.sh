#!/usr/bin/env bash
# Builds the capture reader's JNI library for this machine's architecture:
#   src/main/c/build.sh OUTDIR    ->  OUTDIR/libprocsnap-io.so
# Called by Maven (process-classes) with the toolchain's JDK in $TOOLCHAIN_JAVA_HOME, whose include/
# holds jni.h; needs a C compiler (cc, from gcc). The bundle carries the result in lib/native/.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
src=$(cd "$(dirname "$0")" && pwd -P)
jdk=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-}}
[ -f "$jdk/include/jni.h" ] || { echo "build.sh: no jni.h under '$jdk/include' (set TOOLCHAIN_JAVA_HOME to a JDK)" >&2; exit 5; }
cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "build.sh: no C compiler '$cc' (install gcc)" >&2; exit 5; }
mkdir -p "$out"
"$cc" -O2 -fPIC -shared -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
    -I"$jdk/include" -I"$jdk/include/linux" -o "$out/libprocsnap-io.so.tmp" "$src/procsnap-io.c"
mv "$out/libprocsnap-io.so.tmp" "$out/libprocsnap-io.so"
