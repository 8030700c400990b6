#!/bin/sh
# Builds replay/target/procsnap-replay-bundle-linux-x86_64.tar.gz: bin/procsnap-replay, a jlink-trimmed
# Java runtime made from the toolchain JDK (TOOLCHAIN_JAVA_HOME, set by exec-maven-plugin), and the jars.
# Usage: make-bundle.sh TARGET_DIR VERSION   (run by `mvn package` in module replay)
set -eu
target=$1
version=$2
jhome=${TOOLCHAIN_JAVA_HOME:-${JAVA_HOME:-}}
# the plugin may hand over the java executable rather than the home
if [ -f "$jhome" ]; then jhome=$(dirname "$(dirname "$jhome")"); fi
if [ ! -x "$jhome/bin/jlink" ] || [ ! -x "$jhome/bin/jdeps" ]; then
    echo "make-bundle: no jlink/jdeps in the toolchain JDK '$jhome'" >&2
    exit 1
fi
name=procsnap-replay
work=$target/bundle
stage=$work/$name
rm -rf "$work"
mkdir -p "$stage/bin" "$stage/lib"
cp "$target/replay-$version.jar" "$stage/lib/"
cp "$target"/lib/*.jar "$stage/lib/"
# Class files older than Java 6 (picocli's) become Java 8 ones with stack maps (packaging/src/bundle/
# UpgradeClasses.java): the AOT cache below skips "old" classes, so picocli's 175 were otherwise loaded,
# parsed and verified from its jar on every start, `mount`'s and every command's. Only a jar that held
# such classes is repacked.
repack=$work/repack
stamp=$(date -u -d "${BUILD_TIMESTAMP:-now}" +%Y-%m-%dT%H:%M:%SZ)
for f in "$stage"/lib/*.jar; do
    w=$repack/$(basename "$f")
    mkdir -p "$w" && (cd "$w" && unzip -q "$f")
done
"$jhome/bin/java" "$(dirname "$0")/../../../packaging/src/bundle/UpgradeClasses.java" "$repack"/*.jar 2> "$work/upgrade.log" \
    || { cat "$work/upgrade.log" >&2; exit 1; }
cat "$work/upgrade.log" >&2
for f in "$stage"/lib/*.jar; do
    w=$repack/$(basename "$f")
    grep -q " in $w\$" "$work/upgrade.log" || continue
    if [ -f "$w/META-INF/MANIFEST.MF" ]; then
        "$jhome/bin/jar" --create --date="$stamp" --file "$f.new" --manifest "$w/META-INF/MANIFEST.MF" -C "$w" .
    else
        "$jhome/bin/jar" --create --date="$stamp" --file "$f.new" -C "$w" .
    fi
    mv "$f.new" "$f"
done
rm -rf "$repack"

# The modules the jars use (jdeps), plus jdk.unsupported (sun.misc.Signal in `shell`) and java.logging
# (System.Logger backend), minus java.desktop: only jackson-databind names it, for the java.beans
# annotations it looks up reflectively and does without (24 MB of the unpacked runtime, 9 MB of the
# tarball). ReplayBundleIT runs the commands from the unpacked bundle against the golden outputs.
modules=$("$jhome/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
    --class-path "$stage/lib/*" "$stage"/lib/*.jar 2>/dev/null | tail -n 1)
modules=$(printf '%s\n' "$modules" jdk.unsupported java.logging | tr ',' '\n' | grep -vx java.desktop | sort -u | paste -sd, -)
# Uncompressed modules plus a CDS archive: start-up matters more than the unpacked size (the tar.gz
# compresses the image anyway).
"$jhome/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-0 --generate-cds-archive --output "$stage/runtime"

# Native code stripped of its symbol tables (Debian policy; about 4 MB): crash reports lose symbol names,
# nothing else changes (the CDS archive identifies the JVM by its version string, not its bytes)
if command -v strip >/dev/null 2>&1; then
    find "$stage/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) \
        -exec strip --strip-unneeded {} +
fi

cat > "$stage/bin/procsnap-replay" <<'LAUNCHER'
#!/bin/sh
# procsnap-replay with its own Java runtime. The host needs libfuse3 (package fuse3: libfuse3.so.3 and
# fusermount3) and /dev/fuse for `mount` and `shell`, unshare(1) for `shell`; `extract` needs nothing.
# A one-shot command (info, diagnose, ps, report ...) runs with the C1 compiler only: with C2 as well,
# compiling took 45% of the CPU of `diagnose` on a 10,000-thread capture (async-profiler); C1 only cut
# `info` there from 5.6 to 3.3 CPU-seconds and its peak RSS from 360 to 332 MB (bench/replay/README.md).
# shell and fleet run long enough for C2 to pay off. One-shot commands also get a 48 MB young
# generation with large survivor spaces: by default it grew to 116 MB and overflowing survivors promoted
# garbage; on that capture `diagnose` peaked at 268 MB RSS, with these 184 MB (bench/replay/README.md).
# mount gets the one-shot options too: a served request runs little Java (the kernel answers a warm ps
# from its caches); with C2 and the default heap the 10,000-thread capture's first ps cost the server
# 1.3 CPU-s more, loading it 1.5 s more, and the mount peaked at 336 MB RSS, with these at 236 MB.
# MaxTenuringThreshold=0: what survives a young collection is the snapshot being built and lives to the end,
# so it goes to the old generation at once instead of being copied between survivor spaces first: on the
# 10,000-thread capture ipc, diagnose and ps -L took 11-14% less wall, 9-10% less CPU and 4-6 MiB less
# RSS (median of 5 interleaved runs, quiet machine; 1 was in between, larger survivors or eden cost RSS).
# mount keeps the default tenuring: a served request's garbage dies young, and promoting it at once
# (MaxTenuringThreshold=0) filled the old generation until a full collection: on the 10,000-thread capture
# the server peaked at 460 MB during the first ps -eLf, with the default 234 MB (bench/replay/README.md).
# With the AOT cache's profiles C2 was still slower for the one-shot commands (6.0-8.0 against 3.9-5.6
# CPU-s on that capture before the compact model, bench/replay/README.md).
self=$(readlink -f "$0")
home=$(dirname "$(dirname "$self")")
c1="-XX:TieredStopAtLevel=1 -Xmn48m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90"
case ${1:-} in
    shell|fleet) jit= ;;
    mount) jit=$c1 ;;
    *) jit="$c1 -XX:MaxTenuringThreshold=0" ;;
esac
# The AOT cache made at build time (lib/procsnap-replay.aot: the classes the one-shot commands load and
# link, and their methods' profiles; make-bundle.sh). AOTMode=auto: a cache this JVM cannot use (another
# runtime, jars changed) is skipped without a word, and the JVM starts as it would without (on the runtime's
# default CDS archive: -Xshare:auto is the default, and may not be named beside -XX:AOTCache). A damaged
# cache (bytes changed on disk) crashes the JVM, as a damaged lib/modules or libjvm.so would:
# PROCSNAP_REPLAY_JAVA_OPTS=-XX:+VerifySharedSpaces checks the CRCs written at build time and skips such a
# cache, at 0.27 s of CPU per start (all that the cache saves on a small archive), so it is not the default.
aot=
[ -f "$home/lib/procsnap-replay.aot" ] && aot=$home/lib/procsnap-replay.aot
exec "$home/runtime/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC $jit \
    ${aot:+"-XX:AOTCache=$aot"} ${aot:+-XX:AOTMode=auto} ${aot:+-Xlog:aot=off} ${aot:+-Xlog:cds=off} \
    ${PROCSNAP_REPLAY_JAVA_OPTS:-} -cp "@CLASSPATH@" io.procsnap.replay.Main "$@"
LAUNCHER
# the class path in a fixed order (java expands lib/* in directory order, which differs once the tarball is
# unpacked elsewhere, and the AOT cache below then no longer matches); the cache when the build made one
classpath=$(cd "$stage/lib" && ls *.jar | LC_ALL=C sort | sed 's|^|$home/lib/|' | paste -sd: -)
sed -i "s|@CLASSPATH@|$classpath|" "$stage/bin/procsnap-replay"
chmod 755 "$stage/bin/procsnap-replay"

# The AOT cache (JDK 25, JEP 483/514/515): one training run of the bundle's own JVM runs the one-shot
# commands over an archive packed from a fixture tree (fixtures/scenarios, never this machine's /proc) and
# writes lib/procsnap-replay.aot. Trained with C2 on, so that it holds the profiles the launcher's
# commands can use. AOT=no leaves it out; a failed training leaves it out too, with a warning.
if [ "${AOT:-yes}" = yes ]; then
    mkdir -p "$work/aot-training"
    train=$(cd "$work/aot-training" && pwd -P)
    dir=$(cd "$stage" && pwd -P)
    fixture=$(cd "$(dirname "$0")/../../../fixtures/scenarios/${AOT_FIXTURE:-nfs-oom}" && pwd -P)
    buildcp=$(cd "$dir/lib" && ls *.jar | LC_ALL=C sort | sed "s|^|$dir/lib/|" | paste -sd: -)
    # the cache records each jar's size and time, and the tarball and the Debian package stamp every file
    # with the build's time: the jars get it now, or no unpacked or installed bundle could use the cache
    SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -u -d "${BUILD_TIMESTAMP:-now}" +%s)}
    export SOURCE_DATE_EPOCH
    touch -d "@$SOURCE_DATE_EPOCH" "$dir"/lib/*.jar
    if "$jhome/bin/java" -cp "$buildcp" io.procsnap.replay.cli.AotTraining pack "$fixture" "$train/training.tar.zst" \
            > "$train/pack.log" 2>&1 \
        && (cd "$train" && TZ=UTC LC_ALL=C.UTF-8 "$dir/runtime/bin/java" --enable-native-access=ALL-UNNAMED \
            -XX:+UseSerialGC -XX:+VerifySharedSpaces -XX:AOTCacheOutput="$dir/lib/procsnap-replay.aot" -cp "$buildcp" \
            io.procsnap.replay.cli.AotTraining run "$train/training.tar.zst" "$train/report.html" \
            > "$train/training.log" 2>&1) \
        && [ -s "$dir/lib/procsnap-replay.aot" ]; then
        echo "make-bundle: AOT cache $(du -k "$dir/lib/procsnap-replay.aot" | cut -f1) KiB (training: $fixture)"
    else
        echo "make-bundle: no AOT cache made (see $train/*.log); the launcher runs without" >&2
        rm -f "$dir/lib/procsnap-replay.aot"
    fi
    rm -f "$train/training.tar.zst" "$train/report.html"
fi
printf '%s\n' "procsnap-replay $version" "runtime modules: $modules" > "$stage/VERSION"
# man pages, bash completion, bill of materials (sbom.cdx.json), then the tarball, reproducibly
packaging=$(dirname "$0")/../../../packaging/src/bundle
bash "$packaging/add-share.sh" "$target" "$stage" "$jhome"
bash "$packaging/tarball.sh" "$work" "$name" "$target/$name-bundle-linux-x86_64.tar.gz"
echo "make-bundle: $target/$name-bundle-linux-x86_64.tar.gz ($(du -k "$target/$name-bundle-linux-x86_64.tar.gz" | cut -f1) KiB)"
