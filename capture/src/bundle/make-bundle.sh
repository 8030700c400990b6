#!/usr/bin/env bash
# Builds target/procsnap-bundle-linux-ARCH.tar.gz for ARCH x86_64 (default), aarch64 or armhf, all on this
# x86-64 machine: bin/procsnap (launcher), service/ (procsnap watch's systemd unit and busybox init script),
# a jlink-trimmed runtime, the jars, the zstd native library and
# the readers' JNI library for that architecture, and README-bundle.txt (what it needs: its floor).
#   capture/src/bundle/make-bundle.sh TARGET [ARCH]
# Called by Maven in the package phase (make-bundles.sh, once per architecture in -Dbundle.arches) with
# the toolchain's JDK 25 in $TOOLCHAIN_JAVA_HOME; usable by hand too:
#   TOOLCHAIN_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 capture/src/bundle/make-bundle.sh capture/target aarch64
# Runtimes:
#   x86_64   the toolchain's JDK 25 (Temurin: glibc 2.17), jlink'ed here; AOT cache per AOT=yes (below)
#   aarch64  Debian 12's openjdk-17 for arm64, armhf for armhf: debian-jdk.sh fetches the packages (cached
#   armhf    in ~/.cache/procsnap), this machine's JDK 17 jlink links their jmods (jlink checks only
#            the feature version), llvm-strip strips them (binutils' strip cannot read ARM); no AOT cache
#            (JDK 17 has none, and a CDS archive can only be dumped on the target architecture)
# The JNI library is cross-built (src/main/c/build.sh ARCH). The build fails when it or zstd-jni's
# library needs a newer glibc than the runtime does, and states the floor (architecture, glibc: the
# highest GLIBC_x.y any runtime file needs; kernel: the ABI note of bin/java) in the launcher's
# --version and README-bundle.txt. Nothing is written outside TARGET (and the package cache).
set -euo pipefail
target=$(cd "${1:-target}" && pwd -P)
arch=${2:-${ARCH:-x86_64}}
jdk=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-}}
[ -x "$jdk/bin/jlink" ] || { echo "make-bundle: no jlink in '$jdk' (set TOOLCHAIN_JAVA_HOME to a JDK 25)" >&2; exit 5; }
src=$(cd "$(dirname "$0")" && pwd -P)
csrc=$(cd "$src/../main/c" && pwd -P)
# Knobs, defaults chosen by the figures in capture/README (The bundle: size):
#   AOT=no|yes     x86_64 only: an AOT cache trained by one capture (17.5 MB; see README for what it buys)
#   COMPRESS=zip-N|none   jlink compression of lib/modules: zip-9 for x86_64 (its unpacked size), none
#                  for ARM (gzip of the tarball packs modules tighter than jlink's per-class zip: the
#                  download size is what counts there)
#   JARS=deflated|stored  the jars compressed (x86_64: unpacked size) or stored (ARM: the tarball's gzip
#                  packs stored jars tighter)
case $arch in
    x86_64)
        machines='x86_64|amd64'; loader=/lib64/ld-linux-x86-64.so.2; isa="x86-64"; zstd=linux/amd64
        linkjdk=$jdk; modules=$jdk/jmods; aot=${AOT:-yes}; compress=${COMPRESS:-zip-9}; jars=${JARS:-deflated}
        strip=$(command -v llvm-strip || command -v strip || true) ;;
    aarch64|armhf)
        if [ "$arch" = aarch64 ]; then
            deb=arm64; machines='aarch64|arm64'; loader=/lib/ld-linux-aarch64.so.1; isa="ARMv8-A, 64-bit"; zstd=linux/aarch64
        else
            deb=armhf; machines='armv7*|armv8l'; loader=/lib/ld-linux-armhf.so.3; isa="ARMv7-A with VFPv3-D16, hard float"; zstd=linux/arm
        fi
        debian=$(bash "$src/debian-jdk.sh" "$deb")
        modules=$debian/jdk/jmods
        linkjdk=""
        for d in ${JDK17_HOME:-} /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/*; do
            if [ -x "$d/bin/jlink" ] && "$d/bin/java" -version 2>&1 | grep -q 'version "17\.'; then linkjdk=$d; break; fi
        done
        [ -n "$linkjdk" ] || { echo "make-bundle: no JDK 17 jlink on this machine (install openjdk-17-jdk-headless) to link the $arch runtime" >&2; exit 5; }
        aot=no; compress=${COMPRESS:-none}; jars=${JARS:-stored}
        strip=$(command -v llvm-strip || true)
        [ -n "$strip" ] || { echo "make-bundle: llvm-strip missing (install llvm): binutils' strip cannot strip ARM files" >&2; exit 5; } ;;
    *) echo "make-bundle: unknown architecture '$arch' (x86_64, aarch64 or armhf)" >&2; exit 2 ;;
esac
name=procsnap-bundle-linux-$arch
work=$target/bundle-$arch
out=$work/procsnap
rm -rf "$work"
mkdir -p "$out/bin" "$out/lib/native"
[ "$arch" = x86_64 ] && rm -rf "$target/bundle" && ln -s "bundle-$arch" "$target/bundle"

# 1. the jars; zstd-jni without the other platforms' natives, its native library beside it. Repacked jars
#    are dated as the build's (BUILD_TIMESTAMP, project.build.outputTimestamp), for reproducible bundles.
stamp=${BUILD_TIMESTAMP:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
jar=$(ls "$target"/capture-*.jar | grep -v -e tests -e sources | head -1)
cp "$jar" "$out/lib/capture.jar"
# the jars the capture jar's manifest names (Class-Path): target/lib may still hold ones a former
# build copied (jackson-databind before the format library dropped it)
deps=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n '/^Class-Path:/,/^[A-Za-z-]*: /p' \
    | sed -e 's/^Class-Path://' -e 's/^ //' -e '/^[A-Za-z-]*: /d' | tr -d '\n')
for f in $(for d in $deps; do echo "$target/$d"; done); do
    case $(basename "$f") in
        zstd-jni-*)
            z=$work/zstd && mkdir -p "$z" && (cd "$z" && "$jdk/bin/jar" xf "$f")
            cp "$z/$zstd"/libzstd-jni-*.so "$out/lib/native/libzstd-jni.so"
            find "$z" -mindepth 1 -maxdepth 1 -type d \( -name aix -o -name darwin -o -name freebsd -o -name linux -o -name win \) -exec rm -rf {} +
            "$jdk/bin/jar" --create --date="$stamp" --file "$out/lib/$(basename "$f")" --manifest "$z/META-INF/MANIFEST.MF" -C "$z" com
            rm -rf "$z" ;;
        *) cp "$f" "$out/lib/" ;;
    esac
done
# the reader's JNI library and the statfs helper: this machine's from Maven (target/native), the others
# cross-built here
if [ "$arch" = x86_64 ] && [ -f "$target/native/libprocsnap-io.so" ] && [ -f "$target/native/procsnap-statfs" ]; then
    cp "$target/native/libprocsnap-io.so" "$target/native/procsnap-statfs" "$out/lib/native/"
else
    bash "$csrc/build.sh" "$work/native" "$arch"
    cp "$work/native/libprocsnap-io.so" "$work/native/procsnap-statfs" "$out/lib/native/"
fi
# the jars deflated or stored ($jars, above). Class files older than Java 6 (picocli's) become Java 8
# ones with stack maps: the JDK's type-checking verifier takes them (and a CDS archive holds them) instead of
# the old type-inferencing one.
repack=$work/repack
for f in "$out"/lib/*.jar; do
    mkdir -p "$repack/$(basename "$f")" && (cd "$repack/$(basename "$f")" && unzip -q "$f")
done
"$jdk/bin/java" "$src/UpgradeClasses.java" "$repack"/*.jar
for f in "$out"/lib/*.jar; do
    w=$repack/$(basename "$f")
    how=(--create --date="$stamp" --file "$f.new")
    [ "$jars" = stored ] && how+=(--no-compress)
    [ -f "$w/META-INF/MANIFEST.MF" ] && how+=(--manifest "$w/META-INF/MANIFEST.MF")
    "$jdk/bin/jar" "${how[@]}" -C "$w" .
    mv "$f.new" "$f"
done
rm -rf "$repack"
# the class path in a fixed order: java expands lib/* in directory order, which differs once the tarball
# is unpacked on another file system (and an AOT cache is then silently unusable: class path mismatch)
classpath=$(cd "$out/lib" && ls *.jar | LC_ALL=C sort | sed 's|^|$here/lib/|' | paste -sd: -)

# 2. the runtime: java.base is all the capture uses (jdeps also names java.desktop and java.sql,
#    reached only through optional picocli code paths the capture never takes). No default CDS archive.
#    TLS, keytool, EC, PKCS12 and JCE ciphers are never used by a capture: left out (one class per package
#    stays: jlink refuses empty packages of java.base).
jlink_compress=()
[ "$compress" = none ] || jlink_compress=(--compress="$compress")
"$linkjdk/bin/jlink" --module-path "$modules" --add-modules java.base --strip-debug --no-man-pages --no-header-files \
    "${jlink_compress[@]}" \
    --exclude-resources='regex:/java\.base/(sun/security/ssl/(?!SunJSSE\.class)|sun/security/tools/keytool/(?!Main\.class)|sun/security/ec/(?!SunEC\.class)|com/sun/crypto/provider/(?!SunJCE\.class)|sun/security/pkcs12/(?!PKCS12KeyStore\.class))[^/]+' \
    --exclude-files='**/lib/security/cacerts,**/lib/security/public_suffix_list.dat,**/bin/keytool,**/lib/jexec,**/lib/classlist,**/lib/jrt-fs.jar' \
    --output "$out/runtime" 2> "$work/jlink.log" || { cat "$work/jlink.log" >&2; exit 5; }
