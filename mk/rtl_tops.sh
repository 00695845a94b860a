#!/bin/sh
# Print every module declared in the given SystemVerilog files that no other
# module instantiates: the tops that lint and the yosys read check elaborate.
awk '
  { sub(/\/\/.*/, "") }
  /^[ \t]*module[ \t]+[A-Za-z_]/ { m=$0; sub(/^[ \t]*module[ \t]+/, "", m); sub(/[^A-Za-z0-9_].*/, "", m); decl[m]=1; next }
  /^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*(#|[A-Za-z_][A-Za-z0-9_]*[ \t]*\()/ {
    w=$0; sub(/^[ \t]*/, "", w); sub(/[^A-Za-z0-9_].*/, "", w); inst[w]=1 }
  END { for (m in decl) if (!(m in inst)) print m }
' "$@" | sort
