#!/bin/sh
# Prints every localparam of an SV package as `NAME = value` (decimal),
# sorted: the other half of make rru-pkg-check (tests/rtl/rru_pkg_check.c).
sed -n 's/^ *localparam [^=]* \([A-Z][A-Z0-9_]*\) *= *\([^;]*\);.*/\1 \2/p' "$1" |
while read -r name val; do
  case $val in
    *"'h"*) v=$((0x${val#*\'h})) ;;
    *"'d"*) v=${val#*\'d} ;;
    *) v=$val ;;
  esac
  echo "$name = $v"
done | sort
