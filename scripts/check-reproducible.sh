#!/usr/bin/env bash
# Shows what of the build is reproducible: builds the committed tree (HEAD) twice, each time from a fresh
# copy in its own directory (`mvn package -DskipTests`), and compares the two results byte by byte:
#   - every jar Maven made (format-spec, capture, replay): must be identical;
#   - each bundle (unpacked) and each Debian package (unpacked): must be identical except for the files
#     the JDK cannot make reproducible, which are listed (EXPECTED below);
#   - the man pages, completion scripts and bills of materials inside them are compared with the rest.
# Exit 0 when only EXPECTED files differ, 1 otherwise. Takes two full builds (about 10 minutes here).
#   scripts/check-reproducible.sh [MAVEN ARGS...]   e.g. -Dbundle.arches=x86_64 (the default) to skip ARM
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
# What the JDK cannot make reproducible (measured: everything else was byte-identical, jlink's
# lib/modules and the replay runtime's CDS archive included):
#  - capture lib/procsnap.jsa, only in a bundle built with CDS=yes (not the default): a CDS archive dumped
#    from the classes a training capture of this machine loaded, which depend on what the capture met;
#    the default bundles (Debian's JDK 17 runtime, no class-data archive of their own) have nothing of it;
#  - replay lib/procsnap-replay.aot, the JDK 25 AOT cache of the replay bundle: its training run over a
#    fixture archive is the same on every build, but the cache it writes is not (measured: two trainings
#    of the same jars, 21,905,408 and 21,909,504 bytes; with C1 only as well): the JVM records the lambda
#    forms, classes and profiles in the order the run met them;
#  - in the Debian packages, DEBIAN/md5sums and DEBIAN/control (Installed-Size) follow them.
EXPECTED='DEBIAN/(md5sums|control)$|lib/procsnap\.jsa$|lib/procsnap-replay\.aot$'
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-Dbundle.arches=x86_64)
work=$(mktemp -d /tmp/procsnap-reproducible.XXXXXX)
trap 'rm -rf "$work"' EXIT
for n in 1 2; do
    mkdir -p "$work/$n"
    git archive HEAD | tar -x -C "$work/$n"
    echo "check-reproducible: build $n in $work/$n" >&2
    (cd "$work/$n" && mvn -B -ntp -q package -DskipTests "${args[@]}" > "$work/build-$n.log" 2>&1) \
        || { tail -30 "$work/build-$n.log" >&2; exit 5; }
done
bad=0
echo "jars:"
for a in $(cd "$work/1" && ls */target/*.jar); do
    if cmp -s "$work/1/$a" "$work/2/$a"; then echo "  same     $a"; else echo "  DIFFERS  $a"; bad=1; fi
done
compare_tree() {  # LABEL DIR1 DIR2
    local diffs
    diffs=$(cd "$2" && find . -type f -printf '%P\n' | sort | while read -r f; do
        cmp -s "$2/$f" "$3/$f" || echo "$f"; done)
    if [ -z "$diffs" ]; then echo "  same     $1"; return; fi
    while read -r f; do
        if [[ $f =~ $EXPECTED ]]; then echo "  expected $1: $f"; else echo "  DIFFERS  $1: $f"; bad=1; fi
    done <<< "$diffs"
}
echo "bundles (unpacked):"
for t in $(cd "$work/1" && ls capture/target/*.tar.gz replay/target/*.tar.gz); do
    mkdir -p "$work/u1/$t" "$work/u2/$t"
    tar -xzf "$work/1/$t" -C "$work/u1/$t"; tar -xzf "$work/2/$t" -C "$work/u2/$t"
    compare_tree "$t" "$work/u1/$t" "$work/u2/$t"
    cmp -s "$work/1/$t" "$work/2/$t" && echo "  same     $t (the tarball itself)" || echo "  differs  $t (the tarball itself)"
done
echo "Debian packages (unpacked):"
for d in $(cd "$work/1" && ls packaging/target/*.deb 2>/dev/null); do
    for n in 1 2; do mkdir -p "$(dirname "$work/d$n/$d")" && dpkg-deb -R "$work/$n/$d" "$work/d$n/$d"; done
    compare_tree "$d" "$work/d1/$d" "$work/d2/$d"
    cmp -s "$work/1/$d" "$work/2/$d" && echo "  same     $d (the .deb itself)" || echo "  differs  $d (the .deb itself)"
done
for s in $(cd "$work/1" && ls packaging/target/*.cdx.json 2>/dev/null); do
    cmp -s "$work/1/$s" "$work/2/$s" && echo "  same     $s" || { echo "  DIFFERS  $s"; bad=1; }
done
[ "$bad" = 0 ] && echo "check-reproducible: reproducible but for the expected files" || echo "check-reproducible: NOT reproducible (DIFFERS above)"
exit "$bad"
