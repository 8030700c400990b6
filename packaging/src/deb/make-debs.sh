#!/usr/bin/env bash
# The Debian packages, made from the bundles by dpkg-deb (Maven package phase of module packaging):
#   make-debs.sh OUT VERSION REPLAY_BUNDLE.tar.gz CAPTURE_TARGET ARCHES
# writes OUT/procsnap-replay_DEBVERSION_amd64.deb and OUT/procsnap_DEBVERSION_{amd64,arm64,armhf}.deb (from
# CAPTURE_TARGET/procsnap-bundle-linux-ARCH.tar.gz for each of ARCHES, comma-separated: x86_64, aarch64,
# armhf), each with OUT/PACKAGE_DEBVERSION_ARCH.cdx.json, its bill of materials.
# DEBVERSION is the Maven version made a valid Debian version: 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT (sorts
# before 0.1.0). Layout (Debian policy):
#   /usr/lib/PACKAGE/             the bundle as it is (bin/ launcher, lib/ jars, runtime/, sbom.cdx.json)
#   /usr/bin/PACKAGE              replay: a symlink (its launcher resolves it); capture: a two-line script
#                                 (its launcher finds the bundle from $0, as on a device)
#   /usr/share/man/man1/*.1.gz    procsnap(1)/procsnap-replay(1) and one page per subcommand (gzip -9n)
#   /usr/share/bash-completion/completions/PACKAGE
#   /usr/share/doc/PACKAGE/       copyright (DEP-5, licenses from the bill of materials), changelog.gz
#   /usr/share/lintian/overrides/PACKAGE   what lintian says about a bundled Java runtime, with reasons
# Depends: the shared libraries the bundle's ELF files need that it does not carry (libc6 at the glibc
# floor of its symbols, zlib1g for Debian's ARM runtimes), and for replay fuse3/libfuse3-3 (mount, shell);
# Recommends: faketime (shell shows the capture's clock through libfaketime).
# Reproducible: every time stamp is BUILD_TIMESTAMP (project.build.outputTimestamp) via SOURCE_DATE_EPOCH.
set -euo pipefail
out=$1; version=$2; replay=$3; capture=$4; arches=$5
here=$(cd "$(dirname "$0")" && pwd -P)
for tool in dpkg-deb jq readelf; do
    command -v "$tool" >/dev/null || { echo "make-debs: $tool missing (scripts/setup.sh installs what the build needs)" >&2; exit 5; }
done
debversion=${version/-/\~}
# by hand, without Maven's BUILD_TIMESTAMP: now
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -u -d "${BUILD_TIMESTAMP:-now}" +%s)}
work=$out/deb-work
rm -rf "$work" && mkdir -p "$work" "$out"

# the Debian package that provides a shared library a bundle's ELF file needs (any architecture)
package_of() {
    case $1 in
        libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|ld-linux*.so.*) echo libc6 ;;
        libz.so.1) echo zlib1g ;;
        libgcc_s.so.1) echo libgcc-s1 ;;
        libstdc++.so.6) echo libstdc++6 ;;
        *) echo "make-debs: no Debian package known for $1 (add it to package_of)" >&2; return 5 ;;
    esac
}

