#!/bin/sh
# `make demo` step: a racy program built with `rru cc`, run twice on qemu
# with 4 harts under the resident kernel, to show the non-determinism that
# openrru records and replays. Usage: firmware/demo-qemu.sh BUILD_FW_DIR RRU
set -eu
fw=$1 rru=$2
src=tests/workloads/racy_counter.c
elf=$fw/demo/racy_counter.elf
mkdir -p "$fw/demo"
echo "-- firmware: a racy C program on the resident kernel (qemu, until rru-sim arrives)"
echo "   \$ $rru cc $src -o $elf"
"$rru" cc "$src" -o "$elf"
runs=""
for i in 1 2; do
  echo "   \$ firmware/qemu-run.sh -v -s 4 -t 6 $elf      # run $i: 4 harts, 6 threads"
  out=$(firmware/qemu-run.sh -v -s 4 -t 6 "$elf")
  echo "$out" | sed 's/^/     /'
  runs="$runs$(echo "$out" | sed -n 's/.*(\([0-9]*\) lost updates).*/\1/p') "
done
set -- $runs
echo "   Six threads incremented one counter without a lock: run 1 lost $1 updates, run 2 lost $2."
if [ "$1" != "$2" ]; then
  echo "   The two runs interleaved differently (the atomic and locked counters were exact"
  echo "   both times): that interleaving is what openrru will record and replay."
else
  echo "   (Both runs lost the same number this time; the interleaving still differs run to run.)"
fi
echo "   The kernel moved threads between harts (migrations above) and preempted them"
echo "   with the timer; every thread's output is printed whole and tagged [tN]."
