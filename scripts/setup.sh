#!/usr/bin/env bash
# Sourced by the README commands: installs what building and testing need on a fresh Debian machine
# (as root; as another user it only reports what is missing) and checks that a JDK 25 exists.
# The capture bundles need JDK 17's jlink and llvm (llvm-strip; all three runtimes are Debian's openjdk-17),
# the ARM ones also the cross compilers; their tests need qemu-user-static and a static busybox (the device
# userland in a chroot). Man pages need asciidoctor (AsciiDoc to troff), the bundles' bills of materials jq;
# the Debian packages' tests run lintian and man.
need=()
for pair in zstd:zstd bsdtar:libarchive-tools fusermount3:fuse3 faketime:faketime ps:procps pstree:psmisc getfattr:attr gcc:gcc xz:xz-utils unshare:util-linux \
            chromium:chromium ansible-playbook:ansible-core /usr/bin/time:time strace:strace \
            /usr/sbin/sshd:openssh-server ip:iproute2 bc:bc zfs-fuse:zfs-fuse \
            qemu-aarch64-static:qemu-user-static aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu \
            arm-linux-gnueabihf-gcc:gcc-arm-linux-gnueabihf llvm-strip:llvm readelf:binutils \
            /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink:openjdk-17-jdk-headless busybox:busybox-static \
            asciidoctor:asciidoctor jq:jq man:man-db lintian:lintian; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
[ -e /usr/lib/x86_64-linux-gnu/libfuse3.so.3 ] || [ -e /lib/x86_64-linux-gnu/libfuse3.so.3 ] || need+=(libfuse3-3)
# a FUSE daemon that never answers (capture tests: UnkillableCommandIT, LockClassesIT; the latter also builds a C helper with gcc)
[ -e /usr/lib/python3/dist-packages/fusepy.py ] || need+=(python3-fusepy)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing ${need[*]}" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
    else
        echo "setup: missing packages (install as root): ${need[*]}" >&2
    fi
fi
jdk25=""
for d in ${JAVA_HOME:-} /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    if [ -x "$d/bin/javac" ] && "$d/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then jdk25=$d; break; fi
done
if [ -z "$jdk25" ]; then
    echo "setup: no JDK 25 found; install one (for example Temurin 25: apt package temurin-25-jdk from the Adoptium repository) into /usr/lib/jvm" >&2
    exit 5
fi
