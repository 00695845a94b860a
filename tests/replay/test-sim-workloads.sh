#!/bin/bash
# make sim-workloads: the racy workloads of tests/workloads/ recorded on
# rru-sim with the RRUs under two seeds, and replayed under other seeds
# (docs/design.md §7.4). Every replay must match its recording; every
# program's own self-check must pass in the recording; the two seeds must
# record different logs. Two simulations at a time.
#   plan "split" (make test): seed 1 replayed in maxpar and stserial, seed 2
#     in stitched and serial: every workload in every mode, each seed twice;
#   plan "full" (make bench): both seeds in all four modes.
# usage: test-sim-workloads.sh BUILD [split|full]
set -u
B=${1:-build}
plan=${2:-split}
rru=$B/bin/rru
here=$(cd "$(dirname "$0")" && pwd)
wl=$here/../workloads
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# name:threads on 2 cores (lfstack and preempt: more threads than cores);
# SIM_WORKLOADS="name:threads ..." runs others. Built with -DTINY (the
# programs that have a tiny input use it: their small one is slow here).
list=${SIM_WORKLOADS:-"racy_counter:2 litmus_sb:2 litmus_mp:2 racy_list:2 lfstack:3 input_race:2 false_sharing:2
      atomics:2 preempt:3 fft:2 lu:2 radix:2 ocean:2 nbody:2"}
jobs=()
for e in $list; do
  n=${e%%:*}
  "$rru" cc -DTINY "$wl/$n.c" -o "$tmp/$n.elf" >"$tmp/$n.cc" 2>&1 || { echo "  FAIL $n: rru cc: $(tail -2 "$tmp/$n.cc")"; exit 1; }
  for s in 1 2; do
    case $plan:$s in
      split:1) m="maxpar stserial";; split:2) m="stitched serial";; *) m="maxpar stitched stserial serial";;
    esac
    jobs+=("$rru $tmp/$n.elf $n 2 ${e##*:} $s $tmp/$n.$s ${m// /,}")
  done
done
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash -c "$here/sim-rr-job.sh \$0 \$1 \$2 \$3 \$4 \$5 \$6 \"\${7//,/ }\"" \
  >"$tmp/results" 2>&1
sed 's/^/  /' "$tmp/results"
nfail=$(grep -c '^FAIL' "$tmp/results")
for e in $list; do
  n=${e%%:*}
  for s in 1 2; do
    run=$tmp/$n.$s/run
    [ -f "$run/result" ] || continue
    grep -q "PASS $n" "$run/out/0.txt" 2>/dev/null ||
      { nfail=$((nfail + 1)); echo "  FAIL $n seed $s: the recorded run did not pass its self-check: $(head -c 200 "$run/out/0.txt")"; }
  done
  if [ -f "$tmp/$n.1/run/log.bin" ] && [ -f "$tmp/$n.2/run/log.bin" ]; then
    if cmp -s "$tmp/$n.1/run/log.bin" "$tmp/$n.2/run/log.bin"; then
      nfail=$((nfail + 1)); echo "  FAIL $n: seeds 1 and 2 recorded the same log"
    else echo "  ok   $n: seeds 1 and 2 recorded different logs"; fi
  fi
done
[ "$plan" = full ] && want=$(( $(echo $list | wc -w) * 10 )) || want=$(( $(echo $list | wc -w) * 6 ))
got=$(grep -c '^ok' "$tmp/results")
[ "$got" = "$want" ] || { [ $nfail -gt 0 ] || nfail=1; echo "  FAIL $got of $want steps passed"; }
[ $nfail -eq 0 ] && echo "sim-workloads: passed ($got steps)" || echo "sim-workloads: $nfail failed"
exit $((nfail > 0))
