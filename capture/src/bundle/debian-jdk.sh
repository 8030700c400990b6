#!/usr/bin/env bash
# Fetches Debian's OpenJDK 17 and the C runtime for an architecture (amd64, arm64 or armhf), for the
# bundles (make-bundle.sh) and the tests that run the ARM ones under qemu-user-static:
#   capture/src/bundle/debian-jdk.sh amd64|arm64|armhf   ->  prints the directory that holds
#       jdk/      the unpacked openjdk-17-jdk-headless (jmods/ is the jlink input)
#       sysroot/  libc6, zlib1g, libgcc-s1, libstdc++6 unpacked (QEMU_LD_PREFIX for the tests), and
#                 busybox-static (bin/busybox: the device userland of the chroot test)
# Only Debian packages, verified by apt against the machine's keyring. The machine's own package setup
# is never touched: apt runs with a private package list directory and APT::Architectures naming the
# foreign architecture, so there is no `dpkg --add-architecture` to undo and nothing is installed (amd64
# too is fetched, not taken from the machine's own JDK 17, so every bundle has the same Debian update).
# The .debs and the unpacked trees are kept in $PROCSNAP_CACHE (default ~/.cache/procsnap) and reused by
# later builds; delete that directory to fetch again (a newer Debian point release, say).
set -euo pipefail
arch=${1:?usage: debian-jdk.sh amd64|arm64|armhf}
case $arch in amd64|arm64|armhf) ;; *) echo "debian-jdk: unsupported architecture '$arch' (amd64, arm64 or armhf)" >&2; exit 2 ;; esac
cache=${PROCSNAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/procsnap}
dir=$cache/debian-$arch
complete() { [ -f "$dir/.complete" ] && [ -x "$dir/sysroot/bin/busybox" ]; }
if complete; then
    echo "$dir"
    exit 0
fi
command -v apt-get >/dev/null || { echo "debian-jdk: apt-get missing: the ARM bundles are built from Debian packages" >&2; exit 5; }
mkdir -p "$cache"
exec 9>"$cache/.lock-$arch"
flock 9
if complete; then echo "$dir"; exit 0; fi
work=$dir.tmp-$$
trap 'rm -rf "$work"' EXIT
rm -rf "$work" && mkdir -p "$work/lists/partial" "$work/apt/archives/partial" "$work/debs"
host=$(dpkg --print-architecture)
opts=(-q -o "APT::Architectures::=$host" -o "APT::Architectures::=$arch" -o "Dir::State::Lists=$work/lists"
      -o "Dir::Cache=$work/apt" -o "Dir::State::status=/var/lib/dpkg/status")
echo "debian-jdk: fetching openjdk-17-jdk-headless:$arch and its C runtime into $dir" >&2
apt-get "${opts[@]}" update >&2
packages=(openjdk-17-jdk-headless libc6 zlib1g libgcc-s1 libstdc++6 busybox-static)
(cd "$work/debs" && apt-get "${opts[@]}" download "${packages[@]/%/:$arch}" >&2)
for deb in "$work"/debs/openjdk-17-jdk-headless_*.deb; do dpkg-deb -x "$deb" "$work/pkg-jdk"; done
mkdir -p "$work/sysroot"
for deb in "$work"/debs/*.deb; do
    case $(basename "$deb") in openjdk-*) ;; *) dpkg-deb -x "$deb" "$work/sysroot" ;; esac
done
mv "$work/pkg-jdk/usr/lib/jvm/java-17-openjdk-$arch" "$work/jdk"
[ -f "$work/jdk/jmods/java.base.jmod" ] || { echo "debian-jdk: no jmods/java.base.jmod in openjdk-17-jdk-headless:$arch" >&2; exit 5; }
rm -rf "$work/pkg-jdk" "$work/lists" "$work/apt"
(cd "$work/debs" && ls) > "$work/packages.txt"
touch "$work/.complete"
rm -rf "$dir" && mv "$work" "$dir"
trap - EXIT
echo "$dir"
