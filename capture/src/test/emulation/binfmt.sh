#!/usr/bin/env bash
# Registers qemu-user-static (Debian package qemu-user-static) with the kernel's binfmt_misc for one
# foreign architecture, so that its ELF files exec transparently; removes exactly that entry afterwards.
#   binfmt.sh register aarch64|armhf NAME   -> entry NAME (mounts binfmt_misc first when it is not, and
#                                               lists NAME in $TMPDIR/procsnap-binfmt.mounted)
#   binfmt.sh unregister NAME               -> removes entry NAME; the last entry listed there unmounts
#                                               binfmt_misc again (only a mount this script made)
# Used by the emulated-bundle tests and bench/capture/emulated.sh; give NAME something unique to the run
# (procsnap-<branch>-<pid>) so entries of others are never touched. Run as root.
set -euo pipefail
fs=/proc/sys/fs/binfmt_misc
state=${TMPDIR:-/tmp}
case ${1:-} in
    register)
        arch=${2:?arch}; name=${3:?name}
        case $arch in
            aarch64) magic='\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'
                     mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
                     qemu=/usr/bin/qemu-aarch64-static ;;
            armhf)   magic='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x28\x00'
                     mask='\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
                     qemu=/usr/bin/qemu-arm-static ;;
            *) echo "binfmt: unknown architecture $arch" >&2; exit 2 ;;
        esac
        [ -x "$qemu" ] || { echo "binfmt: $qemu missing (apt-get install qemu-user-static)" >&2; exit 5; }
        mounted=$state/procsnap-binfmt.mounted
        if [ ! -e "$fs/register" ]; then
            mount -t binfmt_misc binfmt_misc "$fs"
            : > "$mounted"
        fi
        [ -e "$mounted" ] && echo "$name" >> "$mounted"
        # F: the interpreter is opened now, so it also works inside a chroot that does not hold it
        printf ':%s:M::%s:%s:%s:F\n' "$name" "$magic" "$mask" "$qemu" > "$fs/register" ;;
    unregister)
        name=${2:?name}
        [ -e "$fs/$name" ] && echo -1 > "$fs/$name"
        mounted=$state/procsnap-binfmt.mounted
        if [ -e "$mounted" ] && grep -qx "$name" "$mounted"; then
            grep -vx "$name" "$mounted" > "$mounted.new" || true
            mv "$mounted.new" "$mounted"
            # the mount goes with the last of our entries, and only when nobody else registered one since
            if [ ! -s "$mounted" ]; then
                rm -f "$mounted"
                if [ -z "$(ls "$fs" | grep -v -e '^register$' -e '^status$')" ]; then umount "$fs"; fi
            fi
        fi ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
esac
