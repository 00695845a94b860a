#!/bin/bash
# make demo step: record a racy program twice on rru-sim (two seeds) with the
# RRUs, show that the two executions differ, replay each on the soft cores
# in parallel (MaxPar DAG, under another seed) and show that each replay
# reproduced its own recording; then the logs' statistics.
set -eu
B=${1:-build}
rru=$B/bin/rru
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$rru" cc "$(dirname "$0")/racy_tiny.c" -o "$tmp/racy.elf"
echo "-- recording tests/replay/racy_tiny.c on rru-sim, 2 cores, seeds 1 and 2 (about 15 s each):"
for s in 1 2; do
  "$rru" record --sim --cores 2 --threads 2 --seed $s --quiet "$tmp/racy.elf" -o "$tmp/run$s" 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  echo "   seed $s: $(cat "$tmp/run$s"/out/*.txt | tr '\n' ';')"
done
if cmp -s "$tmp/run1/out/0.txt" "$tmp/run2/out/0.txt" && cmp -s "$tmp/run1/out/1.txt" "$tmp/run2/out/1.txt"; then
  echo "   the two executions printed the same (the chunk logs still differ: $(cmp -s "$tmp/run1/log.bin" "$tmp/run2/log.bin" && echo no || echo yes))"
else
  echo "   the two executions disagree: the race went differently"
fi
echo "-- replaying each recording on rru-sim (MaxPar DAG, parallel, under seed 99):"
for s in 1 2; do
  printf '   seed %s: ' $s
  "$rru" replay --sim "$tmp/run$s" --mode maxpar --seed 99 --quiet >"$tmp/out" 2>"$tmp/err" ||
    { cat "$tmp/out" "$tmp/err" >&2; exit 1; }
  cat "$tmp/out"
done
echo "-- rru stats of the seed-1 recording:"
"$rru" stats "$tmp/run1"
