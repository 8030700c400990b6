#!/usr/bin/env bash
# Builds target/procsnap-bundle-linux-x86_64.tar.gz: bin/procsnap, a jlink-trimmed runtime, the jars,
# the zstd native library for this architecture, the readers' JNI library (target/native, built by
# Maven from src/main/c for this machine), and an AOT cache trained by one capture of this
# machine (the training archive is deleted; nothing is written outside the build directory). Called by
# Maven in the package phase with the toolchain's JDK in $TOOLCHAIN_JAVA_HOME (exec-maven-plugin toolchainJavaHomeEnvName); usable by hand too:
#   TOOLCHAIN_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 capture/src/bundle/make-bundle.sh capture/target
# For another architecture run it on (or with a JDK for) that architecture and change ARCH/NATIVE.
set -euo pipefail
target=$(cd "${1:-target}" && pwd -P)
jdk=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-}}
[ -x "$jdk/bin/jlink" ] || { echo "make-bundle: no jlink in '$jdk' (set TOOLCHAIN_JAVA_HOME to a JDK 25)" >&2; exit 5; }
arch=${ARCH:-linux-x86_64}
native=${NATIVE:-linux/amd64}
src=$(cd "$(dirname "$0")" && pwd -P)
out=$target/bundle/procsnap
rm -rf "$target/bundle"
mkdir -p "$out/bin" "$out/lib/native"

# 1. the jars; zstd-jni without the other platforms' natives, its native library beside it
jar=$(ls "$target"/capture-*.jar | grep -v -e tests -e sources | head -1)
cp "$jar" "$out/lib/capture.jar"
for f in "$target"/lib/*.jar; do
    case $(basename "$f") in
        zstd-jni-*)
            work=$target/bundle/zstd && mkdir -p "$work" && (cd "$work" && "$jdk/bin/jar" xf "$f")
            cp "$work/$native"/libzstd-jni-*.so "$out/lib/native/libzstd-jni.so"
            find "$work" -mindepth 1 -maxdepth 1 -type d \( -name aix -o -name darwin -o -name freebsd -o -name linux -o -name win \) -exec rm -rf {} +
            "$jdk/bin/jar" --create --file "$out/lib/$(basename "$f")" --manifest "$work/META-INF/MANIFEST.MF" -C "$work" com
            rm -rf "$work" ;;
        *) cp "$f" "$out/lib/" ;;
    esac
done
# the reader's JNI library (src/main/c, built by Maven into target/native for this architecture)
cp "$target/native/libprocsnap-io.so" "$out/lib/native/libprocsnap-io.so"
# commons-* come with the format library's declared dependencies but no class of the capture, the
# format library, picocli, Jackson or zstd-jni refers to them: leave them out (about 2.7 MB)
refs=0
for f in "$out"/lib/*.jar; do
    case $(basename "$f") in commons-*) continue ;; esac
    if unzip -p "$f" '*.class' 2>/dev/null | grep -a -q 'org/apache/commons/'; then refs=1; echo "make-bundle: $(basename "$f") refers to commons" >&2; fi
done
if [ "$refs" = 0 ]; then rm -f "$out"/lib/commons-*.jar; fi
# store the jars uncompressed: gzip over the whole tarball then packs them ~0.6 MB tighter; class files
# older than Java 6 (picocli's) become Java 8 ones with stack maps, which the AOT cache can hold
repack=$target/bundle/repack
rm -rf "$repack"
for f in "$out"/lib/*.jar; do
    mkdir -p "$repack/$(basename "$f")" && (cd "$repack/$(basename "$f")" && unzip -q "$f")
done
"$jdk/bin/java" "$src/UpgradeClasses.java" "$repack"/*.jar
for f in "$out"/lib/*.jar; do
    work=$repack/$(basename "$f")
    if [ -f "$work/META-INF/MANIFEST.MF" ]; then
        "$jdk/bin/jar" --create --no-compress --file "$f.new" --manifest "$work/META-INF/MANIFEST.MF" -C "$work" .
    else
        "$jdk/bin/jar" --create --no-compress --file "$f.new" -C "$work" .
    fi
    mv "$f.new" "$f"
done
rm -rf "$repack"
# the class path in a fixed order: java expands lib/* in directory order, which differs once the tarball
# is unpacked on another file system, and the AOT cache is then silently unusable (class path mismatch)
classpath=$(cd "$out/lib" && ls *.jar | LC_ALL=C sort | sed 's|^|$here/lib/|' | paste -sd: -)

# 2. the runtime: java.base is all the capture uses (jdeps also names java.desktop and java.sql,
#    reached only through optional Jackson/picocli/commons-lang3 code paths the capture never takes)
#    No jlink compression (gzip of the whole image packs tighter, and classes load without inflating)
#    and no default CDS archive (the AOT cache below holds the JDK classes the capture uses).
#    TLS, keytool, EC, PKCS12 and JCE ciphers are never used by a capture: left out to fit the size
#    budget (one class per package stays: jlink refuses empty packages of java.base).
"$jdk/bin/jlink" --add-modules java.base --strip-debug --no-man-pages --no-header-files \
    --exclude-resources='regex:/java\.base/(sun/security/ssl/(?!SunJSSE\.class)|sun/security/tools/keytool/(?!Main\.class)|sun/security/ec/(?!SunEC\.class)|com/sun/crypto/provider/(?!SunJCE\.class)|sun/security/pkcs12/(?!PKCS12KeyStore\.class))[^/]+' \
    --exclude-files='**/lib/security/cacerts,**/lib/security/public_suffix_list.dat' \
    --output "$out/runtime"
