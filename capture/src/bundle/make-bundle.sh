#!/usr/bin/env bash
# Builds target/procsnap-bundle-linux-ARCH.tar.gz for ARCH x86_64 (default), aarch64 or armhf, all on this
# x86-64 machine: bin/procsnap (launcher), service/ (procsnap watch's systemd unit and busybox init script),
# a jlink-trimmed runtime, the jars, the zstd native library and
# the readers' JNI library for that architecture, and README-bundle.txt (what it needs: its floor).
#   capture/src/bundle/make-bundle.sh TARGET [ARCH]
# Called by Maven in the package phase (make-bundles.sh, once per architecture in -Dbundle.arches) with
# the toolchain's JDK 25 in $TOOLCHAIN_JAVA_HOME; usable by hand too:
#   TOOLCHAIN_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 capture/src/bundle/make-bundle.sh capture/target aarch64
# Runtimes: Debian 12's openjdk-17 for each architecture (openjdk-17-jdk-headless of amd64, arm64 or armhf):
#   debian-jdk.sh fetches the packages (cached in ~/.cache/procsnap), this machine's JDK 17 jlink links their
#   jmods (jlink checks only the feature version), llvm-strip strips them (binutils' strip cannot read ARM).
#   x86_64 took Temurin 25 with an AOT cache before: 25.3 MB download, 56.7 MB unpacked, 60 MB peak RSS; the
#   Debian runtime's libjvm is 4.8 MB smaller and needs no cache for the same peak RSS (capture/README,
#   The bundle: size), at the price of a higher glibc floor (2.34 instead of 2.17).
# The JNI library is cross-built (src/main/c/build.sh ARCH). The build fails when it or zstd-jni's
# library needs a newer glibc than the runtime does, and states the floor (architecture, glibc: the
# highest GLIBC_x.y any runtime file needs; kernel: the ABI note of bin/java) in the launcher's
# --version and README-bundle.txt. Nothing is written outside TARGET (and the package cache).
set -euo pipefail
target=$(cd "${1:-target}" && pwd -P)
arch=${2:-${ARCH:-x86_64}}
jdk=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-}}
[ -x "$jdk/bin/jar" ] || { echo "make-bundle: no jar tool in '$jdk' (set TOOLCHAIN_JAVA_HOME to a JDK 25)" >&2; exit 5; }
src=$(cd "$(dirname "$0")" && pwd -P)
csrc=$(cd "$src/../main/c" && pwd -P)
# Knobs, defaults chosen by the figures in capture/README (The bundle: size):
#   JARS=deflated|stored  the jars compressed (x86_64: its unpacked size) or stored (ARM: the tarball's gzip
#                  packs stored jars tighter, and the download size is what counts there)
#   COMPRESS=none|zip-N   jlink compression of lib/modules: none (gzip of the tarball packs the classes
#                  tighter than jlink's per-class zip: aarch64 modules 6.7 MB gzipped stored, 9.4 MB zipped)
#   CDS=no|yes     x86_64 only: a CDS archive of every class one training capture loads (13.4 MB unpacked,
#                  3.3 MB downloaded; what it buys is in the README), classes on the class path included
case $arch in
    x86_64)
        deb=amd64; machines='x86_64|amd64'; loader=/lib64/ld-linux-x86-64.so.2; isa="x86-64"; zstd=linux/amd64
        jars=${JARS:-deflated}; cds=${CDS:-no} ;;
    aarch64)
        deb=arm64; machines='aarch64|arm64'; loader=/lib/ld-linux-aarch64.so.1; isa="ARMv8-A, 64-bit"; zstd=linux/aarch64
        jars=${JARS:-stored}; cds=no ;;
    armhf)
        deb=armhf; machines='armv7*|armv8l'; loader=/lib/ld-linux-armhf.so.3; isa="ARMv7-A with VFPv3-D16, hard float"; zstd=linux/arm
        jars=${JARS:-stored}; cds=no ;;
    *) echo "make-bundle: unknown architecture '$arch' (x86_64, aarch64 or armhf)" >&2; exit 2 ;;
