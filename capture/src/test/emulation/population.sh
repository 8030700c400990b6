#!/usr/bin/env bash
# Run inside `unshare --pid --fork --mount-proc --ipc`: starts a quiet population (6 sleepers, one
# process with 8 threads), lists /proc, runs each capture command given (one per argument, a shell word
# list), lists /proc again, stops the population. What was alive before and after every capture is the
# population both captures must agree on (the capturing programs themselves come and go).
#   population.sh OUTDIR 'CMD1 ARGS' 'CMD2 ARGS' ...   -> OUTDIR/before, OUTDIR/after, OUTDIR/run-N.{err,ms}
set -u
out=$1; shift
pids=()
for i in 1 2 3 4 5 6; do sleep 600 & pids+=($!); done
python3 -c 'import threading, time
ts = [threading.Thread(target=time.sleep, args=(600,), daemon=True) for _ in range(8)]
[t.start() for t in ts]
time.sleep(600)' &
pids+=($!)
for _ in $(seq 50); do [ "$(ls /proc/${pids[-1]}/task 2>/dev/null | wc -l)" -ge 9 ] && break; sleep 0.1; done
ls /proc | grep '^[0-9]' | sort -n > "$out/before"
n=0
for cmd in "$@"; do
    n=$((n + 1))
    t=$(date +%s%N)
    sh -c "$cmd" > /dev/null 2> "$out/run-$n.err"
    echo $? > "$out/run-$n.exit"
    echo $((($(date +%s%N) - t) / 1000000)) > "$out/run-$n.ms"
done
ls /proc | grep '^[0-9]' | sort -n > "$out/after"
kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
exit 0
