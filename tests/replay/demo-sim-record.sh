#!/bin/bash
# make demo step: record a racy program twice on rru-sim (two seeds) with the
# RRUs, show that the two executions differ, and the chunk logs' statistics.
set -eu
B=${1:-build}
rru=$B/bin/rru
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$rru" cc "$(dirname "$0")/racy_tiny.c" -o "$tmp/racy.elf"
echo "-- recording tests/replay/racy_tiny.c on rru-sim, 2 cores, seeds 1 and 2 (about a minute each):"
for s in 1 2; do
  "$rru" record --sim --cores 2 --threads 2 --seed $s --quiet "$tmp/racy.elf" -o "$tmp/run$s"
  echo "   seed $s: $(cat "$tmp/run$s"/out/*.txt | tr '\n' ';')"
done
if cmp -s "$tmp/run1/log.bin" "$tmp/run2/log.bin"; then echo "   the two chunk logs are identical"
else echo "   the two chunk logs differ (the seeds changed the bus timing and so the chunks)"; fi
echo "-- rru stats of the seed-1 recording (the DAG modes replay would use):"
"$rru" stats "$tmp/run1"
echo "(replay on the soft cores, rru replay, is not complete yet: docs/design.md §7.4)"
