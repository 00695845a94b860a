#!/bin/sh
# Area of one RRU: yosys synth_ice40 cell counts for named parameter sets.
# Usage: rru_area.sh OUT.md  (run from the repository root; make rru-area)
set -eu
out=$1
RTL="rtl/rru/rru_h3_pkg.sv rtl/rru/rru_pkg.sv rtl/rru/rru_sig_hash.sv rtl/rru/rru_signature.sv
rtl/rru/rru_recorder.sv rtl/rru/rru_log_fifo.sv rtl/rru/rru_regs.sv rtl/rru/rru_digest.sv
rtl/rru/rru_countdown.sv rtl/rru/rru.sv"
RTL=$(echo $RTL)   # one line for yosys -p
tmp=build/rru/area
mkdir -p $tmp
{
  echo "# RRU area (yosys 0.23 synth_ice40, one RRU)"
  echo
  echo "| parameter set | NCpus | signature bits (R and W each) | hashes | K | Z | log words | SB_LUT4 | SB_DFF* | SB_CARRY | SB_RAM40_4K | total cells |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$out.tmp"
# name ncpus hashes idxw k z logdepth
for set in "small-fpga 4 2 5 1 3 8" "medium 4 4 6 2 3 16" "default 4 4 8 4 4 16"; do
  set -- $set
  name=$1 n=$2 h=$3 m=$4 k=$5 z=$6 ld=$7
  log=$tmp/$name.log
  timeout 3000 yosys -q -l $log -p "read_verilog -sv $RTL; chparam -set NCpus $n -set NHash $h -set IdxW $m -set K $k -set Z $z -set LogDepth $ld rru; synth_ice40 -top rru; tee -o $tmp/$name.stat stat" >/dev/null
  cells() { awk -v c="$1" '$1 == c { s += $2 } END { print s + 0 }' $tmp/$name.stat; }
  dff=$(awk '$1 ~ /^SB_DFF/ { s += $2 } END { print s + 0 }' $tmp/$name.stat)
  total=$(awk '/Number of cells:/ { v = $4 } END { print v }' $tmp/$name.stat)
  echo "| $name | $n | $((h << m)) | $h | $k | $z | $ld | $(cells SB_LUT4) | $dff | $(cells SB_CARRY) | $(cells SB_RAM40_4K) | $total |" >> "$out.tmp"
done
echo >> "$out.tmp"
echo "The cluster's own cell count (for the <= 15% goal) comes with the cluster task." >> "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
