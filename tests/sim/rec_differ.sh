#!/bin/sh
# tests/sim/rec_differ.sh DIR PROG...: the logs of seeds 1 and 2 (same
# program, same core count) must differ: the recording sees the races.
set -u
dir=$1; shift
for p in "$@"; do
  for n in 2 4; do
    a=$dir/rec-$p-$n-1.log b=$dir/rec-$p-$n-2.log
    if cmp -s "$a" "$b"; then echo "FAIL $p on $n harts: seeds 1 and 2 gave the same log"; exit 1; fi
    echo "ok   $p on $n harts: seeds 1 and 2 give different logs ($(grep -c '^c ' "$a") vs $(grep -c '^c ' "$b") chunks)"
  done
done
# The CLI path agrees (rru model --check on the RTL's trace and log), and it
# has teeth: the model with another table size K must disagree.
rru=${RRU:-build/bin/rru}
t=$dir/rec-recrace-4-1.trace l=$dir/rec-recrace-4-1.log
if ! "$rru" model "$t" --table 4 --check "$l" >/dev/null; then echo "FAIL rru model --check on $l"; exit 1; fi
if "$rru" model "$t" --table 2 --check "$l" >/dev/null 2>&1; then
  echo "FAIL rru model --table 2 --check $l agreed: the check has no teeth"; exit 1
fi
echo "ok   rru model --check agrees with the RTL log of recrace (4 harts) and rejects K=2"
