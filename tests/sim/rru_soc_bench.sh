#!/bin/sh
# make rru-soc-bench: recording overhead of the RRUs on the cluster and their
# area. Usage: tests/sim/rru_soc_bench.sh SIM ELFDIR OUT.md [cores]
# (run from the repository root).
# Overhead: each recording program (tests/sim/recrace and the tests/sim
# programs run in U-mode, rec-*) on the fast rru-sim, side by side with and
# without recording (--rru-off: the program issues no RRU command), no
# latency seed (deterministic), same build. The area figure is
# tests/sim/rru_soc_area.sh (make rru-soc-area: long yosys runs).
set -eu
sim=$1 dir=$2 out=$3 n=${4:-4}
tmp=build/rru/soc-bench
mkdir -p $tmp
{
  echo "# RRUs on the cluster: recording overhead and area"
  echo
  echo "## Recording overhead ($n harts, rru-sim, no latency seed)"
  echo
  echo "Cycles to the finisher with every hart recording its U-mode work vs the same binary"
  echo "with recording off (\`--rru-off\`), measured side by side on the same build."
  echo
  echo "| program | cycles, not recording | cycles, recording | ratio | chunks | stall cycles (all harts) |"
  echo "|---|---|---|---|---|---|"
} > "$out.tmp"
for elf in "$dir"/recrace.elf "$dir"/rec-*.elf; do
  p=$(basename "$elf" .elf)
  timeout 600 "$sim" "$elf" --bare --cores "$n" --stats --rru-off >$tmp/$p.off 2>&1
  timeout 600 "$sim" "$elf" --bare --cores "$n" --stats >$tmp/$p.on 2>&1
  off=$(sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' $tmp/$p.off)
  on=$(sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' $tmp/$p.on)
  chunks=$(awk '/^rru-sim: rru [0-9]+:/ { s += $4 } END { print s + 0 }' $tmp/$p.on)
  stalls=$(sed -n 's/.*, \([0-9]*\) stall cycles$/\1/p' $tmp/$p.on | awk '{ s += $1 } END { print s + 0 }')
  ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.4f", a / b }')
  echo "| $p | $off | $on | $ratio | $chunks | $stalls |" >> "$out.tmp"
done
{
  echo
  echo "Stall cycles: cycles a hart's retirement was held (log path full). Data-request"
  echo "issue holds (fewer than 4 free slots, docs/design.md §2.7) show in the cycle ratio."
} >> "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
