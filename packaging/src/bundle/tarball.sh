#!/usr/bin/env bash
# The bundle's tarball, the same bytes from the same tree (reproducible builds): entries sorted by name,
# numeric owner root, every time stamp the build's (BUILD_TIMESTAMP = project.build.outputTimestamp,
# or SOURCE_DATE_EPOCH), no atime/ctime pax records, gzip without name and time.
#   tarball.sh PARENT_DIR NAME OUT.tar.gz
set -euo pipefail
parent=$1; name=$2; out=$3
epoch=${SOURCE_DATE_EPOCH:-$(date -u -d "${BUILD_TIMESTAMP:-now}" +%s)}
tar -C "$parent" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu -cf - "$name" \
    | gzip -9n > "$out"
