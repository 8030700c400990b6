#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine of this kind: installs the OS packages the tests use,
# then builds and runs every unit test (*Tests) and real-kernel test (*IT).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
exec mvn -B -ntp verify "$@"
