#!/usr/bin/env bash
# Installs a Debian package into a clean root, uses it, purges it and lists what is left (PackagesIT):
#   install-purge.sh PACKAGE.deb NAME COMMAND...
# The clean root is this machine's root file system seen through an overlay in a private mount namespace
# (unshare --mount): every change (dpkg's database, the package's files) goes to a tmpfs upper layer that
# vanishes with the namespace, so the machine is never touched, while the package's Depends (libc6,
# fuse3, ...) are there as on a real machine and dpkg checks them. In the root (chroot):
#   dpkg -i PACKAGE.deb; NAME --version; man -w NAME; bash completion of NAME; COMMAND...; dpkg --purge NAME
# then prints, under "left:", every path of the upper layer that is not dpkg's own bookkeeping
# (var/lib/dpkg, var/log/dpkg.log, var/cache/man (man-db's index)): nothing when the purge was clean.
# Output sections start with "== "; exit status of the first failing step.
set -euo pipefail
deb=$(readlink -f "$1"); name=$2; shift 2
[ "$(id -u)" = 0 ] || { echo "install-purge: needs root (mount namespace, overlay, chroot)" >&2; exit 5; }
work=$(mktemp -d /tmp/procsnap-install-purge.XXXXXX)
trap 'rmdir "$work" 2>/dev/null || true' EXIT
unshare --mount --propagation private bash -euo pipefail -s "$work" "$deb" "$name" "$@" <<'INNER'
work=$1; deb=$2; name=$3; shift 3
mount -t tmpfs -o size=1g tmpfs "$work"
mkdir -p "$work/upper" "$work/overlay-work" "$work/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$work/root"
root=$work/root
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
echo "== install"
in_root dpkg -i "/tmp/$(basename "$deb")"
echo "== files"
in_root dpkg -L "$name"
echo "== version"
in_root "$name" --version
echo "== man"
in_root man -w "$name"
echo "== completion"
in_root bash -c 'source /usr/share/bash-completion/completions/'"$name"' 2>/dev/null
    f=$(complete -p '"$name"' | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
    COMP_WORDS=('"$name"' --ver); COMP_CWORD=1; COMP_LINE="'"$name"' --ver"; COMP_POINT=${#COMP_LINE}
    "$f" 2>/dev/null; echo "${COMPREPLY[*]}"'
if [ $# -gt 0 ]; then
    echo "== command"
    in_root "$@"
fi
echo "== purge"
in_root dpkg --purge "$name"
echo "== left"
(cd "$work/upper" && find . -mindepth 1 \( -type f -o -type l -o -type c \) -printf '%P\n' \
    | grep -v -e '^var/lib/dpkg/' -e '^var/log/dpkg.log$' -e '^var/cache/man/' -e '^var/cache/debconf/' \
    | sort) || true
echo "== end"
INNER