esac
compress=${COMPRESS:-none}
debian=$(bash "$src/debian-jdk.sh" "$deb")
modules=$debian/jdk/jmods
linkjdk=""
for d in ${JDK17_HOME:-} /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$d/bin/jlink" ] && "$d/bin/java" -version 2>&1 | grep -q 'version "17\.'; then linkjdk=$d; break; fi
done
[ -n "$linkjdk" ] || { echo "make-bundle: no JDK 17 jlink on this machine (install openjdk-17-jdk-headless) to link the $arch runtime" >&2; exit 5; }
strip=$(command -v llvm-strip || true)
[ -n "$strip" ] || { echo "make-bundle: llvm-strip missing (install llvm): binutils' strip cannot strip ARM files" >&2; exit 5; }
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
# the old type-inferencing one. Every class drops its local variable tables (line numbers stay, so stack
# traces read as before): 112 KB less in the four jars, headroom in x86_64's 40 MB unpacked.
repack=$work/repack
for f in "$out"/lib/*.jar; do
    mkdir -p "$repack/$(basename "$f")" && (cd "$repack/$(basename "$f")" && unzip -q "$f")
done
"$jdk/bin/java" "$src/../../../packaging/src/bundle/UpgradeClasses.java" --drop-local-variables "$repack"/*.jar
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
# is unpacked on another file system (and a CDS archive is then silently unusable: class path mismatch)
classpath=$(cd "$out/lib" && ls *.jar | LC_ALL=C sort | sed 's|^|$here/lib/|' | paste -sd: -)

# 2. the runtime: java.base is all the capture uses (jdeps also names java.desktop and java.sql,
#    reached only through optional picocli code paths the capture never takes). No default CDS archive.
#    Left out because a capture never reaches them (one class per package stays where jlink refuses an empty
#    package of java.base): TLS, keytool, EC, PKCS12, JCE ciphers, X.509 certificates and their paths, PKCS
#    signatures (only a signed jar would need them), the http/ftp/mailto URL handlers, ASM's util, tree and
#    signature packages (exported only to jdk.jfr and jdk.jlink), the ICU data of Normalizer/IDN/Bidi, the
#    launcher's messages in other languages: 1.6 MB of lib/modules, what keeps x86_64 within 40 MB unpacked.
jlink_compress=()
[ "$compress" = none ] || jlink_compress=(--compress="$compress")
keep_one='sun/security/ssl/(?!SunJSSE\.class)|sun/security/tools/keytool/(?!Main\.class)|sun/security/ec/(?!SunEC\.class)|com/sun/crypto/provider/(?!SunJCE\.class)|sun/security/pkcs12/(?!PKCS12KeyStore\.class)'
unused='sun/security/(x509|provider/certpath|pkcs|pkcs10|timestamp|validator|rsa)/|sun/net/www/protocol/(https|ftp|mailto)/|sun/net/(ftp|smtp)/|jdk/internal/org/objectweb/asm/(util|tree|signature)/|jdk/internal/icu/impl/data/|sun/launcher/resources/launcher_'
"$linkjdk/bin/jmod" list "$modules/java.base.jmod" | grep -E "^classes/($unused)" | sed 's|^classes/||' | LC_ALL=C sort \
    | awk '{p = $0; sub(/\/[^\/]*$/, "", p); if (p in kept) print "/java.base/" $0; else kept[p] = 1}' > "$work/unused-resources.txt"
"$linkjdk/bin/jlink" --module-path "$modules" --add-modules java.base --strip-debug --no-man-pages --no-header-files \
    "${jlink_compress[@]}" \
    --exclude-resources="regex:/java\.base/($keep_one)[^/]+,@$work/unused-resources.txt" \
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

# 4. the launcher, first without a CDS archive
launcher() {  # CDS_SETUP CDS_OPTION CDS_NOTE CLASSPATH
    sed -e "s|@CDS_SETUP@|$1|" -e "s|@CDS_OPTION@|$2|" -e "s|@CDS_NOTE@|$3|" -e "s|@CLASSPATH@|$4|" -e "s|@BUNDLE@|linux-$arch|" \
        -e "s|@FLOOR@|$floor|" -e "s|@ARCH@|$arch|" -e "s#@MACHINES@#$machines#" -e "s|@LOADER@|$loader|" \
        "$src/procsnap" > "$out/bin/procsnap"
    chmod 755 "$out/bin/procsnap"
}
launcher "" "" "" "$classpath"
sed -e "s|@BUNDLE@|linux-$arch|" -e "s|@FLOOR@|$floor|" -e "s|@LOADER@|$loader|" "$src/README-bundle.txt" > "$out/README-bundle.txt"
# procsnap watch as a service: a systemd unit and an init script for busybox devices (capture/README.md)
mkdir -p "$out/service" && cp "$src/service/procsnap-watch.service" "$src/service/procsnap-watch.init" "$out/service/"

# 5. x86_64 with CDS=yes: a static CDS archive of the classes one training capture of this machine loads
#    (-XX:DumpLoadedClassList, then -Xshare:dump). JDK 17 checks the class path recorded in the archive
#    against the one given, as strings, so the bundle could not be unpacked anywhere else: the launcher opens
#    the bundle directory as fd 9 and names the jars /proc/self/fd/9/lib/..., the same path at build time and
#    wherever it is unpacked (the jars' sizes and times are checked too: tar keeps them). Debian's JDK maps the
#    archive at a random address and relocates every pointer in it (ArchiveRelocationMode=1); mode 0 maps it
#    where it was dumped and saved about a tenth of the start-up CPU.
if [ "$cds" = yes ]; then
    fdpath=$(cd "$out/lib" && ls *.jar | LC_ALL=C sort | sed 's|^|/proc/self/fd/9/lib/|' | paste -sd: -)
    launcher 'exec 9<"$here" \|\| fail "cannot open $here"' \
        '-XX:ArchiveRelocationMode=0 -XX:SharedArchiveFile="$here/lib/procsnap.jsa" -Xshare:auto -Xlog:cds=off' \
        ', the CDS archive made at build time' "$fdpath"
    train=$work/training && mkdir -p "$train"
    (cd "$train" && env JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/classlist" \
        "$out/bin/procsnap" --deadline 30s --min-free 0 > /dev/null 2>"$work/training.log" || true)
    rm -rf "$train"
    if [ -s "$work/classlist" ] && (exec 9<"$out"; "$out/runtime/bin/java" -Xshare:dump -XX:+UseSerialGC \
            -XX:SharedClassListFile="$work/classlist" -XX:SharedArchiveFile="$out/lib/procsnap.jsa" -cp "$fdpath" \
            > "$work/cds-dump.log" 2>&1) && [ -s "$out/lib/procsnap.jsa" ]; then
        :
    else
        echo "make-bundle: no CDS archive made (see $work/training.log, $work/cds-dump.log); launcher runs without" >&2
        rm -f "$out/lib/procsnap.jsa"
        launcher "" "" "" "$classpath"
    fi
fi

# 6. man pages, bash completion, bill of materials (sbom.cdx.json: jars and the runtime of the jmods'
#    JDK), then the tarball, reproducibly (packaging/src/bundle: shared with the replay bundle and the
#    Debian packages)
bash "$src/../../../packaging/src/bundle/add-share.sh" "$target" "$out" "$(dirname "$modules")"
bash "$src/../../../packaging/src/bundle/tarball.sh" "$work" procsnap "$target/$name.tar.gz"
echo "make-bundle: $target/$name.tar.gz $(stat -c %s "$target/$name.tar.gz") bytes, unpacked $(du -sb --apparent-size "$out" | cut -f1) bytes" >&2