# Depends of a bundle tree: libraries its ELF files need and do not carry; libc6 at its glibc floor
shlib_depends() {
    local tree=$1 lib pkg glibc
    local -A carried=() pkgs=()
    while IFS= read -r f; do carried[$(basename "$f")]=1; done < <(find "$tree" -name '*.so*' -type f)
    mapfile -t elves < <(find "$tree" -type f -exec sh -c 'head -c4 "$1" | grep -q "^.ELF" && echo "$1"' _ {} \;)
    for lib in $(readelf -d "${elves[@]}" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u); do
        [ -n "${carried[$lib]:-}" ] && continue
        pkg=$(package_of "$lib") || exit 5
        pkgs[$pkg]=1
    done
    glibc=$(readelf -V "${elves[@]}" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
    for pkg in $(printf '%s\n' "${!pkgs[@]}" | sort); do
        if [ "$pkg" = libc6 ] && [ -n "$glibc" ]; then echo "libc6 (>= $glibc)"; else echo "$pkg"; fi
    done | paste -sd, - | sed 's/,/, /g'
}

# DEP-5 copyright: procsnap's own files, then each component of the bill of materials with its license,
# then one stand-alone paragraph per license used (licenses/NAME)
copyright() {  # SBOM LIBDIR
    local names
    cat "$here/copyright.head"
    jq -r --arg lib "$2" '
      def debian: if . == "GPL-2.0-only WITH Classpath-exception-2.0" then "GPL-2 with Classpath exception"
                  elif . == "BSD-2-Clause" then "BSD-2-clause" elif test("LGPL") then "LGPL-3+" else . end;
      .components[] | select((.licenses // []) | length > 0)
      | (if .type == "platform" then [$lib + "/runtime/*"]
         else [$lib + "/lib/" + .name + "-" + .version + ".jar"]
              + (if .name == "zstd-jni" then [$lib + "/lib/native/libzstd-jni.so"] else [] end) end) as $files
      | "Files: \($files | join(" "))\n"
        + "Comment: \(.group // .supplier.name) \(.name) \(.version)\(if .purl then " (" + .purl + ")" else "" end)\n"
        + "Copyright: \(if .type == "platform" then "Oracle and/or its affiliates, and the OpenJDK contributors" else "the " + .name + " authors" end)\n"
        + "License: \([.licenses[] | (.license.id // .license.name // .expression) | debian] | unique | join(" or "))\n"' "$1"
    names=$(jq -r '
      def debian: if . == "GPL-2.0-only WITH Classpath-exception-2.0" then "GPL-2 with Classpath exception"
                  elif . == "BSD-2-Clause" then "BSD-2-clause" elif test("LGPL") then "LGPL-3+" else . end;
      [.components[] | .licenses // [] | .[] | (.license.id // .license.name // .expression) | debian] | unique | .[]' "$1")
    cat "$here/licenses/LicenseRef-procsnap"
    while IFS= read -r name; do
        [ -f "$here/licenses/$name" ] || { echo "make-debs: no license paragraph packaging/src/deb/licenses/$name" >&2; exit 5; }
        echo; cat "$here/licenses/$name"
    done <<< "$names"
}

# the package's bill of materials: the bundle's, with the Debian package as the thing it describes
package_sbom() {  # BUNDLE_SBOM PACKAGE ARCH
    jq --arg pkg "$2" --arg version "$debversion" --arg arch "$3" '
      (.metadata.component) as $app
      | ("pkg:deb/procsnap/" + $pkg + "@" + $version + "?arch=" + $arch) as $purl
      | .metadata.component = {"type": "application", "bom-ref": $purl, "name": $pkg, "version": $version,
                                "purl": $purl, "description": ("Debian package of the " + $app.name + " bundle")}
      | .components = [$app] + .components
      | .dependencies = [{"ref": $purl, "dependsOn": [$app."bom-ref"]}] + .dependencies
      | .serialNumber = null | del(.serialNumber)' "$1"
}

build() {  # PACKAGE ARCH TARBALL DEPENDS_EXTRA RECOMMENDS SUGGESTS DESCRIPTION_FILE BINARY_LINK
    local pkg=$1 arch=$2 tarball=$3 extra=$4 recommends=$5 suggests=$6 description=$7
    local root=$work/$pkg-$arch lib=/usr/lib/$pkg unpack=$work/unpack-$pkg-$arch
    mkdir -p "$unpack" "$root/DEBIAN" "$root$lib" "$root/usr/bin" "$root/usr/share/doc/$pkg" \
        "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" "$root/usr/share/lintian/overrides"
    tar -xzf "$tarball" -C "$unpack"
    local bundle=$unpack/$(ls "$unpack")
    cp -a "$bundle/." "$root$lib/"
    rm -rf "$root$lib/share"
    for m in "$bundle"/share/man/man1/*.1; do gzip -9n < "$m" > "$root/usr/share/man/man1/$(basename "$m").gz"; done
    cp "$bundle/share/bash-completion/completions/$pkg" "$root/usr/share/bash-completion/completions/$pkg"
    if [ "$pkg" = procsnap-replay ]; then
        ln -s "../lib/$pkg/bin/$pkg" "$root/usr/bin/$pkg"
    else
        printf '#!/bin/sh\nexec %s/bin/%s "$@"\n' "$lib" "$pkg" > "$root/usr/bin/$pkg"
        chmod 755 "$root/usr/bin/$pkg"
    fi
    copyright "$bundle/sbom.cdx.json" "usr/lib/$pkg" | sed "s|PACKAGE|$pkg|g" > "$root/usr/share/doc/$pkg/copyright"
    { printf 'procsnap (%s) unstable; urgency=medium\n\n' "$debversion"
      sed 's/^/  /' "$here/changelog.entry"
      printf '\n -- %s  %s\n' "$(sed -n 's/^Maintainer: //p' "$here/control.common")" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
    } | gzip -9n > "$root/usr/share/doc/$pkg/changelog.gz"
    sed "s|@LIB@|usr/lib/$pkg|g" "$here/lintian-overrides/$pkg" > "$root/usr/share/lintian/overrides/$pkg"
    chmod -R u+rwX,go+rX,go-w "$root"
    local depends
    depends=$(shlib_depends "$root$lib")
    [ -n "$extra" ] && depends="$depends, $extra"
    { echo "Package: $pkg"
      echo "Source: procsnap"
      echo "Version: $debversion"
      echo "Architecture: $arch"
      cat "$here/control.common"
      echo "Installed-Size: $(du -sk --apparent-size "$root/usr" | cut -f1)"
      echo "Depends: $depends"
      [ -n "$recommends" ] && echo "Recommends: $recommends"
      [ -n "$suggests" ] && echo "Suggests: $suggests"
      cat "$here/$description"
    } > "$root/DEBIAN/control"
    (cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
    chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
    find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    local deb=$out/${pkg}_${debversion}_${arch}.deb
    # xz at level 2: 8 s for the replay package instead of 2 min at the default 6, 12% larger
    dpkg-deb --root-owner-group -Zxz -z2 --build "$root" "$deb" >/dev/null
    package_sbom "$bundle/sbom.cdx.json" "$pkg" "$arch" > "${deb%.deb}.cdx.json"
    echo "make-debs: $deb $(du -k "$deb" | cut -f1) KiB; Depends: $depends" >&2
}

build procsnap-replay amd64 "$replay" "fuse3, libfuse3-3" faketime "procsnap, zstd" description.replay
for bundle_arch in ${arches//,/ }; do
    case $bundle_arch in
        x86_64) arch=amd64 ;;
        aarch64) arch=arm64 ;;
        armhf) arch=armhf ;;
        *) echo "make-debs: unknown bundle architecture '$bundle_arch' (x86_64, aarch64 or armhf)" >&2; exit 2 ;;
    esac
    build procsnap "$arch" "$capture/procsnap-bundle-linux-$bundle_arch.tar.gz" "" "" procsnap-replay description.capture
done
rm -rf "$work"
