#!/bin/sh
# make rru-soc-area: yosys synth_ice40 cells of one RRU (the SoC's default
# parameter set) and of the 4-hart cluster (rru_soc, 16 KiB RAM for
# synthesis) with and without its RRUs. Usage: rru_soc_area.sh OUT.md
# (run from the repository root). Slow: each synthesis takes tens of minutes.
set -eu
out=$1
tmp=build/rru/soc-area
mkdir -p $tmp
SOC_DIRS="rtl/common rtl/core rtl/mem rtl/rru rtl/soc"
RTL=$(for d in $SOC_DIRS; do ls $d/*_pkg.sv 2>/dev/null || true; done
     for d in $SOC_DIRS; do ls $d/*.sv | grep -v '_pkg.sv$'; done)
RTL=$(echo $RTL)
area() { # name top chparams
  timeout 3000 nice yosys -q -l $tmp/$1.log -p "read_verilog -sv $RTL; chparam $3 $2; synth_ice40 -top $2; tee -o $tmp/$1.stat stat" >/dev/null
  awk '/Number of cells:/ { v = $4 } END { print v }' $tmp/$1.stat
}
rru=$(area rru rru "-set NCpus 4 -set NHash 4 -set IdxW 8 -set Family 0 -set K 4 -set Z 8 -set LogDepth 16")
with=$(area soc_rru rru_soc "-set NCores 4 -set RamBytes 16384 -set EnableRru 1")
without=$(area soc_norru rru_soc "-set NCores 4 -set RamBytes 16384 -set EnableRru 0")
{
  echo "# RRUs on the cluster: area"
  echo
  echo "## Area (yosys 0.23 synth_ice40, total cells)"
  echo
  echo "| what | cells | share of the cluster with RRUs |"
  echo "|---|---|---|"
  echo "| one RRU (1024-bit H3 x4, K=4, Z=8, 16-word log) | $rru | $(awk -v a=$rru -v b=$with 'BEGIN { printf "%.1f%%", 100 * a / b }') |"
  echo "| 4 RRUs | $((4 * rru)) | $(awk -v a=$rru -v b=$with 'BEGIN { printf "%.1f%%", 400 * a / b }') |"
  echo "| cluster, 4 harts, without RRUs (EnableRru=0) | $without | |"
  echo "| cluster, 4 harts, with RRUs | $with | 100% |"
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
