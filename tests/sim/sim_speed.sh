#!/bin/sh
# make sim-speed: simulated cycles per second of rru-sim (the fast build) on
# tests/sim/speed.c for 1, 2, 4 and 8 harts; writes bench/results/sim-speed.md.
# rru-sim runs --cores <= 4 on its 4-hart build; the same runs on the 8-hart
# build (RRU_SIM_NO_DISPATCH=1) are measured side by side, and must take the
# same number of cycles. Both wall-clock and CPU-time rates are given: the
# build machine is shared, so the wall-clock rate depends on its load.
# With OLD_RRU_SIM (another rru-sim, e.g. one built from an earlier commit,
# with its rru-sim-4 next to it) each run is repeated on it right after, so
# both are measured in the same conditions: two more columns, its CPU-time
# rate and new/old. It must take the same cycles (same RTL behaviour).
# Every figure is the fastest (least CPU time) of RUNS runs (default 3),
# which filters out most of the other jobs' interference.
# Usage: sim_speed.sh RRU_SIM SPEED_ELF OUT.md [OLD_RRU_SIM]
set -u
sim=$1; elf=$2; out=$3; old=${4:-}
runs=${RUNS:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

run() { # OUTFILE ENV-ASSIGNMENT N [SIM]: run, check, print "cycles wall cpu instructions"
  env $2 /usr/bin/time -f "%U %S" -o "$tmp/time" timeout 900 "${4:-$sim}" "$elf" --bare --cores "$3" --stats \
    >"$1" 2>&1 || { echo "sim-speed: run on $3 harts ($2) failed:" >&2; cat "$1" >&2; exit 1; }
  grep -q "^speed: ok" "$1" || { echo "sim-speed: wrong result on $3 harts" >&2; cat "$1" >&2; exit 1; }
  c=$(sed -n 's/^rru-sim: \([0-9]*\) cycles in \([0-9.]*\) s.*/\1/p' "$1")
  w=$(sed -n 's/^rru-sim: \([0-9]*\) cycles in \([0-9.]*\) s.*/\2/p' "$1")
  i=$(sed -n 's/^rru-sim: \([0-9]*\) instructions in all/\1/p' "$1")
  echo "$c $w $(awk '{print $1 + $2}' "$tmp/time") $i"
}
best() { # same arguments as run: the run with the least CPU time of $runs
  local r b=""
  for _ in $(seq "$runs"); do
    r=$(run "$@") || exit 1
    if [ -z "$b" ] || awk -v a="$r" -v b="$b" 'BEGIN { split(a, x); split(b, y); exit !(x[3] < y[3]) }'; then
      b=$r
    fi
  done
  echo "$b"
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
  echo "start), so the wall-clock rate understates the speed; the CPU-time rate is the figure to compare"
  echo "(each figure: the fastest of $runs runs)."
  echo "$(date -u +%Y-%m-%d). Goal (issue 4): 1 M cycles/s or more at 4 harts, one Verilator thread."
  [ -n "$old" ] && echo "Old: \`$old\`, run after the new build on the same hart count (its 4-hart build for <= 4 harts)."
  echo
  if [ -n "$old" ]; then
    echo "| harts | cycles | IPC per hart | wall s | cycles/s (wall) | CPU s | cycles/s (CPU) | cycles/s (CPU), 8-hart build | old: cycles/s (CPU) | new/old |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  else
    echo "| harts | cycles | IPC per hart | wall s | cycles/s (wall) | CPU s | cycles/s (CPU) | cycles/s (CPU), 8-hart build |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  fi
} >"$out"
for n in 1 2 4 8; do
  set -- $(best "$tmp/a" "RRU_SIM_DISPATCH=1" "$n")
  [ $# -eq 4 ] || exit 1  # the run failed (message above)
  c=$1 w=$2 u=$3 i=$4
  if [ "$n" -le 4 ]; then
    set -- $(best "$tmp/b" "RRU_SIM_NO_DISPATCH=1" "$n")
    [ $# -eq 4 ] || exit 1  # the run failed (message above)
    [ "$1" = "$c" ] || { echo "sim-speed: 4-hart and 8-hart builds differ on $n harts ($c vs $1 cycles)" >&2; exit 1; }
    u8=$3
  else
    u8=$u
  fi
  extra=""
  if [ -n "$old" ]; then
    set -- $(best "$tmp/o" "RRU_SIM_DISPATCH=1" "$n" "$old")
    [ $# -eq 4 ] || exit 1  # the run failed (message above)
    [ "$1" = "$c" ] || { echo "sim-speed: old and new rru-sim differ on $n harts ($1 vs $c cycles)" >&2; exit 1; }
    extra=$(awk -v c="$c" -v u="$u" -v uo="$3" 'BEGIN { printf " %.0f | %.2f |", c / uo, uo / u }')
  fi
  awk -v n="$n" -v c="$c" -v w="$w" -v i="$i" -v u="$u" -v u8="$u8" -v x="$extra" 'BEGIN {
    printf "| %d | %d | %.3f | %.2f | %.0f | %.2f | %.0f | %.0f |%s\n", n, c, i / n / c, w, c / w, u, c / u, c / u8, x }' >>"$out"
done
cat "$out"
