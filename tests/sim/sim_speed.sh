#!/bin/sh
# make sim-speed: simulated cycles per second of rru-sim (the fast build) on
# tests/sim/speed.c for 1, 2, 4 and 8 harts; writes bench/results/sim-speed.md.
# Both wall-clock and CPU-time rates are given: the build machine is shared,
# so the wall-clock rate depends on its load; the CPU-time rate does not.
# Usage: sim_speed.sh RRU_SIM SPEED_ELF OUT.md
set -u
sim=$1; elf=$2; out=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
{
  echo "# rru-sim simulation speed"
  echo
  echo "Workload: \`tests/sim/speed.c\` (ALU, multiply, private loads/stores, a shared amoadd every"
  echo "64 iterations) on every running hart, \`rru-sim --bare --cores N --stats\`, fast build"
  echo "(8-hart SoC, unused harts held in reset; one Verilator thread)."
  echo "Machine: $(nproc) vCPUs, load average $(cut -d' ' -f1 /proc/loadavg) at the start; $(date -u +%Y-%m-%d)."
  echo
  echo "| harts | cycles | instructions | IPC per hart | wall s | cycles/s (wall) | CPU s | cycles/s (CPU time) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$out"
for n in 1 2 4 8; do
  /usr/bin/time -f "%U %S" -o "$tmp/time" timeout 900 "$sim" "$elf" --bare --cores "$n" --stats \
    >"$tmp/out" 2>&1 || { echo "sim-speed: run on $n harts failed:"; cat "$tmp/out"; exit 1; }
  grep -q "^speed: ok" "$tmp/out" || { echo "sim-speed: wrong result on $n harts"; cat "$tmp/out"; exit 1; }
  cyc=$(sed -n 's/^rru-sim: \([0-9]*\) cycles in \([0-9.]*\) s.*/\1/p' "$tmp/out")
  wall=$(sed -n 's/^rru-sim: \([0-9]*\) cycles in \([0-9.]*\) s.*/\2/p' "$tmp/out")
  ins=$(sed -n 's/^rru-sim: \([0-9]*\) instructions in all/\1/p' "$tmp/out")
  cpu=$(awk '{print $1 + $2}' "$tmp/time")
  awk -v n="$n" -v c="$cyc" -v w="$wall" -v i="$ins" -v u="$cpu" 'BEGIN {
    printf "| %d | %d | %d | %.3f | %.2f | %.0f | %.2f | %.0f |\n", n, c, i, i / n / c, w, c / w, u, c / u }' >>"$out"
done
cat "$out"
