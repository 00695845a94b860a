#!/bin/sh
# iCE40 flow for one board: yosys synth_ice40 -> nextpnr-ice40 -> icetime.
# Writes OUT/base.asc (placed and routed, boot ROM = the random seed words),
# OUT/synth.log, OUT/synth_stat.txt, OUT/pnr.log, OUT/pnr_report.json,
# OUT/icetime.txt and OUT/summary.txt. Fails when the design does not fit,
# when nextpnr's Fmax is below MHZ * (100 + FPGA_MARGIN_PCT) / 100, when
# icetime's estimate misses MHZ, or when synthesis infers a latch.
# Usage: ice40_flow.sh OUT TOP DEVICE PACKAGE PCF MHZ '-chparam NAME VALUE ...' 'YOSYS_DEFINES' FILES...
set -eu
out=$1; top=$2; dev=$3; pkg=$4; pcf=$5; mhz=$6; params=$7; defs=$8
shift 8
seed=${FPGA_SEED:-1}
margin=${FPGA_MARGIN_PCT:-15}
target=$(( (mhz * (100 + margin) + 99) / 100 ))
spram=""
[ "$dev" = up5k ] && spram="-spram"
mkdir -p "$out"
rm -f "$out/base.asc"

echo "fpga: yosys synth_ice40 $top ($out/synth.log)"
# shellcheck disable=SC2086
yosys -q -l "$out/synth.log" -p "
  read_verilog -lib -specify +/ice40/cells_sim.v;
  read_verilog -sv -defer $defs -I$out $*;
  hierarchy -check -top $top $params;
  synth_ice40 -top $top $spram ${FPGA_SYNTH_FLAGS:-} -json $out/synth.json;
  tee -q -o $out/synth_stat.txt stat;
  check -assert" >/dev/null 2>&1 || { tail -30 "$out/synth.log"; exit 1; }
if grep -q -E '^Latch inferred for' "$out/synth.log" || grep -q -E 'DLATCH|SB_LATCH' "$out/synth_stat.txt"; then
  echo "fpga: synthesis inferred a latch:"; grep -E 'Latch inferred|DLATCH' "$out/synth.log" | head
  exit 1
fi

echo "fpga: nextpnr-ice40 --$dev --package $pkg --freq $target --seed $seed ($out/pnr.log)"
nextpnr-ice40 --"$dev" --package "$pkg" --pcf "$pcf" --json "$out/synth.json" \
  --asc "$out/base.asc.tmp" --freq "$target" --seed "$seed" \
  --report "$out/pnr_report.json" -l "$out/pnr.log" -q \
  || { grep -E 'ERROR|Max frequency|ICESTORM_LC|SB_RAM|SB_SPRAM' "$out/pnr.log" | tail -20; \
       echo "fpga: $top does not fit $dev or misses $target MHz (clock $mhz MHz + $margin%)"; exit 1; }

echo "fpga: icetime -c $mhz ($out/icetime.txt)"
icetime -d "$dev" -P "$pkg" -p "$pcf" -c "$mhz" -t -r "$out/icetime.txt" "$out/base.asc.tmp" \
  >"$out/icetime.log" 2>&1 || { tail -5 "$out/icetime.log"; echo "fpga: icetime: misses $mhz MHz"; exit 1; }
mv "$out/base.asc.tmp" "$out/base.asc"

{
  echo "top $top on $dev-$pkg, clock $mhz MHz (P&R target $target MHz, seed $seed)"
  grep -E '^Info: +(ICESTORM_LC|ICESTORM_RAM|ICESTORM_SPRAM|SB_IO|SB_GB|ICESTORM_PLL):' "$out/pnr.log" \
    | sed 's/^Info: *//' | tail -6
  grep -E 'Max frequency for clock' "$out/pnr.log" | tail -1 | sed 's/^Info: *//'
  grep -E 'Timing estimate' "$out/icetime.log" | sed 's/^/icetime: /'
} >"$out/summary.txt"
cat "$out/summary.txt"
