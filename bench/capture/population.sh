# Sourced by the capture benchmarks inside their private namespace (inner.sh, size-inner.sh).
# start_population PROCSxTHREADS: starts the load population (../shared/bench/load.sh) of that size,
# waits for it to settle and sets procs, threads and n_threads (threads seen in the namespace).
start_population() {
    procs=${1%x*}; threads=${1#*x}
    "$SHARED/load.sh" start -p "$procs" -t "$threads" -T 900 >/dev/null
    sleep 3
    n_threads=$(ls /proc/[0-9]*/task | grep -c '^[0-9]' || true)
}
