#!/bin/sh
# make flash BOARD=icebreaker|hx8k|ulx3s [TARGET=sram|flash]: load a bitstream
# with openFPGALoader (Debian 0.10: board names ice40_generic, ulx3s), or
# iceprog when openFPGALoader is missing. A missing board is a clear error.
# Usage: flash.sh BOARD TARGET BITSTREAM
set -u
board=$1; target=$2; bin=$3
die() { echo "flash: $*" >&2; exit 1; }

case "$target" in
  sram|flash) ;;
  *) die "TARGET=$target: use sram (until power-off) or flash (SPI flash, kept)";;
esac
case "$board" in
  icebreaker|hx8k) ofl_board=ice40_generic;;
  ulx3s) ofl_board=ulx3s;;
  *) die "BOARD=$board: known boards are icebreaker, hx8k, ulx3s";;
esac
[ -r "$bin" ] || die "no bitstream $bin (run: make fpga, make fpga-hx8k or make fpga-kernel)"

if command -v openFPGALoader >/dev/null 2>&1; then
  if [ "$target" = flash ]; then mode=-f; else mode=-m; fi
  log=$(mktemp); trap 'rm -f "$log"' EXIT
  echo "flash: openFPGALoader -b $ofl_board $mode $bin"
  if openFPGALoader -b "$ofl_board" "$mode" "$bin" >"$log" 2>&1; then
    cat "$log"; exit 0
  fi
  cat "$log" >&2
  if grep -q -i -E 'device not found|failed to claim|no device|unable to open' "$log"; then
    die "no $board board found on USB (is it plugged in, and may this user open the FTDI device?)"
  fi
  die "openFPGALoader failed (see above)"
elif command -v iceprog >/dev/null 2>&1 && [ "$board" != ulx3s ]; then
  if [ "$target" = flash ]; then mode=""; else mode=-S; fi
  echo "flash: iceprog $mode $bin"
  # shellcheck disable=SC2086
  iceprog $mode "$bin" || die "iceprog failed: no $board board found on USB, or it did not answer"
else
  die "neither openFPGALoader nor iceprog is installed (make deps installs openfpgaloader)"
fi
