#!/usr/bin/env bash
# Called by capture's and replay's make-bundle.sh once the bundle directory has its jars and runtime, before
# the tarball is made:
#   add-share.sh TARGET BUNDLE_DIR JDK_HOME
# - BUNDLE_DIR/share/man/man1/*.1 and share/bash-completion/completions/NAME: copied from TARGET/share
#   (made from the picocli model by packaging/src/docs/make-docs.sh);
# - BUNDLE_DIR/sbom.cdx.json: the CycloneDX bill of materials of this bundle: the module's target/bom.json
#   (cyclonedx-maven-plugin) keeping the jars that are in BUNDLE_DIR/lib, plus the Java runtime linked
#   into BUNDLE_DIR/runtime (platform component: vendor and version from JDK_HOME/release, the jmods'
#   JDK, or from the Debian package it came from (../packages.txt of debian-jdk.sh), its modules from
#   runtime/release, the SHA-256 of runtime/lib/modules), and a serial number
#   derived from the content, so two builds of the same bundle give the same file.
set -euo pipefail
target=$1; bundle=$2; jdk=$3
command -v jq >/dev/null || { echo "add-share: jq missing (apt-get install jq; scripts/setup.sh installs it)" >&2; exit 5; }
[ -d "$target/share" ] || { echo "add-share: no $target/share (man pages and completion: packaging/src/docs/make-docs.sh)" >&2; exit 5; }
[ -f "$target/bom.json" ] || { echo "add-share: no $target/bom.json (cyclonedx-maven-plugin)" >&2; exit 5; }
rm -rf "$bundle/share"
cp -R "$target/share" "$bundle/share"

field() {  # FILE KEY: the value of KEY="..." in a java release file, or empty
    [ -f "$1" ] || return 0
    sed -n "s/^$2=\"\(.*\)\"\$/\1/p" "$1" | head -1
}
release=$bundle/runtime/release
version=$(field "$jdk/release" JAVA_RUNTIME_VERSION)
vendor=$(field "$jdk/release" IMPLEMENTOR)
os_arch=$(field "$jdk/release" OS_ARCH)
purl=""
# Debian's openjdk-17-jdk-headless for ARM (capture/src/bundle/debian-jdk.sh: its .deb names beside jdk/)
deb=$(sed -n 's/^\(openjdk-[0-9]*-jdk-headless_.*\.deb\)$/\1/p' "$jdk/../packages.txt" 2>/dev/null | head -1 || true)
if [ -n "$deb" ]; then
    IFS=_ read -r debname debversion debarch <<< "${deb%.deb}"
    debversion=$(printf '%b' "${debversion//%/\\x}")
    vendor=Debian; version=$debversion; os_arch=$debarch
    purl="pkg:deb/debian/$debname@${debversion//+/%2B}?arch=$debarch"
fi
[ -n "$version" ] || version=$(field "$release" JAVA_VERSION)
[ -n "$vendor" ] || vendor=unknown
modules=$(field "$release" MODULES)
image_sha=$(sha256sum "$bundle/runtime/lib/modules" | cut -d' ' -f1)
jars=$(cd "$bundle/lib" && ls *.jar | jq -R . | jq -s .)

jq --arg version "$version" --arg vendor "$vendor" --arg modules "$modules" --arg arch "$os_arch" \
   --arg image "$image_sha" --arg purl "$purl" --argjson jars "$jars" '
  (.metadata.component["bom-ref"]) as $app
  | .components |= map(select((.name + "-" + .version + ".jar") as $f | $jars | index($f)))
  | .components += [{
      "type": "platform",
      "bom-ref": "java-runtime",
      "supplier": {"name": $vendor},
      "name": "java-runtime",
      "version": $version,
      "description": ("Java runtime linked by jlink into runtime/ from the " + $vendor + " JDK " + $version
                      + ": modules " + ($modules | split(" ") | join(", "))),
      "licenses": [{"expression": "GPL-2.0-only WITH Classpath-exception-2.0"}],
      "hashes": [{"alg": "SHA-256", "content": $image}],
      "properties": ([{"name": "java:modules", "value": $modules}]
                     + (if $arch == "" then [] else [{"name": "java:os.arch", "value": $arch}] end))
    } + (if $purl == "" then {} else {"purl": $purl} end)]
  | .components as $kept
  | .dependencies |= (map(select(.ref == $app or ([.ref] | inside($kept | map(."bom-ref"))))
                          | .dependsOn |= map(select([.] | inside($kept | map(."bom-ref")))))
                      | map(if .ref == $app then .dependsOn += ["java-runtime"] else . end)
                      + [{"ref": "java-runtime", "dependsOn": []}])
' "$target/bom.json" > "$bundle/sbom.cdx.json.tmp"
# serial number: a UUID (version 5 layout) from the SHA-256 of the content without it
h=$(sha256sum "$bundle/sbom.cdx.json.tmp" | cut -c1-32)
uuid="${h:0:8}-${h:8:4}-5${h:13:3}-$(printf '%x' $(( (0x${h:16:2} & 0x3f) | 0x80 )))${h:18:2}-${h:20:12}"
jq --arg serial "urn:uuid:$uuid" '{bomFormat, specVersion, serialNumber: $serial} + .' "$bundle/sbom.cdx.json.tmp" \
    > "$bundle/sbom.cdx.json"
rm -f "$bundle/sbom.cdx.json.tmp"
echo "add-share: $(basename "$bundle"): $(ls "$bundle/share/man/man1" | wc -l) man pages, completion, sbom.cdx.json ($(jq '.components | length' "$bundle/sbom.cdx.json") components, runtime $vendor $version)" >&2
