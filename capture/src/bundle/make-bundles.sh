#!/usr/bin/env bash
# Maven's package step: make-bundle.sh once per architecture of -Dbundle.arches (comma-separated;
# default x86_64,aarch64,armhf, all built on this x86-64 machine).
#   capture/src/bundle/make-bundles.sh TARGET x86_64,aarch64,armhf
set -euo pipefail
target=${1:?usage: make-bundles.sh TARGET ARCHES}
arches=${2:-x86_64,aarch64,armhf}
for arch in ${arches//,/ }; do
    bash "$(dirname "$0")/make-bundle.sh" "$target" "$arch"
done
