#!/bin/sh
# make rru-soc-bench: recording overhead of the RRUs on the cluster and their
# area. Usage: tests/sim/rru_soc_bench.sh SIM ELFDIR OUT.md [cores]
# (run from the repository root).
# Overhead: each recording program (tests/sim/recrace and the tests/sim
# programs run in U-mode, rec-*) on the fast rru-sim, side by side with and
# without recording (--rru-off: the program issues no RRU command), no
# latency seed (deterministic), same build. Area: yosys synth_ice40 cells of
# one RRU (the SoC's default parameter set) and of the 4-hart cluster
# (rru_soc, 16 KiB RAM for synthesis) with and without its RRUs.
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
SOC_DIRS="rtl/common rtl/core rtl/mem rtl/rru rtl/soc"
RTL="$(ls $(for d in $SOC_DIRS; do echo $d/*_pkg.sv; done)) $(ls $(for d in $SOC_DIRS; do echo $d/*.sv; done) | grep -v '_pkg.sv$')"
RTL=$(echo $RTL)
area() { # name top chparams
  timeout 3000 nice yosys -q -l $tmp/$1.log -p "read_verilog -sv $RTL; chparam $3 $2; synth_ice40 -top $2; tee -o $tmp/$1.stat stat" >/dev/null
  awk '/Number of cells:/ { v = $4 } END { print v }' $tmp/$1.stat
}
rru=$(area rru rru "-set NCpus 4 -set NHash 4 -set IdxW 8 -set Family 0 -set K 4 -set Z 4 -set LogDepth 16")
with=$(area soc_rru rru_soc "-set NCores 4 -set RamBytes 16384 -set EnableRru 1")
without=$(area soc_norru rru_soc "-set NCores 4 -set RamBytes 16384 -set EnableRru 0")
{
  echo
  echo "## Area (yosys 0.23 synth_ice40, total cells)"
  echo
  echo "| what | cells | share of the cluster with RRUs |"
  echo "|---|---|---|"
  echo "| one RRU (1024-bit H3 x4, K=4, Z=4, 16-word log) | $rru | $(awk -v a=$rru -v b=$with 'BEGIN { printf "%.1f%%", 100 * a / b }') |"
  echo "| 4 RRUs | $((4 * rru)) | $(awk -v a=$rru -v b=$with 'BEGIN { printf "%.1f%%", 400 * a / b }') |"
  echo "| cluster, 4 harts, without RRUs (EnableRru=0) | $without | |"
  echo "| cluster, 4 harts, with RRUs | $with | 100% |"
} >> "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
