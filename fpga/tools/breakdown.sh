#!/bin/sh
# Per-block resource breakdown of a board top: yosys synthesis without
# flattening (so each module keeps its cells; the flattened build of
# `make fpga` is a few percent smaller), counts multiplied by the instance
# counts, summed into blocks: cores, caches, bus, RAM, devices, board, RRUs.
# Prints markdown table rows "| board | block | LUT4 | FF | carry | BRAM | SPRAM |".
# Usage: breakdown.sh OUT FAMILY(ice40|ecp5) LABEL TOP '-chparam ...' 'DEFINES' FILES...
set -eu
out=$1; fam=$2; label=$3; top=$4; params=$5; defs=$6
shift 6
mkdir -p "$out"
if [ "$fam" = ice40 ]; then extra="-spram"; lib=""; else extra=""; lib="+/ecp5/cells_bb.v"; fi
# shellcheck disable=SC2086
yosys -q -l "$out/breakdown.log" -p "
  read_verilog -lib -specify +/$fam/cells_sim.v $lib;
  read_verilog -sv -defer $defs -I$out $*;
  hierarchy -check -top $top $params;
  synth_$fam -top $top $extra -noflatten;
  tee -q -o $out/breakdown_stat.txt stat" >/dev/null 2>&1 \
  || { tail -20 "$out/breakdown.log" >&2; exit 1; }
awk -v label="$label" '
  function block(m) {
    if (m ~ /rru_core/) return "cores"
    if (m ~ /rru_icache|rru_dcache/) return "caches"
    if (m ~ /rru_bus|rru_rr_arbiter|rru_memsys|rru_swmr/) return "bus"
    if (m ~ /rru_ram/) return "RAM + boot ROM"
    if (m ~ /rru_rru/) return "RRUs"
    if (m ~ /rru_clint|rru_simctl|rru_uart|rru_finisher|rru_soc/) return "devices (CLINT, UART, simctl)"
    return "board (UART serdes, reset, LEDs, PLL)"
  }
  /^=== design hierarchy ===/ { hier = 1; next }
  /^=== / { mod = $2; hier = 0; next }
  hier && NF == 2 && $2 ~ /^[0-9]+$/ { inst[$1] = $2; next }
  hier { next }
  $1 ~ /^(SB_LUT4|LUT4)$/ { lut[mod] += $2 }
  $1 ~ /^(SB_DFF|TRELLIS_FF)/ { ff[mod] += $2 }
  $1 ~ /^(SB_CARRY|CCU2C)$/ { cy[mod] += $2 }
  $1 ~ /^(SB_RAM40_4K|DP16KD)$/ { br[mod] += $2 }
  $1 ~ /^SB_SPRAM256KA$/ { sp[mod] += $2 }
  $1 ~ /^TRELLIS_DPR16X4$/ { lut[mod] += 4 * $2 }
  END {
    for (m in lut) mods[m] = 1
    for (m in ff) mods[m] = 1
    for (m in br) mods[m] = 1
    for (m in mods) {
      n = (m in inst) ? inst[m] : 1
      b = block(m); blocks[b] = 1
      L[b] += n * lut[m]; F[b] += n * ff[m]; C[b] += n * cy[m]; R[b] += n * br[m]; S[b] += n * sp[m]
      tl += n * lut[m]; tf += n * ff[m]; tc += n * cy[m]; tr += n * br[m]; ts += n * sp[m]
    }
    order = "cores|caches|bus|RAM + boot ROM|devices (CLINT, UART, simctl)|board (UART serdes, reset, LEDs, PLL)|RRUs"
    k = split(order, o, "|")
    for (i = 1; i <= k; i++) if (o[i] in blocks)
      printf "| %s | %s | %d | %d | %d | %d | %d |\n", label, o[i], L[o[i]], F[o[i]], C[o[i]], R[o[i]], S[o[i]]
    printf "| %s | **total** | **%d** | **%d** | **%d** | **%d** | **%d** |\n", label, tl, tf, tc, tr, ts
  }' "$out/breakdown_stat.txt"