if command -v strip >/dev/null 2>&1; then
    strip --strip-unneeded "$out/runtime/lib/server/libjvm.so"
fi

# 3. the launcher, first without the AOT cache, for the training run
sed -e 's|@AOT_OPTION@||' -e "s|@CLASSPATH@|$classpath|" "$src/procsnap" > "$out/bin/procsnap"
chmod 755 "$out/bin/procsnap"

# 4. AOT cache (JDK 25, JEP 514): one training capture of this machine, run as a technician runs it
#    (no -o: the default file name in the current directory, then renamed into place), so that the
#    classes and call sites of that path are in the cache too; the archive is deleted afterwards.
#    The probe writes a throw-away cache into the build directory: HotSpot removes the output path and
#    creates a regular file there, so -XX:AOTCacheOutput=/dev/null run as root would replace the
#    /dev/null device node with an 8 MB file (every later `> /dev/null` then writes to disk, and apt's
#    signature check fails on it).
probe=$target/bundle/aot-probe
rm -rf "$probe" && mkdir -p "$probe"
if "$out/runtime/bin/java" -XX:AOTCacheOutput="$probe/probe.aot" -version >/dev/null 2>&1; then
    train=$target/bundle/training && mkdir -p "$train"
    (cd "$train" && env JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$out/lib/procsnap.aot" \
        "$out/bin/procsnap" --deadline 30s --min-free 0 > /dev/null 2>"$target/bundle/training.log" || true)
    rm -rf "$train"
    if [ -s "$out/lib/procsnap.aot" ]; then
        sed -e 's|@AOT_OPTION@|-XX:AOTCache="$here/lib/procsnap.aot" -Xlog:aot=off -Xlog:cds=off|' \
            -e "s|@CLASSPATH@|$classpath|" "$src/procsnap" > "$out/bin/procsnap"
        chmod 755 "$out/bin/procsnap"
    else
        echo "make-bundle: no AOT cache made (see $target/bundle/training.log); launcher runs without" >&2
    fi
fi
rm -rf "$probe"

# 5. the tarball
tar -C "$target/bundle" -cf - procsnap | gzip -9 > "$target/procsnap-bundle-$arch.tar.gz"
echo "make-bundle: $target/procsnap-bundle-$arch.tar.gz $(du -k "$target/procsnap-bundle-$arch.tar.gz" | cut -f1) KiB" >&2
