# Sourced by the capture benchmarks (rss.sh, filesystems.sh, emulated.sh); expects $root (the repository).

# bundles_file FILE [NAME=]BUNDLE_DIR...: one line "NAME<TAB>DIR<TAB>EXTRA_ENV" per bundle, NAME defaulting
# to the directory above the bundle's, EXTRA_ENV from $ENV_<NAME> (e.g. ENV_new='MALLOC_ARENA_MAX=1')
bundles_file() {
    local file=$1 arg name dir envvar; shift
    : > "$file"
    for arg in "$@"; do
        name=${arg%%=*}; dir=${arg#*=}
        [ "$name" = "$arg" ] && name=$(basename "$(dirname "$dir")")
        dir=$(cd "$dir" && pwd -P)
        [ -x "$dir/bin/procsnap" ] || { echo "bench: no $dir/bin/procsnap" >&2; exit 5; }
        envvar=ENV_${name//[^A-Za-z0-9_]/_}
        printf '%s\t%s\t%s\n' "$name" "$dir" "${!envvar:-}" >> "$file"
    done
}

# qemu_register ARCH: registers qemu-user-static for aarch64 or armhf with binfmt_misc for this run (an entry
# of its own, removed by qemu_unregister_all at exit) and sets QEMU_SYSROOT to the Debian C runtime of ARCH
qemu_entries=()
qemu_register() {
    local arch=$1 deb=arm64 n=procsnap-bench-$1-$$
    [ "$arch" = armhf ] && deb=armhf
    bash "$root/capture/src/test/emulation/binfmt.sh" register "$arch" "$n"
    qemu_entries+=("$n")
    QEMU_SYSROOT="$(bash "$root/capture/src/bundle/debian-jdk.sh" "$deb")/sysroot"
}
qemu_unregister_all() {
    local n
    for n in "${qemu_entries[@]}"; do bash "$root/capture/src/test/emulation/binfmt.sh" unregister "$n" || true; done
    qemu_entries=()
}

# population_start: inside a benchmark's namespace, the load population of $PROCS processes x $THREADS
# threads (../shared/bench/load.sh, state under $OUT), stopped at exit
population_start() {
    export PROCLOAD_STATE=$OUT/load-state PROCLOAD_BUILD=$OUT/load-build
    "$SHARED/load.sh" start -p "$PROCS" -t "$THREADS" -T 900 >/dev/null
    trap '"$SHARED/load.sh" stop >/dev/null 2>&1 || true' EXIT
    sleep 2
}
