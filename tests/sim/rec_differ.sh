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
