#!/bin/sh
# Area of one RRU: yosys synth_ice40 cell counts for named parameter sets,
# then, for the small-FPGA set, the cells of each submodule
# (synth_ice40 -noflatten). Everything from the line "<!-- notes -->" of
# OUT.md on (hand-written analysis) is kept.
# Usage: rru_area.sh OUT.md  (run from the repository root; make rru-area)
# RRU_AREA_SETS="small-fpga medium" limits the sets (the default set takes
# well over 20 minutes on a 2-core machine).
set -eu
out=$1
RTL="rtl/rru/rru_h3_pkg.sv rtl/rru/rru_pkg.sv rtl/rru/rru_sig_hash.sv rtl/rru/rru_signature.sv
rtl/rru/rru_recorder.sv rtl/rru/rru_log_fifo.sv rtl/rru/rru_regs.sv rtl/rru/rru_digest.sv
rtl/rru/rru_countdown.sv rtl/rru/rru.sv"
RTL=$(echo $RTL)   # one line for yosys -p
sets=${RRU_AREA_SETS:-small-fpga medium default}
tmp=build/rru/area
mkdir -p $tmp
# name ncpus hashes idxw k z logdepth reasoncnt
params() {
  case $1 in
    small-fpga) echo "4 2 5 1 3 8 0" ;;
    medium)     echo "4 4 6 2 3 16 1" ;;
    default)    echo "4 4 8 4 4 16 1" ;;
    *) echo "rru_area.sh: unknown set $1" >&2; exit 2 ;;
  esac
}
chp() { echo "-set NCpus $1 -set NHash $2 -set IdxW $3 -set K $4 -set Z $5 -set LogDepth $6 -set ReasonCnt $7"; }
{
  echo "# RRU area (yosys 0.23 synth_ice40, one RRU)"
  echo
  echo "| parameter set | NCpus | signature bits (R and W each) | hashes | K | Z | log words | reason counters | SB_LUT4 | SB_DFF* | SB_CARRY | SB_RAM40_4K | total cells |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$out.tmp"
for name in $sets; do
  set -- $(params $name)
  n=$1 h=$2 m=$3 k=$4 z=$5 ld=$6 rc=$7
  log=$tmp/$name.log
  timeout 3000 yosys -q -l $log -p "read_verilog -sv $RTL; chparam $(chp "$@") rru; synth_ice40 -top rru; tee -o $tmp/$name.stat stat" >/dev/null
  cells() { awk -v c="$1" '$1 == c { s += $2 } END { print s + 0 }' $tmp/$name.stat; }
  dff=$(awk '$1 ~ /^SB_DFF/ { s += $2 } END { print s + 0 }' $tmp/$name.stat)
  total=$(awk '/Number of cells:/ { v = $4 } END { print v }' $tmp/$name.stat)
  rcs=yes; [ "$rc" = 0 ] && rcs=no
  echo "| $name | $n | $((h << m)) | $h | $k | $z | $ld | $rcs | $(cells SB_LUT4) | $dff | $(cells SB_CARRY) | $(cells SB_RAM40_4K) | $total |" >> "$out.tmp"
done

# Per submodule, small-FPGA set: cells of one instance (rru_signature and
# rru_sig_hash have two instances each; the total counts them).
set -- $(params small-fpga)
cmd="read_verilog -sv <rtl/rru files>; chparam $(chp "$@") rru; synth_ice40 -top rru -noflatten; stat"
timeout 3000 yosys -q -l $tmp/hier.log -p "read_verilog -sv $RTL; chparam $(chp "$@") rru; synth_ice40 -top rru -noflatten; tee -o $tmp/hier.stat stat" >/dev/null
{
  echo
  echo "## Where the cells go (small-fpga set)"
  echo
  echo "\`yosys -p \"$cmd\"\` (hierarchical, so a few cells more than the flat row above):"
  echo
  echo "| module | instances | SB_LUT4 | SB_DFF* | SB_CARRY | cells (all instances) |"
  echo "|---|---|---|---|---|---|"
  awk '
    /^=== / { m = $2; sub(/^\$paramod\$[0-9a-f]*\\/, "", m); if (m == "design") m = ""; next }
    m != "" && $1 ~ /^SB_LUT4$/  { lut[m] += $2 }
    m != "" && $1 ~ /^SB_DFF/    { dff[m] += $2 }
    m != "" && $1 ~ /^SB_CARRY$/ { car[m] += $2 }
    m != "" && /^ +[^ ]*(rru_[a-z_]+) +[0-9]+$/ { sub(/^\$paramod\$[0-9a-f]*\\/, "", $1); inst[$1] += $2 }
    END {
      inst["rru"] = 1
      n = split("rru_recorder rru_signature rru_sig_hash rru_regs rru_log_fifo rru_digest rru_countdown rru", order, " ")
      for (i = 1; i <= n; i++) {
        x = order[i]; c = inst[x] * (lut[x] + dff[x] + car[x])
        tl += inst[x] * lut[x]; td += inst[x] * dff[x]; tc += inst[x] * car[x]
        printf "| %s | %d | %d | %d | %d | %d |\n", x, inst[x], lut[x] + 0, dff[x] + 0, car[x] + 0, c
      }
      printf "| **total** | | %d | %d | %d | %d |\n", tl, td, tc, tl + td + tc
    }' $tmp/hier.stat
} >> "$out.tmp"
if [ -f "$out" ] && grep -q '^<!-- notes -->' "$out"; then
  echo >> "$out.tmp"
  sed -n '/^<!-- notes -->/,$p' "$out" >> "$out.tmp"
fi
mv "$out.tmp" "$out"
cat "$out"