if [ -n "$strip" ]; then
    for f in "$out"/runtime/bin/java "$out"/runtime/lib/*.so "$out"/runtime/lib/*/*.so "$out"/runtime/lib/jspawnhelper "$out"/lib/native/*.so; do
        [ -f "$f" ] && "$strip" --strip-unneeded "$f"
    done
fi

# 3. the floor: the highest glibc symbol version any runtime file needs, the kernel of bin/java's ABI note;
#    the native libraries and the statfs helper of the bundle must not need more than the runtime does
glibc_of() { readelf -V "$@" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1; }
glibc=$(glibc_of "$out"/runtime/bin/java "$out"/runtime/lib/*.so "$out"/runtime/lib/*/*.so)
kernel=$(readelf -n "$out/runtime/bin/java" | sed -n 's/.*ABI: *\([0-9.]*\).*/\1/p' | head -1)
for f in "$out"/lib/native/*; do
    need=$(glibc_of "$f")
    if [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$glibc" | sort -V | tail -1)" != "$glibc" ]; then
        echo "make-bundle: $(basename "$f") needs glibc $need, newer than the $arch runtime's $glibc" >&2
        exit 5
    fi
done
floor="Linux on $arch ($isa), glibc >= $glibc, kernel >= ${kernel:-unknown}"
echo "make-bundle: $name needs $floor" >&2

# 4. the launcher, first without an AOT cache
launcher() {  # AOT_OPTION AOT_NOTE
    sed -e "s|@AOT_OPTION@|$1|" -e "s|@AOT_NOTE@|$2|" -e "s|@CLASSPATH@|$classpath|" -e "s|@BUNDLE@|linux-$arch|" \
        -e "s|@FLOOR@|$floor|" -e "s|@ARCH@|$arch|" -e "s#@MACHINES@#$machines#" -e "s|@LOADER@|$loader|" \
        "$src/procsnap" > "$out/bin/procsnap"
    chmod 755 "$out/bin/procsnap"
}
launcher "" ""
sed -e "s|@BUNDLE@|linux-$arch|" -e "s|@FLOOR@|$floor|" -e "s|@LOADER@|$loader|" "$src/README-bundle.txt" > "$out/README-bundle.txt"
# procsnap watch as a service: a systemd unit and an init script for busybox devices (capture/README.md)
mkdir -p "$out/service" && cp "$src/service/procsnap-watch.service" "$src/service/procsnap-watch.init" "$out/service/"

# 5. x86_64 with AOT=yes: an AOT cache (JDK 25, JEP 514) from one training capture of this machine, run
#    as a technician runs it (no -o: the default file name in the current directory, then renamed into
#    place); the archive is deleted afterwards. The probe writes a throw-away cache into the build
#    directory: HotSpot removes the output path and creates a regular file there, so
#    -XX:AOTCacheOutput=/dev/null run as root would replace the /dev/null device node with an 8 MB file.
if [ "$aot" = yes ]; then
    probe=$work/aot-probe
    rm -rf "$probe" && mkdir -p "$probe"
    if "$out/runtime/bin/java" -XX:AOTCacheOutput="$probe/probe.aot" -version >/dev/null 2>&1; then
        train=$work/training && mkdir -p "$train"
        (cd "$train" && env JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$out/lib/procsnap.aot" \
            "$out/bin/procsnap" --deadline 30s --min-free 0 > /dev/null 2>"$work/training.log" || true)
        rm -rf "$train"
        if [ -s "$out/lib/procsnap.aot" ]; then
            launcher '-XX:AOTCache="$here/lib/procsnap.aot" -Xlog:aot=off -Xlog:cds=off' ', the AOT cache made at build time'
        else
            echo "make-bundle: no AOT cache made (see $work/training.log); launcher runs without" >&2
        fi
    fi
    rm -rf "$probe"
fi

# 6. man pages, bash completion, bill of materials (sbom.cdx.json: jars and the runtime of the jmods'
#    JDK), then the tarball, reproducibly (packaging/src/bundle: shared with the replay bundle and the
#    Debian packages)
bash "$src/../../../packaging/src/bundle/add-share.sh" "$target" "$out" "$(dirname "$modules")"
bash "$src/../../../packaging/src/bundle/tarball.sh" "$work" procsnap "$target/$name.tar.gz"
echo "make-bundle: $target/$name.tar.gz $(du -k "$target/$name.tar.gz" | cut -f1) KiB, unpacked $(du -sk "$out" | cut -f1) KiB" >&2
