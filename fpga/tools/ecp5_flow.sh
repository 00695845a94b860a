#!/bin/sh
# ECP5 flow for the ULX3S: yosys synth_ecp5 (always; utilization table in
# OUT/utilization.txt), then nextpnr-ecp5 and ecppack where they are
# installed (Debian 12 has neither: prjtrellis is not packaged), with a clear
# message and success where they are not.
# Usage: ecp5_flow.sh OUT TOP LPF MHZ '-chparam NAME VALUE ...' 'YOSYS_DEFINES' FILES...
set -eu
out=$1; top=$2; lpf=$3; mhz=$4; params=$5; defs=$6
shift 6
seed=${FPGA_SEED:-1}
margin=${FPGA_MARGIN_PCT:-15}
target=$(( (mhz * (100 + margin) + 99) / 100 ))
mkdir -p "$out"

echo "fpga: yosys synth_ecp5 $top ($out/synth.log)"
# shellcheck disable=SC2086
yosys -q -l "$out/synth.log" -p "
  read_verilog -lib -specify +/ecp5/cells_sim.v +/ecp5/cells_bb.v;
  read_verilog -sv -defer $defs -I$out $*;
  hierarchy -check -top $top $params;
  synth_ecp5 -top $top -json $out/synth.json;
  tee -q -o $out/synth_stat.txt stat;
  check -assert" >/dev/null 2>&1 || { tail -30 "$out/synth.log"; exit 1; }
if grep -q -E '^Latch inferred for' "$out/synth.log" || grep -q -E 'DLATCH' "$out/synth_stat.txt"; then
  echo "fpga: synthesis inferred a latch"; exit 1
fi
# LUT4s, flip-flops, block RAMs, carry cells: the ECP5-85F has 83,640 LUT4s
# (41,820 slices), 83,640 FFs and 208 DP16KD (18 Kbit each).
awk -v top="$top" '
  /TRELLIS_FF/ { ff += $2 } /LUT4/ { lut += $2 } /DP16KD/ { bram += $2 }
  /CCU2C/ { ccu += $2 } /TRELLIS_DPR16X4/ { dpr += $2 } /MULT18X18D/ { dsp += $2 }
  END {
    printf "| design | LUT4 | CCU2C (2 LUT4 each) | FF | DP16KD | DPR16X4 | MULT18X18D |\n"
    printf "|---|---|---|---|---|---|---|\n"
    printf "| %s | %d | %d | %d | %d / 208 | %d | %d |\n", top, lut, ccu, ff, bram, dpr, dsp
    printf "\nLUT4 + 2*CCU2C = %d of 83,640 (%.1f%%)\n", lut + 2*ccu, 100*(lut + 2*ccu)/83640
  }' "$out/synth_stat.txt" >"$out/utilization.txt"
cat "$out/utilization.txt"

if ! command -v nextpnr-ecp5 >/dev/null 2>&1 || ! command -v ecppack >/dev/null 2>&1; then
  echo "fpga: nextpnr-ecp5/ecppack are not installed here (Debian 12 does not package"
  echo "      prjtrellis): synthesis only. On a machine with them, \`make fpga-ecp5\`"
  echo "      places, routes and packs $(dirname "$out")/ulx3s.bit."
  exit 0
fi
echo "fpga: nextpnr-ecp5 --85k --package CABGA381 --freq $target --seed $seed"
nextpnr-ecp5 --85k --package CABGA381 --lpf "$lpf" --json "$out/synth.json" \
  --textcfg "$out/pnr.config" --freq "$target" --seed "$seed" -l "$out/pnr.log" -q \
  || { grep -E 'ERROR|Max frequency' "$out/pnr.log" | tail; \
       echo "fpga: $top does not fit or misses $target MHz"; exit 1; }
ecppack --compress "$out/pnr.config" "$(dirname "$out")/ulx3s.bit"
grep -E 'Max frequency for clock' "$out/pnr.log" | tail -1
echo "fpga: $(dirname "$out")/ulx3s.bit"
