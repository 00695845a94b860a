#!/bin/sh
# make sim-speed: simulated cycles per second of rru-sim (the fast build) on
# tests/sim/speed.c for 1, 2, 4 and 8 harts; writes bench/results/sim-speed.md.
# rru-sim runs --cores <= 4 on its 4-hart build; the same runs on the 8-hart
# build (RRU_SIM_NO_DISPATCH=1) are measured side by side, and must take the
# same number of cycles. Both wall-clock and CPU-time rates are given: the
# build machine is shared, so the wall-clock rate depends on its load.
# Usage: sim_speed.sh RRU_SIM SPEED_ELF OUT.md
set -u
sim=$1; elf=$2; out=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

run() { # OUTFILE ENV-ASSIGNMENT N: run, check, print "cycles wall cpu instructions"
  env $2 /usr/bin/time -f "%U %S" -o "$tmp/time" timeout 900 "$sim" "$elf" --bare --cores "$3" --stats \
    >"$1" 2>&1 || { echo "sim-speed: run on $3 harts ($2) failed:" >&2; cat "$1" >&2; exit 1; }
  grep -q "^speed: ok" "$1" || { echo "sim-speed: wrong result on $3 harts" >&2; cat "$1" >&2; exit 1; }
  c=$(sed -n 's/^rru-sim: \([0-9]*\) cycles in \([0-9.]*\) s.*/\1/p' "$1")
  w=$(sed -n 's/^rru-sim: \([0-9]*\) cycles in \([0-9.]*\) s.*/\2/p' "$1")
  i=$(sed -n 's/^rru-sim: \([0-9]*\) instructions in all/\1/p' "$1")
  echo "$c $w $(awk '{print $1 + $2}' "$tmp/time") $i"
}

{
  echo "# rru-sim simulation speed"
  echo
  echo "Workload: \`tests/sim/speed.c\` (ALU, multiply, private loads/stores, a shared amoadd every"
  echo "64 iterations) on every running hart: \`rru-sim speed.elf --bare --cores N --stats\`, fast"
  echo "build (\`-O3 --x-assign fast --x-initial fast\`, \`OPT_FAST=-O2\`, one Verilator thread)."
  echo "rru-sim hands \`--cores <= 4\` to its 4-hart build (same cycles, checked here); the last"
  echo "column is the 8-hart build with harts held in reset (\`RRU_SIM_NO_DISPATCH=1\`)."
  echo "Machine: $(nproc) vCPUs shared with other jobs (load average $(cut -d' ' -f1 /proc/loadavg) at the"
  echo "start), so the wall-clock rate understates the speed; the CPU-time rate is the figure to compare."
  echo "$(date -u +%Y-%m-%d)."
  echo
  echo "| harts | cycles | IPC per hart | wall s | cycles/s (wall) | CPU s | cycles/s (CPU) | cycles/s (CPU), 8-hart build |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$out"
for n in 1 2 4 8; do
  set -- $(run "$tmp/a" "RRU_SIM_DISPATCH=1" "$n")
  c=$1 w=$2 u=$3 i=$4
  if [ "$n" -le 4 ]; then
    set -- $(run "$tmp/b" "RRU_SIM_NO_DISPATCH=1" "$n")
    [ "$1" = "$c" ] || { echo "sim-speed: 4-hart and 8-hart builds differ on $n harts ($c vs $1 cycles)" >&2; exit 1; }
    u8=$3
  else
    u8=$u
  fi
  awk -v n="$n" -v c="$c" -v w="$w" -v i="$i" -v u="$u" -v u8="$u8" 'BEGIN {
    printf "| %d | %d | %.3f | %.2f | %.0f | %.2f | %.0f | %.0f |\n", n, c, i / n / c, w, c / w, u, c / u, c / u8 }' >>"$out"
done
cat "$out"
