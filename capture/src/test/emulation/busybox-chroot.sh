#!/usr/bin/env bash
# A device's userland: a chroot holding only a static busybox (some applets linked), the runtime's C
# libraries, the unpacked bundle and /proc, /dev bind-mounted; runs the bundle's launcher in it.
#   busybox-chroot.sh ROOT BUNDLE_DIR BUSYBOX LIBS -- ARGS...
# LIBS: "ldd" (copy what ldd names for the bundle's ELF files: this machine's glibc, for x86_64), "none"
# (no C library at all: a musl device, as far as the bundle can tell) or a sysroot directory whose lib/ and usr/lib/ are copied (Debian's libc6 etc. of a foreign architecture,
# run under qemu-user-static through binfmt_misc). Applets linked: sh dirname uname df dmesg stat; no
# nice, renice or ionice (a device without them). The mounts are made in a private mount namespace and
# unmounted before it ends (they could not outlive it anyway). The archive goes to ROOT/out/.
# Debian's busybox shell runs its own applets (renice, ionice) even where no link names them; with
# LAUNCH_SHELL=/usr/bin/dash (dynamically linked to the same glibc: LIBS=ldd) the launcher runs under
# dash instead, on a machine that has no nice, renice or ionice at all.
set -euo pipefail
root=$1 bundle=$2 busybox=$3 libs=$4
shift 4
[ "${1:-}" = "--" ] && shift
mkdir -p "$root/bin" "$root/proc" "$root/dev" "$root/tmp" "$root/out"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in sh dirname uname df dmesg stat; do ln -sf busybox "$root/bin/$applet"; done
cp -a "$bundle" "$root/procsnap"
if [ "$libs" = ldd ]; then
    find "$root/procsnap" -type f \( -name '*.so' -o -path '*/bin/java' -o -name jspawnhelper \) -print0 \
        | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*' | grep -v "^$root" | sort -u | while read -r lib; do
            [ -e "$lib" ] && cp -L --parents "$lib" "$root"
        done
elif [ "$libs" != none ]; then
    for d in lib usr/lib; do
        if [ -d "$libs/$d" ]; then mkdir -p "$root/$d" && cp -a "$libs/$d/." "$root/$d/"; fi
    done
fi
launch=()
if [ -n "${LAUNCH_SHELL:-}" ]; then
    cp "$LAUNCH_SHELL" "$root/bin/launch-shell"
    launch=(/bin/launch-shell)
fi
exec unshare --mount --propagation private bash -c '
    root=$1; shell=$2; shift 2
    mount --bind /proc "$root/proc"
    mount --bind /dev "$root/dev"
    rc=0
    env -i PATH=/bin "$(command -v chroot)" "$root" $shell /procsnap/bin/procsnap "$@" || rc=$?
    umount "$root/dev"
    umount "$root/proc"
    exit $rc' busybox-chroot "$root" "${launch[*]}" "$@"
