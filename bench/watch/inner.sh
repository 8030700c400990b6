#!/usr/bin/env bash
# Runs inside the private pid+ipc namespace (see run.sh). Prints and writes $OUT/results.txt.
set -euo pipefail
export PROCLOAD_STATE=$OUT/load-state PROCLOAD_BUILD=$OUT/load-build
res=$OUT/results.txt
: > "$res"
say() { echo "$*" | tee -a "$res"; }

# CPU ticks of PID and its waited-for children (utime stime cutime cstime)
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13 + $14 + $15}'; }
kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

# measure NAME PID: CPU over DURATION s as a percentage of one core, RSS and peak RSS at the end
measure() {
    local name=$1 pid=$2 t0 t1
    t0=$(ticks "$pid"); sleep "$DURATION"; t1=$(ticks "$pid")
    printf '%-12s %7.3f%% of one core  RSS %6d kB  peak %6d kB  threads %s\n' "$name" \
        "$(echo "($t1 - $t0) * 100 / $hz / $DURATION" | bc -l)" "$(kb "$pid" VmRSS)" "$(kb "$pid" VmHWM)" \
        "$(kb "$pid" Threads)" | tee -a "$res"
}

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    "$SHARED/load.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

procs=${SIZE%x*}; threads=${SIZE#*x}
"$SHARED/load.sh" start -p "$procs" -t "$threads" -q 0 -c 0 -T 1800 >/dev/null
sleep 3
say "procsnap watch benchmark  $(date -u +%FT%TZ)  $(nproc) CPUs  kernel $(uname -r)"
say "bundle: $BUNDLE"
say "load: $procs x $threads ($(ls /proc/[0-9]*/task | grep -c '^[0-9]' || true) threads in the namespace), no full queue;"
say "hung_task_timeout_secs $(cat /proc/sys/kernel/hung_task_timeout_secs 2>/dev/null || echo -); window $DURATION s each"

mounts=$(awk '$9 !~ /^(proc|sysfs|devtmpfs|devpts|cgroup|cgroup2|securityfs|debugfs|tracefs|bpf|mqueue|hugetlbfs|pstore|configfs|fusectl|autofs|binfmt_misc|efivarfs|nsfs|rpc_pipefs|selinuxfs|ramfs|squashfs|iso9660)$/ && !seen[$3]++ {print $5}' /proc/self/mountinfo | tr '\n' ' ')
cat > "$OUT/loop.sh" <<LOOP
#!/bin/sh
i=0
while :; do
    cat /proc/stat /proc/pressure/io /proc/pressure/memory /proc/sysvipc/msg /proc/sys/kernel/msgmnb \
        /proc/sys/kernel/hung_task_detect_count > /dev/null 2>&1
    i=\$((i + 1))
    if [ \$((i % 10)) = 0 ]; then
        cat /proc/self/mountinfo > /dev/null
        stat -f -c '%t %s %S %b %f %a %c %d %l %n' -- $mounts > /dev/null 2>&1
        sh -c true
    fi
    sleep 1
done
LOOP
sh "$OUT/loop.sh" & pids+=($!); sleep 2; measure shell-loop "${pids[-1]}"; kill "${pids[-1]}"

"$BUNDLE/runtime/bin/java" -Xint -Xms4m -Xmx16m -Xmn3m -Xss256k -XX:+UseSerialGC -XX:-UsePerfData -cp "$OUT" Sleep &
pids+=($!); sleep 2; measure jvm-floor "${pids[-1]}"; kill "${pids[-1]}"

log=$OUT/watch/.procsnap-watch/log
"$BUNDLE/bin/procsnap" watch --dir "$OUT/watch" --probe true > "$OUT/watch.out" 2>&1 & pids+=($!)
wpid=${pids[-1]}
sleep 15
for attempt in 1 2; do
    while [ -n "$(ls -A "$OUT/watch" | grep '^\.procsnap-.*\.tmp-' || true)" ]; do sleep 1; done  # a capture runs
    before=$(grep -c ' capturing (' "$log" || true)
    measure watch "$wpid"
    after=$(grep -c ' capturing (' "$log" || true)
    if [ "$after" = "$before" ]; then break; fi
    say "  (a capture started during that window: $(grep ' capturing (' "$log" | tail -1 | cut -c1-160); measured again)"
done
captures=$(grep -c ' capture ended ' "$log" || true)
say "watcher: $captures captures during the run (a window with one was measured again)"
kill "$wpid"; wait "$wpid" 2>/dev/null || true
say ""
w=$(awk '$1 == "watch" {v=$2} END {print v}' "$res" | tr -d '%'); s=$(awk '$1 == "shell-loop" {print $2}' "$res" | tr -d '%')
say "watch CPU / shell-loop CPU: $(echo "if ($s > 0) $w / $s else 0" | bc -l | cut -c1-5)x; target: watch <= 1% of one core, RSS <= 48 MB (49152 kB)"
